"""Delivery (called by the RQ job): one attempt to send an event to an endpoint, at most once
per (endpoint, event) thanks to an idempotency record and a lock."""

from __future__ import annotations

import time

import redis
import requests

from ..store import Keys
from .endpoints import Endpoint, get_endpoint
from .errors import DeliveryFailed
from .forms import render_body
from .mail import send_email
from .records import DELIVERED_TTL, _track
from .signing import signed_headers

SEND_TIMEOUT = (3.05, 10)  # connect, read
SENDING_LOCK_MS = 60_000  # one attempt at a time per (endpoint, event)


def deliver(
    r: redis.Redis, slug: str, endpoint_id: str, event: dict, *, last_attempt: bool = True
) -> str:
    """One attempt to deliver an event to an endpoint. Returns "delivered", "duplicate"
    (it already reached that endpoint) or "dropped" (the endpoint was removed); raises
    DeliveryFailed, after recording the error, so the job is retried."""
    keys = Keys(slug)
    endpoint = get_endpoint(r, slug, endpoint_id)
    if endpoint is None:
        row = keys.delivery(endpoint_id, event["id"])
        if r.exists(row):
            r.hset(row, mapping={"status": "dropped", "updated_at": time.time()})
        return "dropped"
    done = keys.delivered(endpoint_id, event["id"])
    if r.exists(done):
        return "duplicate"
    lock = keys.delivery_lock(endpoint_id, event["id"])
    if not r.set(lock, "1", nx=True, px=SENDING_LOCK_MS):
        raise DeliveryFailed("another attempt of this delivery is under way")
    try:
        if r.exists(done):  # it succeeded while we waited for the lock
            return "duplicate"
        try:
            status_code = send(endpoint, event)
        except DeliveryFailed as exc:
            _track(r, keys, endpoint, event, "failed" if last_attempt else "retrying", str(exc))
            raise
        pipe = r.pipeline(transaction=True)  # the idempotency record and the row, together
        pipe.set(done, str(time.time()), ex=DELIVERED_TTL)
        _track(r, keys, endpoint, event, "delivered", "", status_code, pipe=pipe)
        pipe.execute()
        return "delivered"
    finally:
        r.delete(lock)


def send(endpoint: Endpoint, event: dict, now: float | None = None) -> int:
    """Send now, in the endpoint's form; returns the HTTP status (250 for e-mail)."""
    if endpoint.form == "email":
        return send_email(endpoint, event)
    body = render_body(endpoint.form, event)
    headers = signed_headers(endpoint.secret, body, event, now)
    try:
        response = requests.post(
            endpoint.url, data=body, headers=headers, timeout=SEND_TIMEOUT, allow_redirects=False
        )
    except requests.RequestException as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
    if not 200 <= response.status_code < 300:
        raise DeliveryFailed(f"HTTP {response.status_code}: {response.text[:200]}")
    return response.status_code
