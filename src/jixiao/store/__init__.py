"""The store: documents, forms, indicators, findings and value sources in SQLite or PostgreSQL.

``db.open_store(url)`` gives a ready engine (created or migrated as needed, or a clear
:class:`db.StoreError`); ``ingest.ingest(engine, paths)`` fills it; ``write.write_document``
stores one processed document in one transaction.  The store knows forms, not file formats.
"""
