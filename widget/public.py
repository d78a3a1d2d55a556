"""Public endpoints: the widget script, the state a page shows, live events, beacons, the
demo page. Everything here may be called by any page, so it is CORS-open and cacheable or
rate-limited."""

from __future__ import annotations

import hashlib
import json
import time

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    request,
    send_file,
    stream_with_context,
)

from reassure import display, impressions, sites
from reassure.errors import InvalidInput
from reassure.store import Keys

from . import script
from .limits import beacon_limit, events_limit, limiter

bp = Blueprint("public", __name__)

# Short enough that a level change reaches cached readers quickly; the stale-* allowances
# keep pages served from cache while we revalidate or while the API is down. A level change
# or an override also bumps the state version, which changes the ETag (so no 304 for the old
# copy) and the widget's `v=` query (so a CDN cannot answer with the old copy either).
STATE_CACHE = "public, max-age=5, stale-while-revalidate=30, stale-if-error=86400"
SHORT_SCRIPT_CACHE = "public, max-age=300, stale-while-revalidate=86400"
VERSIONED_SCRIPT_CACHE = "public, max-age=31536000, immutable"
HEARTBEAT_SECONDS = 15
MAX_BEACON_BYTES = 16_384


def _redis():
    return current_app.extensions["redis"]


def _script() -> script.Script:
    return script.load(current_app.config["STATIC_DIR"] / "widget.js")


def _script_response(served: script.Script, cache: str) -> Response:
    response = Response(served.body, mimetype="text/javascript")
    response.set_etag(served.digest)
    response.headers["Cache-Control"] = cache
    response.headers["Link"] = f'<{served.versioned_path}>; rel="canonical"'
    return response.make_conditional(request)


@bp.get("/widget.js")
def widget_js():
    """The short URL pages embed: cached for minutes, so a new release spreads quickly."""
    return _script_response(_script(), SHORT_SCRIPT_CACHE)


@bp.get("/v/<digest>/widget.js")
def versioned_widget_js(digest: str):
    """The same bytes under their own hash, cached for a year. An old hash (a page pinned to
    a former release) is sent to the current script rather than left broken."""
    served = _script()
    if digest != served.digest:
        response = redirect("/widget.js", code=302)
        response.headers["Cache-Control"] = "no-cache"
        return response
    return _script_response(served, VERSIONED_SCRIPT_CACHE)


@bp.get("/v1/sites/<site>/state")
def page_state(site: str):
    payload = display.page_state(
        _redis(), site, request.args.get("locale"), request.args.get("slot") or None
    )
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # The version leads the tag, so a change of level or content can never match an old tag.
    etag = f"{payload['version']}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"
    response = Response(text, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = STATE_CACHE
    return response.make_conditional(request)


@bp.post("/v1/sites/<site>/beacon")
@limiter.limit(beacon_limit)
def beacon(site: str):
    """Impressions and clicks from the widget (navigator.sendBeacon, so the body comes as
    text/plain to stay a simple CORS request): {"events": [{block, kind, level, action}]}."""
    raw = request.get_data(cache=False, as_text=True)
    if len(raw) > MAX_BEACON_BYTES:
        raise InvalidInput.one("body", f"at most {MAX_BEACON_BYTES} bytes")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise InvalidInput.one("body", "expected a JSON object") from exc
    if not isinstance(data, dict):
        raise InvalidInput.one("body", "expected a JSON object")
    counted = impressions.record(_redis(), site, data.get("events"))
    response = current_app.response_class(
        json.dumps({"counted": counted}), status=202, mimetype="application/json"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/v1/sites/<site>/events")
@limiter.limit(events_limit)
def events(site: str):
    """Server-Sent Events: one `state` event now, then one per change. The response ends
    after a while and the browser reconnects, so no server thread is held forever."""
    r = _redis()
    sites.get_site(r, site)
    limit = current_app.config["REASSURE_SETTINGS"].sse_seconds
    keys = Keys(site)

    def stream():
        pubsub = r.pubsub(ignore_subscribe_messages=True)
        pubsub.subscribe(keys.events)
        try:
            version = r.hget(keys.state, "version") or 0
            yield f"retry: 2000\nevent: state\ndata: {json.dumps({'version': int(version)})}\n\n"
            deadline = time.monotonic() + limit
            while time.monotonic() < deadline:
                message = pubsub.get_message(timeout=min(HEARTBEAT_SECONDS, limit))
                if message is None:
                    yield ": keep-alive\n\n"
                else:
                    yield f"event: state\ndata: {message['data']}\n\n"
        finally:
            pubsub.close()

    response = Response(stream_with_context(stream()), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Accel-Buffering"] = "no"
    return response


@bp.get("/")
def index():
    return redirect("/demo")


@bp.get("/demo")
def demo_page():
    return send_file(current_app.config["STATIC_DIR"] / "demo.html", mimetype="text/html")


@bp.get("/healthz")
def health():
    _redis().ping()
    return {"ok": True}
