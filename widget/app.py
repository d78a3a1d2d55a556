"""Application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_cors import CORS

from reassure import settings
from reassure.store import connect

from . import admin, docs, errors, public
from .limits import limiter

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def create_app(redis_url: str | None = None) -> Flask:
    config = settings.load()
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.config["REASSURE_SETTINGS"] = config
    app.config["STATIC_DIR"] = STATIC_DIR
    url = redis_url or config.redis_address
    app.extensions["redis"] = connect(url)
    app.config["RATELIMIT_STORAGE_URI"] = url
    limiter.init_app(app)
    # Public reads may be embedded by any page. A literal "*" (not the echoed origin) keeps
    # one cached copy valid for every page behind a CDN.
    CORS(
        app,
        resources={
            r"/v1/sites/[^/]+/(state|events|beacon)": {"origins": "*"},
            r"(/v/[0-9a-f]+)?/widget\.js": {"origins": "*"},  # for crossorigin/SRI embeds
        },
        send_wildcard=True,
        max_age=600,
    )
    errors.register(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(docs.bp)
    return app
