"""What the widget's readers saw and used: impressions and clicks per block, kind and level,
counted in hourly Redis hashes so the console can show the last day (or week) of them."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Literal

import redis
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .content import parse_block
from .errors import InvalidInput
from .levels import BLOCK_KINDS, Level
from .sites import get_site
from .store import Keys

MAX_EVENTS = 50  # one beacon; the widget sends at most this many at once
KEEP_SECONDS = 8 * 24 * 3600  # a week of history, and a day to spare


class BeaconEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    block: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    kind: Literal["reassurance", "guarantee", "testimonial", "faq", "offer", "incident"]
    level: Level
    action: Literal["impression", "click"]

    @field_validator("level", mode="before")
    @classmethod
    def _parse_level(cls, value: object) -> Level:
        return Level.parse(value)


def parse_events(events: object) -> list[BeaconEvent]:
    """Validate a beacon's events; raise InvalidInput naming each wrong field."""
    if not isinstance(events, list):
        raise InvalidInput.one("events", "must be a list of events")
    if len(events) > MAX_EVENTS:
        raise InvalidInput.one("events", f"at most {MAX_EVENTS} events per beacon")
    parsed, problems = [], []
    for index, event in enumerate(events):
        try:
            parsed.append(BeaconEvent.model_validate(event))
        except ValidationError as exc:
            problems += InvalidInput.from_pydantic(exc, prefix=f"events[{index}]").problems
    if problems:
        raise InvalidInput(problems)
    return parsed


def record(r: redis.Redis, slug: str, events: list[dict], now: float | None = None) -> int:
    """Count valid beacon events; returns how many were counted. Nothing is written when one
    event is invalid. Events about blocks the site no longer has (a page open since before a
    deletion), or whose kind does not match the block, are skipped rather than counted."""
    get_site(r, slug)
    parsed = parse_events(events)
    if not parsed:
        return 0
    keys = Keys(slug)
    stored = r.hmget(keys.content, [event.block for event in parsed])
    known = [e for e, raw in zip(parsed, stored, strict=True) if raw and _kind_of(raw) == e.kind]
    if not known:
        return 0
    key = keys.impressions(_hour(time.time() if now is None else now))
    pipe = r.pipeline(transaction=True)
    for event in known:
        pipe.hincrby(key, f"{int(event.level)}|{event.kind}|{event.block}|{event.action}", 1)
    pipe.expire(key, KEEP_SECONDS)
    pipe.execute()
    return len(known)


def counts(
    r: redis.Redis,
    slug: str,
    *,
    level: Level | None = None,
    hours: int = 24,
    now: float | None = None,
) -> dict[str, dict[str, int]]:
    """Impressions and clicks per kind over the last `hours` (every kind present, zeros
    included), optionally for one level only."""
    return _summed(r, slug, level, hours, now, by_block=False)


def counts_by_block(
    r: redis.Redis,
    slug: str,
    *,
    level: Level | None = None,
    hours: int = 24,
    now: float | None = None,
) -> dict[str, dict[str, int]]:
    """Impressions and clicks per block id over the last `hours`."""
    return _summed(r, slug, level, hours, now, by_block=True)


def _summed(
    r: redis.Redis, slug: str, level: Level | None, hours: int, now: float | None, by_block: bool
) -> dict[str, dict[str, int]]:
    if not 1 <= hours <= KEEP_SECONDS // 3600:
        raise InvalidInput.one("hours", f"must be between 1 and {KEEP_SECONDS // 3600}")
    now = time.time() if now is None else now
    keys = Keys(slug)
    pipe = r.pipeline(transaction=False)
    for back in range(hours):
        pipe.hgetall(keys.impressions(_hour(now - back * 3600)))
    totals: dict[str, dict[str, int]] = (
        {} if by_block else {kind: {"impressions": 0, "clicks": 0} for kind in BLOCK_KINDS}
    )
    for bucket in pipe.execute():
        for field, value in bucket.items():
            field_level, kind, block, action = field.split("|")
            if level is not None and int(field_level) != int(level):
                continue
            row = totals.setdefault(block if by_block else kind, {"impressions": 0, "clicks": 0})
            row["impressions" if action == "impression" else "clicks"] += int(value)
    return totals


def _hour(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y%m%d%H")


def _kind_of(raw_block: str) -> str:
    return parse_block(raw_block).kind  # cached per stored version of the block
