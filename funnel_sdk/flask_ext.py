"""A Flask extension: ``{{ reassure_block("checkout") }}`` in every template.

    from flask import Flask
    from funnel_sdk.flask_ext import Reassure

    app = Flask(__name__)
    app.config.update(REASSURE_URL="https://reassure.example.com", REASSURE_SITE="my-shop")
    reassure = Reassure(app)

Config: ``REASSURE_URL``, ``REASSURE_SITE`` (required unless a client is given),
``REASSURE_TOKEN`` (admin calls only), ``REASSURE_TIMEOUT`` (seconds, default 2: a page
should not wait long), ``REASSURE_LOCALE`` (fixed locale; default: the best of en/fr for
the request's Accept-Language, else the site's default).
"""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request

from .client import Client
from .jinja import make_helper
from .models import State

SUPPORTED_LOCALES = ("en", "fr")


class Reassure:
    """Holds one Client per app (``app.extensions["reassure"]``) and registers the
    ``reassure_block`` template function."""

    def __init__(self, app: Flask | None = None, client: Client | None = None) -> None:
        self._client = client
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        client = self._client or Client(
            app.config["REASSURE_URL"],
            app.config["REASSURE_SITE"],
            token=app.config.get("REASSURE_TOKEN"),
            timeout=app.config.get("REASSURE_TIMEOUT", 2.0),
        )
        app.extensions["reassure"] = client
        app.jinja_env.globals["reassure_block"] = make_helper(client, locale=_request_locale)

    @property
    def client(self) -> Client:
        return current_app.extensions["reassure"]

    def state(self, slot: str | None = None, locale: str | None = None) -> State:
        """The state for the current request's locale, for views that need more than HTML."""
        return self.client.state(locale=locale or _request_locale(), slot=slot)


def _request_locale() -> str | None:
    fixed = current_app.config.get("REASSURE_LOCALE")
    if fixed or not has_request_context():
        return fixed
    return request.accept_languages.best_match(SUPPORTED_LOCALES)
