"""Time buckets: per-minute counters for the recent days, per-hour counters for the long
history. Reading a window costs the same whatever the number of mentions behind it.

The detector reads buckets through a small interface (minutes, hours) that two sources
implement: Redis for the live path, memory for backtests and calibration, so both run the
very same detector code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import redis

from .categories import CATEGORIES
from .store import Keys

CORE_METRICS = ("n", "neg", "pos", "sent_milli", "reach_neg")
CATEGORY_METRICS = tuple(f"cat:{name}" for name in CATEGORIES)
METRICS = CORE_METRICS + CATEGORY_METRICS
BASELINE_METRICS = ("n", "neg")
MINUTE_KEY_TTL = 8 * 24 * 3600
HOUR_KEY_TTL = 400 * 24 * 3600
MINUTES_PER_KEY = 24 * 60  # one hash per UTC day
HOURS_PER_KEY = 24 * 30  # one hash per 30 days


@dataclass
class Counts:
    n: int = 0  # mentions
    neg: int = 0  # negative mentions
    pos: int = 0  # positive mentions
    sent_milli: int = 0  # sum of compound scores, in thousandths
    reach_neg: int = 0  # summed reach of negative mentions
    categories: dict[str, int] = field(default_factory=dict)  # non-positive mentions per id

    def get(self, metric: str) -> int:
        if metric.startswith("cat:"):
            return self.categories.get(metric[4:], 0)
        return getattr(self, metric)

    def add(self, metric: str, amount: int) -> None:
        if metric.startswith("cat:"):
            name = metric[4:]
            self.categories[name] = self.categories.get(name, 0) + amount
        else:
            setattr(self, metric, getattr(self, metric) + amount)

    def __iadd__(self, other: Counts) -> Counts:
        self.n += other.n
        self.neg += other.neg
        self.pos += other.pos
        self.sent_milli += other.sent_milli
        self.reach_neg += other.reach_neg
        for name, amount in other.categories.items():
            self.categories[name] = self.categories.get(name, 0) + amount
        return self

    def items(self) -> Iterable[tuple[str, int]]:
        """(metric, amount) pairs that are not zero."""
        for metric in CORE_METRICS:
            if getattr(self, metric):
                yield metric, getattr(self, metric)
        for name, amount in self.categories.items():
            if amount:
                yield f"cat:{name}", amount

    @property
    def neutral(self) -> int:
        return self.n - self.neg - self.pos

    @property
    def mean_sentiment(self) -> float:
        return self.sent_milli / 1000 / self.n if self.n else 0.0


class BucketSource(Protocol):
    """Counts per epoch minute or hour in [start, end); absent buckets may be left out."""

    def minutes(
        self, start: int, end: int, metrics: tuple[str, ...] = METRICS
    ) -> dict[int, Counts]: ...

    def hours(
        self, start: int, end: int, metrics: tuple[str, ...] = METRICS
    ) -> dict[int, Counts]: ...


def increments(slug: str, epoch_seconds: float, counts: Counts) -> list[tuple[str, str, int]]:
    """The (key, field, amount) increments that record one mention's counts."""
    keys = Keys(slug)
    minute = int(epoch_seconds // 60)
    hour = minute // 60
    minute_key = keys.minute_bucket(str(minute // MINUTES_PER_KEY))
    hour_key = keys.hour_bucket(str(hour // HOURS_PER_KEY))
    out = []
    for metric, amount in counts.items():
        out.append((minute_key, f"{minute}:{metric}", amount))
        out.append((hour_key, f"{hour}:{metric}", amount))
    return out


def key_ttl(key: str) -> int:
    return MINUTE_KEY_TTL if ":minutes:" in key else HOUR_KEY_TTL


class RedisBuckets:
    """The live buckets of one site, read with one HMGET per hash."""

    def __init__(self, r: redis.Redis, slug: str) -> None:
        self.r = r
        self.keys = Keys(slug)

    def minutes(
        self, start: int, end: int, metrics: tuple[str, ...] = METRICS
    ) -> dict[int, Counts]:
        return self._read(
            range(start, end), metrics, lambda m: self.keys.minute_bucket(str(m // MINUTES_PER_KEY))
        )

    def hours(self, start: int, end: int, metrics: tuple[str, ...] = METRICS) -> dict[int, Counts]:
        return self._read(
            range(start, end), metrics, lambda h: self.keys.hour_bucket(str(h // HOURS_PER_KEY))
        )

    def _read(self, indexes: Iterable[int], metrics: tuple[str, ...], key_for) -> dict[int, Counts]:
        fields_by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for index in indexes:
            pairs = fields_by_key[key_for(index)]
            pairs.extend((index, metric) for metric in metrics)
        pipe = self.r.pipeline(transaction=False)
        for key, pairs in fields_by_key.items():
            pipe.hmget(key, [f"{index}:{metric}" for index, metric in pairs])
        result: dict[int, Counts] = {}
        for pairs, values in zip(fields_by_key.values(), pipe.execute(), strict=True):
            for (index, metric), value in zip(pairs, values, strict=True):
                if value is not None:
                    counts = result.get(index)
                    if counts is None:
                        counts = result[index] = Counts()
                    counts.add(metric, int(value))
        return result


class MemoryBuckets:
    """Buckets held in memory: what a backtest fills from a file, or calibration loads once
    from Redis to replay days of minutes without a round trip per minute."""

    def __init__(self) -> None:
        self.by_minute: dict[int, Counts] = {}
        self.by_hour: dict[int, Counts] = {}

    def add(self, epoch_seconds: float, counts: Counts) -> None:
        minute = int(epoch_seconds // 60)
        self.by_minute.setdefault(minute, Counts()).__iadd__(counts)
        self.by_hour.setdefault(minute // 60, Counts()).__iadd__(counts)

    def minutes(
        self, start: int, end: int, metrics: tuple[str, ...] = METRICS
    ) -> dict[int, Counts]:
        return _slice(self.by_minute, start, end)

    def hours(self, start: int, end: int, metrics: tuple[str, ...] = METRICS) -> dict[int, Counts]:
        return _slice(self.by_hour, start, end)


def _slice(table: dict[int, Counts], start: int, end: int) -> dict[int, Counts]:
    if end - start > len(table):  # sparse table: walk what exists rather than the range
        return {i: c for i, c in table.items() if start <= i < end}
    return {i: table[i] for i in range(start, end) if i in table}


def minutes(r: redis.Redis, slug: str, start_minute: int, end_minute: int) -> dict[int, Counts]:
    """Counts per epoch minute in [start, end)."""
    return RedisBuckets(r, slug).minutes(start_minute, end_minute)


def hours(r: redis.Redis, slug: str, start_hour: int, end_hour: int) -> dict[int, Counts]:
    """Counts per epoch hour in [start, end)."""
    return RedisBuckets(r, slug).hours(start_hour, end_hour)


def total(counts: Iterable[Counts]) -> Counts:
    out = Counts()
    for c in counts:
        out += c
    return out
