"""The HTTP API and web UI (FastAPI): ``create_app(store, token=...)``."""
from .app import create_app, error_body

__all__ = ["create_app", "error_body"]
