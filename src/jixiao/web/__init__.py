"""The web app (``jixiao serve``): server-rendered Chinese pages and a JSON API on the store.

``app.create_app`` builds the FastAPI application; every module of :mod:`jixiao.web.routes`
contributes its ``router``.  Accounts, sessions, CSRF and throttling live in ``security``; the
request-scoped helpers every route uses (session, current user, visibility, rendering, audit trail)
in ``deps``.
"""
