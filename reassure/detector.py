"""The detector: signals read from bucketed counters, combined in a criticality matrix.

Likelihood (0-3) asks "is this unusual?": negative volume against the site's own baseline
(hour of week once there are enough weeks of history, a modest prior before), with a
negative-binomial tail and a minimum count so a handful of mentions cannot pass for a trend,
a negative share judged by the lower bound of its Wilson interval, and velocity (the last
minutes against the last hour) that lifts a fast rise one step (up to alert).

Impact (0-3) asks "how much harm can it do?": the reach of the negative mentions and the
critical categories they raise (a data leak weighs more than a late parcel).

The level is MATRIX[impact][likelihood]. Volume alone is not a crisis: positive talk adds
nothing to either axis. `judge` is a pure function of the windows, so the live path (Redis
buckets) and backtests or calibration (memory buckets) run exactly the same rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import redis

from .buckets import BASELINE_METRICS, BucketSource, Counts, RedisBuckets, total
from .categories import CATEGORIES
from .levels import Level
from .mentions import ScoredMention
from .sites import Site, Tuning
from .stats import negative_binomial_tail, wilson_lower
from .store import Keys

# The prior counts as half a day of observation, so real history soon takes over.
PRIOR_DAYS = 0.5
# Hour-of-week rates are shrunk toward the site's overall rate by this many pseudo-hours.
WEEKLY_SHRINK_HOURS = 3
# The baseline stops this many hours before the likelihood window, so a rising wave does
# not immediately raise its own bar.
BASELINE_GAP_HOURS = 1
# impact (rows) x likelihood (columns) -> level
MATRIX: tuple[tuple[int, ...], ...] = (
    (0, 1, 2, 3),
    (1, 1, 2, 3),
    (1, 2, 3, 3),
    (2, 3, 3, 3),
)
COUNT_FACTOR = {"low": 1.5, "normal": 1.0, "high": 0.6}
REACH_FACTOR = {"low": 2.0, "normal": 1.0, "high": 0.5}
CATEGORY_SHIFT = {"low": -1, "normal": 0, "high": 0}
RECENT_SCAN = 200  # newest scored mentions looked at for the top mentions
TOP_MENTIONS = 5
EXCERPT = 160


@dataclass(frozen=True)
class Baseline:
    negatives_per_minute: float
    history_days: float
    weekly: bool

    def describe(self) -> str:
        per_day = self.negatives_per_minute * 24 * 60
        if self.history_days < 1:
            basis = "a prior for a new site"
        elif self.weekly:
            basis = f"this hour of the week over {self.history_days:.0f} days of history"
        else:
            basis = f"{self.history_days:.1f} days of history"
        return f"baseline {per_day:.2g} negative mentions a day ({basis})"


@dataclass
class Windows:
    """What the detector reads at one moment: counters summed over its windows."""

    recent: Counts  # the likelihood window
    short: Counts  # the velocity window
    hour: Counts  # the last 60 minutes
    impact: Counts  # the impact window (reach, categories)
    baseline: Baseline


@dataclass
class Assessment:
    level: Level
    reasons: list[str]
    signals: dict = field(default_factory=dict)


def baseline(source: BucketSource, tuning: Tuning, created_at: float, now: float) -> Baseline:
    """Expected negative mentions per minute at `now`, from hourly counters only."""
    now_hour = int(now // 3600)
    end = (int(now // 60) - tuning.window_minutes + 1) // 60 - BASELINE_GAP_HOURS
    start = max(end - tuning.baseline_days * 24, int(created_at // 3600))
    observed_hours = max(0, end - start)
    hours = source.hours(start, end, BASELINE_METRICS) if observed_hours else {}
    negatives = sum(c.neg for c in hours.values())
    prior_hours = PRIOR_DAYS * 24
    overall = (negatives + tuning.prior_negatives_per_day * PRIOR_DAYS) / (
        (observed_hours + prior_hours) * 60
    )
    history_days = observed_hours / 24
    if history_days < tuning.weekly_after_days:
        return Baseline(overall, history_days, weekly=False)
    # The same hour (and its neighbours) in each earlier week of the baseline.
    same_hours = [
        h
        for week in range(1, tuning.baseline_days // 7 + 1)
        for h in (now_hour - 168 * week + d for d in (-1, 0, 1))
        if start <= h < end
    ]
    weekly_negatives = sum(hours[h].neg for h in same_hours if h in hours)
    rate = (weekly_negatives + overall * 60 * WEEKLY_SHRINK_HOURS) / (
        (len(same_hours) + WEEKLY_SHRINK_HOURS) * 60
    )
    return Baseline(rate, history_days, weekly=True)


def gather(
    source: BucketSource,
    tuning: Tuning,
    created_at: float,
    now: float,
    known_baseline: Baseline | None = None,
) -> Windows:
    """Read the windows the detector needs: one read of minutes, one of hours."""
    now_minute = int(now // 60)
    span = max(tuning.window_minutes, 60, tuning.impact_window_minutes)
    by_minute = source.minutes(now_minute - span + 1, now_minute + 1)

    def last(minutes: int) -> Counts:
        return total(c for m, c in by_minute.items() if m > now_minute - minutes)

    return Windows(
        recent=last(tuning.window_minutes),
        short=last(tuning.velocity_minutes),
        hour=last(60),
        impact=last(tuning.impact_window_minutes),
        baseline=known_baseline or baseline(source, tuning, created_at, now),
    )


def judge(windows: Windows, tuning: Tuning) -> Assessment:
    """The level the windows justify, with its reasons in words and its signals in numbers."""
    likelihood, likely = _likelihood(windows, tuning)
    impact, impacts = _impact(windows.impact, tuning)
    level = Level(MATRIX[impact][likelihood])
    signals = {
        **likely,
        **impacts,
        "likelihood": likelihood,
        "impact": impact,
        "baseline_negatives_per_day": round(windows.baseline.negatives_per_minute * 1440, 3),
        "history_days": round(windows.baseline.history_days, 1),
        "weekly_baseline": windows.baseline.weekly,
        "mean_sentiment": round(windows.recent.mean_sentiment, 3),
    }
    return Assessment(level, _reasons(signals, level, windows, tuning), signals)


def _likelihood(w: Windows, tuning: Tuning) -> tuple[int, dict]:
    factor = COUNT_FACTOR[tuning.sensitivity]
    recent, rate = w.recent, w.baseline.negatives_per_minute
    expected = rate * tuning.window_minutes
    p_value = negative_binomial_tail(recent.neg, expected, tuning.dispersion)
    share_low = wilson_lower(recent.neg, recent.n)
    anomaly = 0
    for tier, name in ((3, "crisis"), (2, "alert"), (1, "watch")):
        if (
            recent.neg >= _min_count(getattr(tuning, f"{name}_min_negatives"), factor)
            and p_value <= getattr(tuning, f"{name}_max_p")
            and share_low >= getattr(tuning, f"{name}_min_share")
        ):
            anomaly = tier
            break
    fast, ratio = _velocity(w, tuning, rate, factor)
    # A fast rise lifts the likelihood one step, to alert at most: a crisis needs the volume
    # itself (or the impact), so a slow wave's random clumps do not skip alert.
    likelihood = max(anomaly, min(anomaly + 1, 2)) if fast else anomaly
    signals = {
        "window_minutes": tuning.window_minutes,
        "mentions": recent.n,
        "negatives": recent.neg,
        "positives": recent.pos,
        "expected_negatives": round(expected, 4),
        "p_value": p_value,
        "negative_share": round(recent.neg / recent.n, 3) if recent.n else 0.0,
        "negative_share_low": round(share_low, 3),
        "anomaly": anomaly,
        "velocity_minutes": tuning.velocity_minutes,
        "velocity_negatives": w.short.neg,
        "velocity_ratio": round(ratio, 2),
        "accelerating": fast,
    }
    return likelihood, signals


def _velocity(w: Windows, tuning: Tuning, rate: float, factor: float) -> tuple[bool, float]:
    """Whether negatives accelerate: the pace of the last minutes against the rest of the
    last hour (or the baseline, whichever is higher), among mostly negative talk."""
    short, before = w.short, w.hour.neg - w.short.neg
    reference = max(before / max(1, 60 - tuning.velocity_minutes), rate)
    ratio = short.neg / tuning.velocity_minutes / reference if reference > 0 else 0.0
    fast = (
        short.neg >= _min_count(tuning.alert_min_negatives, factor)
        and ratio >= tuning.velocity_ratio
        and wilson_lower(short.neg, short.n) >= tuning.watch_min_share
    )
    return fast, ratio


def _impact(impact: Counts, tuning: Tuning) -> tuple[int, dict]:
    reach_factor = REACH_FACTOR[tuning.sensitivity]
    reach_level = 0
    for tier, threshold in (
        (3, tuning.reach_crisis),
        (2, tuning.reach_alert),
        (1, tuning.reach_watch),
    ):
        if impact.reach_neg >= threshold * reach_factor:
            reach_level = tier
            break
    category_level, raised = 0, {}
    for name, count in impact.categories.items():
        category = CATEGORIES.get(name)
        if category is None or count < category.min_mentions:
            continue
        severity = tuning.category_severity.get(name, category.severity)
        severity += CATEGORY_SHIFT[tuning.sensitivity]
        if count >= category.wave_mentions:
            severity += 1
        severity = max(0, min(3, severity))
        if severity:
            raised[name] = count
            category_level = max(category_level, severity)
    signals = {
        "impact_window_minutes": tuning.impact_window_minutes,
        "negative_reach": impact.reach_neg,
        "reach_impact": reach_level,
        "categories": raised,
        "category_impact": category_level,
    }
    return max(reach_level, category_level), signals


def _min_count(count: int, factor: float) -> int:
    return max(1, math.ceil(count * factor))


def _reasons(s: dict, level: Level, w: Windows, tuning: Tuning) -> list[str]:
    if s["mentions"] == 0 and not s["impact"]:
        return [f"no mentions in the last {s['window_minutes']} min", w.baseline.describe()]
    volume = (
        f"{s['negatives']} negative of {s['mentions']} mentions in the last "
        f"{s['window_minutes']} min, against {s['expected_negatives']:.2g} negative expected "
        f"(chance of this many by luck: {_chance(s['p_value'])}); {w.baseline.describe()}"
    )
    share = (
        f"negative share {s['negative_share']:.0%}, at least {s['negative_share_low']:.0%} "
        f"with 95 % confidence"
    )
    quiet = f"no mentions in the last {s['window_minutes']} min; {w.baseline.describe()}"
    reasons = [volume, share] if s["mentions"] else [quiet]
    if level == Level.CALM:
        reasons.insert(0, "nothing unusual")
    if s["accelerating"]:
        reasons.append(
            f"accelerating: {s['velocity_negatives']} negative in the last "
            f"{s['velocity_minutes']} min, {s['velocity_ratio']:.3g} times the pace of the hour "
            "before"
        )
    if s["reach_impact"]:
        reasons.append(
            f"negative mentions reached {s['negative_reach']:,} people in the last "
            f"{s['impact_window_minutes']} min"
        )
    for name, count in sorted(s["categories"].items()):
        reasons.append(
            f"{count} mention(s) about {CATEGORIES[name].label} in the last "
            f"{s['impact_window_minutes']} min"
        )
    if level > Level.CALM:
        reasons.append(
            f"{level.label}: impact {s['impact']}/3 (reach, categories) x likelihood "
            f"{s['likelihood']}/3 (unusual volume, velocity), sensitivity {tuning.sensitivity}"
        )
    return reasons


def _chance(p: float) -> str:
    if p < 1e-6:
        return "below one in a million"
    if p >= 0.01:
        return f"{p:.0%}"
    return f"1 in {round(1 / p):,}"


def weight(mention: ScoredMention, tuning: Tuning) -> float:
    """How much a mention weighs in a crisis: negativity, reach and categories."""
    severity = sum(
        tuning.category_severity.get(c, CATEGORIES[c].severity)
        for c in mention.categories
        if c in CATEGORIES
    )
    negativity = max(0.0, -mention.compound)
    if not negativity and not severity:
        return 0.0
    return negativity * (1 + math.log10(1 + (mention.reach or 0))) + 2 * severity


def top_mentions(
    mentions: Iterable[ScoredMention], tuning: Tuning, since: float, until: float
) -> list[dict]:
    """The few mentions of the impact window that weigh most, as small dicts."""
    weighed = [
        (weight(m, tuning), m) for m in mentions if since <= m.created_at.timestamp() <= until
    ]
    weighed = sorted((x for x in weighed if x[0] > 0), key=lambda x: -x[0])[:TOP_MENTIONS]
    return [
        {
            "id": m.id,
            "text": m.text if len(m.text) <= EXCERPT else m.text[: EXCERPT - 1] + "…",
            "reach": m.reach,
            "categories": m.categories,
            "sentiment": m.sentiment,
            "created_at": m.created_at.isoformat(),
        }
        for _, m in weighed
    ]


def assess(r: redis.Redis, site: Site, now: float) -> Assessment:
    """The live path: the same judge over the site's Redis buckets, plus top mentions from
    the capped list of recent scored mentions (never a scan of the raw history)."""
    tuning = site.tuning
    source = RedisBuckets(r, site.slug)
    known = _cached_baseline(r, site, now)
    if known is None:
        known = baseline(source, tuning, site.created_at, now)
        _cache_baseline(r, site, now, known)
    assessment = judge(gather(source, tuning, site.created_at, now, known), tuning)
    recent = (
        ScoredMention.model_validate_json(raw)
        for raw in r.lrange(Keys(site.slug).recent, 0, RECENT_SCAN - 1)
    )
    since = now - tuning.impact_window_minutes * 60
    assessment.signals["top_mentions"] = top_mentions(recent, tuning, since, now)
    return assessment


# The baseline is read from whole past hours, so it changes once an hour: it is kept in the
# state hash under a key naming the hour and the settings it depends on, which spares the
# recomputes in between (every batch, every tick) the read of four weeks of hours.
BASELINE_FIELD = "baseline"


def _baseline_key(site: Site, now: float) -> str:
    t = site.tuning
    return (
        f"{int(now // 3600)}:{t.window_minutes}:{t.baseline_days}:{t.weekly_after_days}:"
        f"{t.prior_negatives_per_day}:{site.created_at}"
    )


def _cached_baseline(r: redis.Redis, site: Site, now: float) -> Baseline | None:
    raw = r.hget(Keys(site.slug).state, BASELINE_FIELD)
    if not raw:
        return None
    key, _, values = raw.rpartition("|")
    if key != _baseline_key(site, now):
        return None
    rate, days, weekly = values.split(",")
    return Baseline(float(rate), float(days), weekly == "1")


def _cache_baseline(r: redis.Redis, site: Site, now: float, known: Baseline) -> None:
    value = f"{known.negatives_per_minute!r},{known.history_days!r},{int(known.weekly)}"
    r.hset(Keys(site.slug).state, BASELINE_FIELD, f"{_baseline_key(site, now)}|{value}")
