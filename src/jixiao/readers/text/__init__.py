"""The text backend: plain text exported from spreadsheets, PDFs and web pages."""
