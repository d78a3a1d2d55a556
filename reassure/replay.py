"""Replay: feed a file of mentions into a running instance in accelerated time, for drills.

Mentions go straight into the site's durable stream (the same `store_mentions` the admin API
uses, so they are deduplicated and queued for the workers). The file's first mention is sent
at once; each later one after its original delay divided by `speed`, with created_at set to
the moment it is sent. Each replay gets its own external ids, so a drill can be run twice.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime

import redis

from .errors import InvalidInput
from .ingest import store_mentions
from .mentions import MAX_BATCH, Mention
from .sites import get_site


def schedule(mentions: list[dict], speed: float) -> list[tuple[float, dict]]:
    """(seconds after the start of the replay, mention) pairs, in order."""
    if speed <= 0:
        raise InvalidInput.one("speed", "must be a positive number")
    stamped = sorted(mentions, key=lambda m: _epoch(m["created_at"]))
    if not stamped:
        return []
    first = _epoch(stamped[0]["created_at"])
    return [((_epoch(m["created_at"]) - first) / speed, m) for m in stamped]


def replay(
    r: redis.Redis,
    slug: str,
    mentions: list[dict],
    speed: float,
    *,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Send every mention at its accelerated time; returns how many were accepted."""
    get_site(r, slug)
    plan = schedule(mentions, speed)
    run_id = secrets.token_hex(4)
    began, accepted, i = clock(), 0, 0
    while i < len(plan):
        wait = began + plan[i][0] - clock()
        if wait > 0:
            sleep(min(wait, 1.0))
            continue
        sent_at = datetime.fromtimestamp(clock(), UTC)
        batch = []
        while i < len(plan) and plan[i][0] <= clock() - began and len(batch) < MAX_BATCH:
            batch.append(_restamp(plan[i][1], sent_at, run_id))
            i += 1
        accepted += store_mentions(r, slug, batch).accepted
        if progress:
            progress(len(batch))
    return accepted


def _restamp(data: dict, sent_at: datetime, run_id: str) -> Mention:
    fields = {k: v for k, v in data.items() if v is not None}
    fields["created_at"] = sent_at
    fields["external_id"] = f"replay-{run_id}-{fields.get('external_id', '')}"[:200]
    fields.setdefault("source", "replay")
    return Mention.model_validate(fields)


def _epoch(value: str | datetime) -> float:
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()
