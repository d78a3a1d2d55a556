"""The Flask app: public widget API, admin API, widget delivery, live events."""

from .app import create_app

__all__ = ["create_app"]
