"""The first detector: simple and honest.

It compares the negative mentions of the last few minutes with what the site's own history
(or, for a new site, a modest prior) makes expected, with a Poisson tail that stays truthful
at a handful of mentions a day, and it demands that negatives be a real share of the talk
(a Wilson lower bound, so three mentions cannot pass for a trend). Volume alone, a positive
spike for instance, never raises the level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import redis

from . import buckets
from .levels import Level
from .sites import Site
from .stats import poisson_tail, wilson_lower

BASELINE_HOURS = 7 * 24
# Prior for a site with little history: one negative mention per 12 hours, weighted as
# 12 hours of observation, so the first real days quickly take over.
PRIOR_NEGATIVES = 1.0
PRIOR_MINUTES = 12 * 60


@dataclass(frozen=True)
class Rule:
    min_negatives: int
    max_p_value: float
    min_negative_share: float  # lower bound of the 95 % interval


RULES: dict[Level, Rule] = {
    Level.CRISIS: Rule(8, 1e-6, 0.5),
    Level.ALERT: Rule(5, 1e-4, 0.35),
    Level.WATCH: Rule(3, 1e-2, 0.2),
}
# A touchy sector reacts to fewer mentions; a tolerant one needs more.
COUNT_FACTOR = {"low": 1.5, "normal": 1.0, "high": 0.6}


@dataclass
class Assessment:
    level: Level
    reasons: list[str]
    signals: dict = field(default_factory=dict)


def assess(r: redis.Redis, site: Site, now: float) -> Assessment:
    window = site.tuning.window_minutes
    now_minute = int(now // 60)
    recent = buckets.total(
        buckets.minutes(r, site.slug, now_minute - window + 1, now_minute + 1).values()
    )
    history_end = (now_minute - window + 1) // 60  # whole hours before the window
    history_start = max(history_end - BASELINE_HOURS, int(site.created_at // 3600))
    history = buckets.total(buckets.hours(r, site.slug, history_start, history_end).values())
    observed_minutes = max(0, history_end - history_start) * 60
    return judge(recent, history.neg, observed_minutes, window, site.tuning.sensitivity)


def judge(
    recent: buckets.Counts,
    history_negatives: int,
    history_minutes: int,
    window_minutes: int,
    sensitivity: str = "normal",
) -> Assessment:
    """The level that the recent counts justify, with the reasons in words."""
    rate = (history_negatives + PRIOR_NEGATIVES) / (history_minutes + PRIOR_MINUTES)
    expected = rate * window_minutes
    p_value = poisson_tail(recent.neg, expected)
    share_low = wilson_lower(recent.neg, recent.n)
    signals = {
        "window_minutes": window_minutes,
        "mentions": recent.n,
        "negatives": recent.neg,
        "expected_negatives": round(expected, 3),
        "p_value": p_value,
        "negative_share": round(recent.neg / recent.n, 3) if recent.n else 0.0,
        "negative_share_low": round(share_low, 3),
        "mean_sentiment": round(recent.mean_sentiment, 3),
    }
    for level, rule in RULES.items():
        min_count = max(1, math.ceil(rule.min_negatives * COUNT_FACTOR[sensitivity]))
        if (
            recent.neg >= min_count
            and p_value <= rule.max_p_value
            and share_low >= rule.min_negative_share
        ):
            return Assessment(level, _reasons(signals, level, min_count), signals)
    return Assessment(Level.CALM, _reasons(signals, Level.CALM, 0), signals)


def _reasons(s: dict, level: Level, min_count: int) -> list[str]:
    volume = (
        f"{s['negatives']} negative of {s['mentions']} mentions in the last "
        f"{s['window_minutes']} min, against {s['expected_negatives']:.2g} negative expected "
        f"from this site's history (chance of this many by luck: {_chance(s['p_value'])})"
    )
    share = (
        f"negative share {s['negative_share']:.0%}, at least {s['negative_share_low']:.0%} "
        f"with 95 % confidence"
    )
    if level == Level.CALM:
        if s["mentions"] == 0:
            return [f"no mentions in the last {s['window_minutes']} min"]
        return [f"nothing unusual: {volume}", share]
    return [volume, share, f"{level.label} needs at least {min_count} negative mentions"]


def _chance(p: float) -> str:
    if p < 1e-6:
        return "below one in a million"
    if p >= 0.01:
        return f"{p:.0%}"
    return f"1 in {round(1 / p):,}"
