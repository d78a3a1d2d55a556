"""The OpenAPI document of the public and admin API. It is written as widget/openapi.yaml,
read once when the app starts (a broken document stops the start, not a later request) and
served as JSON at /v1/openapi.json."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml
from flask import Blueprint, Response, current_app, request

SPEC_PATH = Path(__file__).resolve().parent / "openapi.yaml"
CACHE = "public, max-age=300"

bp = Blueprint("docs", __name__)


def load(path: Path = SPEC_PATH) -> dict:
    """The document as plain JSON data (YAML's dates and numeric keys become strings)."""
    with path.open(encoding="utf-8") as file:
        document = yaml.safe_load(file)
    return json.loads(json.dumps(document, default=str))


@bp.record_once
def _load_at_start(state) -> None:
    text = json.dumps(load(), ensure_ascii=False, separators=(",", ":"))
    state.app.config["OPENAPI_JSON"] = text
    state.app.config["OPENAPI_ETAG"] = hashlib.sha256(text.encode()).hexdigest()[:16]


@bp.get("/v1/openapi.json")
def openapi_json():
    response = Response(current_app.config["OPENAPI_JSON"], mimetype="application/json")
    response.set_etag(current_app.config["OPENAPI_ETAG"])
    response.headers["Cache-Control"] = CACHE
    # Readable by API explorers on any origin; it holds nothing a site's token protects.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response.make_conditional(request)
