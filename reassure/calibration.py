"""Calibration: what levels the last days would have had under candidate settings.

The site's own bucketed counters are read once from Redis into memory, then the backtest
runs the live detector and hysteresis over them minute by minute. Nothing is saved, so
staff can try settings before they commit to them.
"""

from __future__ import annotations

import time

import redis

from .buckets import BASELINE_METRICS, METRICS, MemoryBuckets, RedisBuckets
from .errors import InvalidInput
from .sites import Tuning, get_site
from .timeline import BacktestResult, simulate

# Minute buckets are kept eight days; a preview needs the windows before its first minute.
MAX_DAYS = 7


def preview(
    r: redis.Redis, slug: str, tuning: Tuning, days: int = 7, now: float | None = None
) -> BacktestResult:
    """The level timeline of the last `days` (1-7) under `tuning`, from bucketed counters."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidInput.one("days", f"must be a whole number of days from 1 to {MAX_DAYS}")
    if not isinstance(tuning, Tuning):
        raise InvalidInput.one("tuning", "expected detector settings (Tuning)")
    site = get_site(r, slug)
    now = time.time() if now is None else now
    start = now - days * 86400
    span = max(tuning.window_minutes, 60, tuning.impact_window_minutes)
    live = RedisBuckets(r, slug)
    source = MemoryBuckets()
    first_minute, end_minute = int(start // 60) - span, int(now // 60) + 1
    source.by_minute = live.minutes(first_minute, end_minute, METRICS)
    first_hour = int(start // 3600) - tuning.baseline_days * 24 - 2
    source.by_hour = live.hours(first_hour, end_minute // 60 + 1, BASELINE_METRICS)
    return simulate(source, tuning, site.created_at, start, now)
