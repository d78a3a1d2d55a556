"""Time buckets: per-minute counters for the recent days, per-hour counters for the long
history. Reading a window costs the same whatever the number of mentions behind it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import redis

from .store import Keys

METRICS = ("n", "neg", "pos", "sent_milli", "reach_neg")
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

    def __iadd__(self, other: Counts) -> Counts:
        for metric in METRICS:
            setattr(self, metric, getattr(self, metric) + getattr(other, metric))
        return self

    @property
    def neutral(self) -> int:
        return self.n - self.neg - self.pos

    @property
    def mean_sentiment(self) -> float:
        return self.sent_milli / 1000 / self.n if self.n else 0.0


def increments(slug: str, epoch_seconds: float, counts: Counts) -> list[tuple[str, str, int]]:
    """The (key, field, amount) increments that record one mention's counts."""
    keys = Keys(slug)
    minute = int(epoch_seconds // 60)
    hour = minute // 60
    out = []
    for metric in METRICS:
        amount = getattr(counts, metric)
        if amount:
            out.append(
                (keys.minute_bucket(str(minute // MINUTES_PER_KEY)), f"{minute}:{metric}", amount)
            )
            out.append((keys.hour_bucket(str(hour // HOURS_PER_KEY)), f"{hour}:{metric}", amount))
    return out


def key_ttl(key: str) -> int:
    return MINUTE_KEY_TTL if ":minutes:" in key else HOUR_KEY_TTL


def _read(r: redis.Redis, indexes: Iterable[int], key_for) -> dict[int, Counts]:
    """Read the counters of minute or hour indexes, with one HMGET per hash."""
    fields_by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for index in indexes:
        for metric in METRICS:
            fields_by_key[key_for(index)].append((index, metric))
    pipe = r.pipeline(transaction=False)
    for key, pairs in fields_by_key.items():
        pipe.hmget(key, [f"{index}:{metric}" for index, metric in pairs])
    result: dict[int, Counts] = defaultdict(Counts)
    for (_, pairs), values in zip(fields_by_key.items(), pipe.execute(), strict=True):
        for (index, metric), value in zip(pairs, values, strict=True):
            if value is not None:
                setattr(result[index], metric, getattr(result[index], metric) + int(value))
    return result


def minutes(r: redis.Redis, slug: str, start_minute: int, end_minute: int) -> dict[int, Counts]:
    """Counts per epoch minute in [start, end)."""
    keys = Keys(slug)
    return _read(
        r, range(start_minute, end_minute), lambda m: keys.minute_bucket(str(m // MINUTES_PER_KEY))
    )


def hours(r: redis.Redis, slug: str, start_hour: int, end_hour: int) -> dict[int, Counts]:
    """Counts per epoch hour in [start, end)."""
    keys = Keys(slug)
    return _read(
        r, range(start_hour, end_hour), lambda h: keys.hour_bucket(str(h // HOURS_PER_KEY))
    )


def total(counts: Iterable[Counts]) -> Counts:
    out = Counts()
    for c in counts:
        out += c
    return out
