"""Delivery records: per site, the status, attempts and last error of recent deliveries,
which staff see in the console and the admin API."""

from __future__ import annotations

import time

import redis

from ..store import Keys
from .endpoints import Endpoint

DELIVERED_TTL = 30 * 24 * 3600  # how long "already delivered" is remembered
DELIVERIES_CAP = 500  # delivery records kept per site


def _track(
    r: redis.Redis,
    keys: Keys,
    endpoint: Endpoint,
    event: dict,
    status: str,
    error: str = "",
    status_code: int | None = None,
    pipe=None,
) -> None:
    """Update the delivery's record: status, attempts made, last error."""
    now = time.time()
    row = keys.delivery(endpoint.id, event["id"])
    writer = pipe if pipe is not None else r.pipeline(transaction=True)
    fields = {
        "endpoint_id": endpoint.id,  # not the url: a Slack webhook url is itself a secret
        "event_id": event["id"],
        "event_type": event["type"],
        "status": status,
        "updated_at": now,
    }
    if status == "queued":
        writer.hsetnx(row, "attempts", 0)
    else:
        writer.hincrby(row, "attempts", 1)
        fields["last_error"] = error
        if status_code is not None:
            fields["last_status_code"] = status_code
    writer.hset(row, mapping=fields)
    writer.expire(row, DELIVERED_TTL)
    writer.zadd(keys.deliveries, {row: now})
    writer.zremrangebyrank(keys.deliveries, 0, -DELIVERIES_CAP - 1)
    if pipe is None:
        writer.execute()


def deliveries(r: redis.Redis, slug: str, limit: int = 50) -> list[dict]:
    """Recent deliveries, newest first: endpoint, event, status (queued, retrying,
    delivered, failed, or dropped: its endpoint was removed), attempts and last error."""
    rows = r.zrevrange(Keys(slug).deliveries, 0, max(limit, 1) - 1)
    pipe = r.pipeline(transaction=False)
    for row in rows:
        pipe.hgetall(row)
    out = []
    for data in pipe.execute():
        if not data:
            continue  # expired
        data["attempts"] = int(data.get("attempts", 0))
        data["updated_at"] = float(data["updated_at"])
        if "last_status_code" in data:
            data["last_status_code"] = int(data["last_status_code"])
        out.append(data)
    return out
