"""Admin API: a site's bearer token is required for every call."""

from __future__ import annotations

import functools

from flask import Blueprint, current_app, request

from reassure import audit, content, ingest, notifications, sites, state
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
    return {"transitions": state.history(_redis(), site, _limit_arg(100, 1000))}


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


def _limit_arg(default: int, maximum: int) -> int:
    limit = request.args.get("limit", str(default))
    if not limit.isdigit() or not 1 <= int(limit) <= maximum:
        raise InvalidInput.one("limit", f"must be a whole number from 1 to {maximum}")
    return int(limit)


def _by(data: dict) -> str:
    by = data.get("by", "api")
    if not isinstance(by, str) or not by.strip():
        raise InvalidInput.one("by", "must be a non-blank name")
    return by.strip()[:120]


def _block(block: content.Block) -> dict:
    return block.model_dump(mode="json")


# -- content library ----------------------------------------------------------------------


@bp.get("/content")
@admin_only
def list_content(site: str):
    return {"blocks": [_block(b) for b in content.list_blocks(_redis(), site)]}


@bp.post("/content")
@admin_only
def create_block(site: str):
    """Body: {"block": {kind, locale, body, title, levels...}, "by": name}; a draft."""
    data = json_body()
    block = data.get("block")
    if not isinstance(block, dict):
        raise InvalidInput.one("block", "expected a JSON object with the block's fields")
    return _block(content.add_block(_redis(), site, block, by=_by(data))), 201


@bp.patch("/content/<block_id>")
@admin_only
def edit_block(site: str, block_id: str):
    """Body: {"changes": {field: value...}, "by"}; an approved block goes back to draft."""
    data = json_body()
    changes = data.get("changes")
    if not isinstance(changes, dict):
        raise InvalidInput.one("changes", "expected a JSON object of fields to change")
    return _block(content.update_block(_redis(), site, block_id, changes, _by(data)))


@bp.put("/content/order")
@admin_only
def reorder_blocks(site: str):
    """Body: {"block_ids": [...], "by"}; positions 0, 1, 2... in that order."""
    data = json_body()
    blocks = content.reorder(_redis(), site, data.get("block_ids"), _by(data))
    return {"blocks": [_block(b) for b in blocks]}


@bp.get("/content/<block_id>/versions")
@admin_only
def block_versions(site: str, block_id: str):
    versions = content.block_versions(_redis(), site, block_id)
    return {"versions": [{**v, "block": _block(v["block"])} for v in versions]}


@bp.get("/audit")
@admin_only
def audit_log(site: str):
    """Newest first: who did what, when and why (overrides, content, settings)."""
    return {"entries": audit.entries(_redis(), site, _limit_arg(100, 1000))}


@bp.post("/content/<block_id>/approve")
@admin_only
def approve_block(site: str, block_id: str):
    by = _by(json_body())
    return _block(content.set_status(_redis(), site, block_id, "approved", by))


@bp.post("/content/<block_id>/retire")
@admin_only
def retire_block(site: str, block_id: str):
    by = _by(json_body())
    return _block(content.set_status(_redis(), site, block_id, "retired", by))


@bp.post("/testimonials")
@admin_only
def create_testimonial(site: str):
    """Body: {mention_id, display_name, consent: true, locale?, by?}; a draft testimonial."""
    data = json_body()
    for name in ("mention_id", "display_name"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise InvalidInput.one(name, "required, as text")
    block = content.testimonial_from_mention(
        _redis(),
        site,
        data["mention_id"],
        data["display_name"].strip(),
        by=_by(data),
        consent=data.get("consent") is True,
        locale=data.get("locale") or None,
    )
    return _block(block), 201


# -- notifications ------------------------------------------------------------------------


@bp.get("/notifications/endpoints")
@admin_only
def list_endpoints(site: str):
    return {"endpoints": [e.public() for e in notifications.list_endpoints(_redis(), site)]}


@bp.post("/notifications/endpoints")
@admin_only
def create_endpoint(site: str):
    """Body: {url, form, events?, keywords?, secret?}; the answer shows the secret once."""
    data = json_body()
    unknown = sorted(set(data) - {"url", "form", "events", "keywords", "secret"})
    if unknown:
        raise InvalidInput.one(unknown[0], "unknown field")
    if not isinstance(data.get("url"), str):
        raise InvalidInput.one("url", "required, as text")
    endpoint = notifications.add_endpoint(
        _redis(),
        site,
        data["url"],
        form=data.get("form", "generic"),
        secret=data.get("secret"),
        events=data.get("events"),
        keywords=data.get("keywords") or (),
    )
    return endpoint.model_dump(), 201


@bp.delete("/notifications/endpoints/<endpoint_id>")
@admin_only
def delete_endpoint(site: str, endpoint_id: str):
    notifications.remove_endpoint(_redis(), site, endpoint_id)
    return {"removed": endpoint_id}


@bp.get("/notifications/deliveries")
@admin_only
def list_deliveries(site: str):
    return {"deliveries": notifications.deliveries(_redis(), site, _limit_arg(50, 500))}
