"""Route modules: each public module defines ``router: APIRouter``; ``create_app`` includes them
all.  Modules whose name starts with ``_`` are helpers."""
