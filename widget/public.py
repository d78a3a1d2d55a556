"""Public endpoints: the widget script, the state a page shows, live events, the demo page."""

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

from reassure import display, sites
from reassure.store import Keys

from .limits import events_limit, limiter

bp = Blueprint("public", __name__)

# Short enough that a level change reaches cached readers quickly; the stale-* allowances
# keep pages served from cache while we revalidate or while the API is down.
STATE_CACHE = "public, max-age=5, stale-while-revalidate=30, stale-if-error=86400"
HEARTBEAT_SECONDS = 15


def _redis():
    return current_app.extensions["redis"]


@bp.get("/widget.js")
def widget_js():
    response = send_file(current_app.config["STATIC_DIR"] / "widget.js", mimetype="text/javascript")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/v1/sites/<site>/state")
def page_state(site: str):
    payload = display.page_state(
        _redis(), site, request.args.get("locale"), request.args.get("slot") or None
    )
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    etag = hashlib.sha256(text.encode()).hexdigest()[:20]
    response = Response(text, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = STATE_CACHE
    return response.make_conditional(request)


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
