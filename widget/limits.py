"""Rate limits on the live-event stream and the widget's beacons, counted in Redis so every
web worker shares them.

The stream is the public read that costs us most (a connection held for a minute); beacons
are writes anyone can send. The
state endpoint is not limited here: it is cacheable (ETag, max-age, stale-*) and meant to sit
behind a CDN, and a limiter on it cost about half its throughput (bench/bench_state.py)."""

from __future__ import annotations

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from reassure.store import Keys

# swallow_errors: if Redis hiccups, serve the request rather than fail it.
limiter = Limiter(
    key_func=get_remote_address,
    key_prefix=Keys.RATE_LIMITS,
    strategy="fixed-window",
    headers_enabled=True,
    swallow_errors=True,
)


def events_limit() -> str:
    return current_app.config["REASSURE_SETTINGS"].events_rate_limit


def beacon_limit() -> str:
    return current_app.config["REASSURE_SETTINGS"].beacon_rate_limit
