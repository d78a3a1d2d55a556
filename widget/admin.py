"""Admin API: a site's bearer token is required for every call."""

from __future__ import annotations

import functools

from flask import Blueprint, current_app, request

from reassure import ingest, sites, state
from reassure.errors import InvalidInput

from .errors import ApiError

bp = Blueprint("admin", __name__, url_prefix="/v1/sites/<site>")


def _redis():
    return current_app.extensions["redis"]


def admin_only(view):
    """Check the site exists (404), then its bearer token (401)."""

    @functools.wraps(view)
    def wrapper(site: str, **kwargs):
        r = _redis()
        sites.get_site(r, site)
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(
                401,
                "missing_token",
                "send the site's admin token as 'Authorization: Bearer TOKEN'",
                "Authorization",
            )
        if not sites.token_is_valid(r, site, token.strip()):
            raise ApiError(
                401, "invalid_token", "the admin token is wrong for this site", "Authorization"
            )
        return view(site, **kwargs)

    return wrapper


def json_body() -> dict:
    if not request.is_json:
        raise ApiError(
            415,
            "unsupported_media_type",
            "send JSON with Content-Type: application/json",
            "Content-Type",
        )
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "invalid_json", "the body is not valid JSON", "body")
    if not isinstance(data, dict):
        raise InvalidInput.one("body", "expected a JSON object")
    return data


@bp.post("/mentions")
@admin_only
def post_mentions(site: str):
    result = ingest.ingest(_redis(), site, json_body())
    return result.as_dict(), 202


@bp.get("/admin/state")
@admin_only
def admin_state(site: str):
    return state.read(_redis(), site).as_dict()


@bp.get("/history")
@admin_only
def history(site: str):
    limit = request.args.get("limit", "100")
    if not limit.isdigit() or not 1 <= int(limit) <= 1000:
        raise InvalidInput.one("limit", "must be a whole number from 1 to 1000")
    return {"transitions": state.history(_redis(), site, int(limit))}


@bp.put("/override")
@admin_only
def put_override(site: str):
    data = json_body()
    data.setdefault("by", "api")
    return state.set_override(_redis(), site, data).as_dict()


@bp.delete("/override")
@admin_only
def delete_override(site: str):
    by = request.args.get("by", "api")
    return state.clear_override(_redis(), site, by).as_dict()
