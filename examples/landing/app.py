"""A custom landing page built with funnel_sdk: Flask + Jinja2, server-rendered, no JavaScript.

    REASSURE_URL=http://127.0.0.1:8000 REASSURE_SITE=demo python examples/landing/app.py

then open http://127.0.0.1:5000/ (and /checkout). The reassurance blocks follow the site's
crisis level; when the Reassure API is down the page still renders, with the last known
blocks or none.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, render_template

from funnel_sdk.flask_ext import Reassure

reassure = Reassure()


def create_app(base_url: str | None = None, site: str | None = None) -> Flask:
    app = Flask(__name__, root_path=str(Path(__file__).resolve().parent))
    app.config.update(
        REASSURE_URL=base_url or os.environ.get("REASSURE_URL", "http://127.0.0.1:8000"),
        REASSURE_SITE=site or os.environ.get("REASSURE_SITE", "demo"),
        REASSURE_TIMEOUT=2.0,
    )
    reassure.init_app(app)

    @app.get("/")
    def landing():
        return render_template("landing.html", state=reassure.state())

    @app.get("/checkout")
    def checkout():
        return render_template("checkout.html")

    return app


if __name__ == "__main__":
    create_app().run(port=int(os.environ.get("PORT", "5000")))
