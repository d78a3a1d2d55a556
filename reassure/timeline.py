"""Backtest: the live detector and hysteresis, run in simulated time over a file.

Mentions are scored by the same step as the live path, counted into memory buckets, and the
level is recomputed once per simulated minute (the live path recomputes after each batch and
on a short period). Minutes that cannot change anything (no talk in any window, level calm)
are skipped, which is exact and keeps weeks of history fast.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from . import detector, importer
from .buckets import MemoryBuckets
from .errors import InvalidInput
from .importer import to_mention
from .levels import Level
from .mentions import ScoredMention
from .processing import counts_of, score_mention
from .sites import Tuning
from .state import settle

# After the last mention, simulate at most this long for the level to settle back.
TAIL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Transition:
    time: datetime
    level: Level
    reasons: list[str]

    def as_dict(self) -> dict:
        return {"time": self.time.isoformat(), "level": self.level.label, "reasons": self.reasons}


@dataclass
class BacktestResult:
    transitions: list[Transition]
    # One row per simulated minute with talk or a raised level: time (epoch s), mentions,
    # negatives, level.
    series: list[dict] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None

    def level_at(self, when: datetime) -> Level:
        level = Level.CALM
        for t in self.transitions:
            if t.time > when:
                break
            level = t.level
        return level

    def first_reached(self, level: Level, after: datetime | None = None) -> datetime | None:
        """The first time the level reached `level` or above (after `after`, if given)."""
        for t in self.transitions:
            if t.level >= level and (after is None or t.time >= after):
                return t.time
        return None

    @property
    def peak(self) -> Level:
        return max((t.level for t in self.transitions), default=Level.CALM)


def load_file(path: Path | str) -> list[dict]:
    """Mention dicts from a CSV or JSONL file (text and created_at required), validated;
    InvalidInput names each bad line and field."""
    return [m.model_dump(exclude_none=True) for m in importer.read_mentions(Path(path), "backtest")]


def score_all(mentions: list[dict], fallback_lang: str = "en") -> list[ScoredMention]:
    """Validate and score every mention (all or nothing), sorted by time."""
    scored, problems = [], []
    for i, data in enumerate(mentions):
        try:
            mention = to_mention(dict(data), "backtest")
        except ValidationError as exc:
            problems += InvalidInput.from_pydantic(exc, prefix=f"mentions[{i}]").problems
            continue
        except InvalidInput as exc:
            problems += [(f"mentions[{i}].{f}", m) for f, m in exc.problems]
            continue
        created = mention.created_at or datetime.now(UTC)
        scored.append(score_mention(mention, str(i), created, fallback_lang))
    if problems:
        raise InvalidInput(problems)
    return sorted(scored, key=lambda m: m.created_at)


def run_backtest(
    mentions: list[dict],
    tuning: Tuning | None = None,
    *,
    site_created: datetime | None = None,
    until: datetime | None = None,
    fallback_lang: str = "en",
) -> BacktestResult:
    """The level timeline the detector would have produced for these mentions. The site is
    taken to exist from its first mention (or site_created, for a known history start)."""
    tuning = tuning or Tuning()
    scored = score_all(mentions, fallback_lang)
    if not scored:
        return BacktestResult([])
    source = MemoryBuckets()
    for mention in scored:
        source.add(mention.created_at.timestamp(), counts_of(mention))
    first = scored[0].created_at.timestamp()
    created = site_created.timestamp() if site_created else first
    end = until.timestamp() if until else scored[-1].created_at.timestamp() + TAIL_SECONDS
    return simulate(source, tuning, created, first, end, scored, stop_when_calm=until is None)


def simulate(
    source: MemoryBuckets,
    tuning: Tuning,
    created_at: float,
    start: float,
    end: float,
    mentions: list[ScoredMention] | None = None,
    *,
    stop_when_calm: bool = False,
) -> BacktestResult:
    """Recompute once per simulated minute in [start, end), with the live hysteresis."""
    span = max(tuning.window_minutes, 60, tuning.impact_window_minutes)
    active = sorted(source.by_minute)
    times = [m.created_at.timestamp() for m in mentions or []]
    level, changed_at, below_since = Level.CALM, start, None
    transitions: list[Transition] = []
    series: list[dict] = []
    baselines: dict[int, detector.Baseline] = {}
    minute, last_minute = int(start // 60), int(end // 60)
    while minute < last_minute:
        if level == Level.CALM and not _talk_within(active, minute, span):
            following = bisect.bisect_right(active, minute)
            if following == len(active) and stop_when_calm:
                break
            minute = active[following] if following < len(active) else last_minute
            continue
        now = minute * 60 + 59.0
        hour = minute // 60
        if hour not in baselines:
            baselines[hour] = detector.baseline(source, tuning, created_at, now)
        windows = detector.gather(source, tuning, created_at, now, baselines[hour])
        assessment = detector.judge(windows, tuning)
        settled = settle(level, assessment, changed_at, below_since, now, tuning)
        if settled.level != level:
            reasons = list(settled.reasons)
            if mentions:
                top = _top(mentions, times, tuning, now)
                reasons += [f"weighs most: {t['text']!r}" for t in top[:2]]
            transitions.append(Transition(_at(now), settled.level, reasons))
        level, changed_at, below_since = settled.level, settled.changed_at, settled.below_since
        recent = source.by_minute.get(minute)
        series.append(
            {
                "time": minute * 60,
                "mentions": recent.n if recent else 0,
                "negatives": recent.neg if recent else 0,
                "level": int(level),
            }
        )
        minute += 1
    return BacktestResult(transitions, series, _at(start), _at(end))


def _talk_within(active: list[int], minute: int, span: int) -> bool:
    """Whether any minute in (minute - span, minute] had a mention."""
    i = bisect.bisect_right(active, minute)
    return i > 0 and active[i - 1] > minute - span


def _top(mentions: list[ScoredMention], times: list[float], tuning: Tuning, now: float) -> list:
    since = now - tuning.impact_window_minutes * 60
    window = mentions[bisect.bisect_left(times, since) : bisect.bisect_right(times, now)]
    return detector.top_mentions(window, tuning, since, now)


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def write_chart(result: BacktestResult, out_dir: Path) -> tuple[Path, Path]:
    """An altair chart of volume, negatives and level: chart.html and chart.png."""
    import altair as alt
    import pandas as pd

    out_dir.mkdir(parents=True, exist_ok=True)
    frame = pd.DataFrame(result.series or [{"time": 0, "mentions": 0, "negatives": 0, "level": 0}])
    frame["time"] = pd.to_datetime(frame["time"], unit="s", utc=True)
    span = frame["time"].max() - frame["time"].min()
    step = "1h" if span > pd.Timedelta(days=2) else "5min"
    binned = (
        frame.set_index("time")
        .resample(step)
        .agg({"mentions": "sum", "negatives": "sum", "level": "max"})
        .fillna(0)
        .reset_index()
    )
    binned["level name"] = binned["level"].map(lambda v: Level(int(v)).label)
    base = alt.Chart(binned).encode(x=alt.X("time:T", title=f"time (UTC, per {step})"))
    volume = base.mark_bar(color="#9db4c0").encode(y=alt.Y("mentions:Q", title="mentions"))
    negatives = base.mark_line(color="#c0392b").encode(y="negatives:Q")
    level = base.mark_line(interpolate="step-after", color="#34495e").encode(
        y=alt.Y(
            "level:Q",
            title="level",
            scale=alt.Scale(domain=[0, 3]),
            axis=alt.Axis(values=[0, 1, 2, 3], labelExpr=_LEVEL_LABELS),
        ),
        tooltip=["time:T", "level name:N", "mentions:Q", "negatives:Q"],
    )
    chart = alt.vconcat(
        (volume + negatives).properties(width=800, height=220, title="volume and negatives"),
        level.properties(width=800, height=120, title="crisis level"),
    )
    html, png = out_dir / "chart.html", out_dir / "chart.png"
    chart.save(str(html))
    chart.save(str(png))
    return html, png


_LEVEL_LABELS = "['calm', 'watch', 'alert', 'crisis'][datum.value]"
