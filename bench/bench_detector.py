"""The detector's figures on every scenario, and the cost of a recompute against history size.

    .venv/bin/python bench/bench_detector.py [--seeds 5] [--skip-recompute]

(a) Scenarios (reassure.scenarios, en and fr, several seeds) through the backtest: median
    delay from the event's onset to watch, alert and crisis (over the runs that reached it,
    with how many did), and false alarms per simulated week: rises above calm before the
    onset (the whole timeline for "calm"), and rises to alert or above.
(b) Recompute (reassure.state.recompute, the live path on a real redis-server) for a site
    with 1e3 mentions of history and one with 1e7, the counters written straight into the
    hour and minute buckets as processing would have left them. Prints the medians and their
    ratio (aim: under 1.5), with the hourly baseline cached (most recomputes) and re-read
    (the first recompute of each hour). No assertions.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reassure import scenarios, state
from reassure.buckets import Counts, increments
from reassure.detector import BASELINE_FIELD
from reassure.embedded_redis import EmbeddedRedis
from reassure.levels import Level
from reassure.sites import Tuning, create_site
from reassure.store import Keys, connect
from reassure.timeline import run_backtest

START = datetime(2026, 3, 2, tzinfo=UTC)
WEEK = timedelta(days=7)


def scenario_table(seeds: int) -> None:
    print(f"(a) scenarios, en + fr x {seeds} seeds, default tuning")
    header = (
        f"{'scenario':<16}{'watch':>14}{'alert':>14}{'crisis':>14}{'FA/wk':>8}{'FA>=alert/wk':>14}"
    )
    print(header)
    for name in scenarios.SCENARIOS:
        onset = scenarios.onset(name, START)
        delays = {level: [] for level in (Level.WATCH, Level.ALERT, Level.CRISIS)}
        alarms = serious = 0
        quiet = timedelta(0)
        runs = 0
        for lang in ("en", "fr"):
            for seed in range(seeds):
                mentions = scenarios.generate(name, START, seed=seed, lang=lang)
                result = run_backtest(mentions, Tuning(), site_created=START)
                runs += 1
                end_quiet = onset or datetime.fromisoformat(mentions[-1]["created_at"])
                quiet += end_quiet - START
                previous = Level.CALM
                for t in result.transitions:
                    if t.time < end_quiet and t.level > previous:
                        alarms += previous == Level.CALM
                        serious += t.level >= Level.ALERT and previous < Level.ALERT
                    previous = t.level
                if onset:
                    for level, found in delays.items():
                        reached = result.first_reached(level, after=onset)
                        if reached and reached - onset <= timedelta(hours=12):
                            found.append((reached - onset).total_seconds() / 60)
        weeks = quiet / WEEK
        cells = [_delay(delays[level], runs) if onset else "-" for level in delays]
        print(
            f"{name:<16}{cells[0]:>14}{cells[1]:>14}{cells[2]:>14}"
            f"{alarms / weeks:>8.2f}{serious / weeks:>14.2f}"
        )
    print("delays: median minutes from onset (runs that reached the level / runs)")


def _delay(minutes: list[float], runs: int) -> str:
    if not minutes:
        return f"never (0/{runs})"
    return f"{statistics.median(minutes):.0f} ({len(minutes)}/{runs})"


def fill_history(r, slug: str, mentions: int, now: float) -> None:
    """Counters for `mentions` mentions spread evenly over 28 days, written in bulk into the
    hour buckets (28 days) and minute buckets (last 8 days) as processing leaves them."""
    pipe = r.pipeline(transaction=False)
    _spread(pipe, slug, mentions, int(now // 3600) - 28 * 24, 28 * 24, 3600, ":hours:")
    in_minutes = mentions * 8 // 28
    _spread(pipe, slug, in_minutes, int(now // 60) - 8 * 1440, 8 * 1440, 60, ":minutes:")
    pipe.execute()


def _spread(pipe, slug: str, total: int, first: int, slots: int, seconds: int, kind: str) -> None:
    step = max(1, slots // max(1, total))  # sparse history: one mention every `step` slots
    each = max(1, total // slots)
    counts = Counts(n=each, neg=max(1, each // 5), pos=each // 2, reach_neg=50 * each)
    counts.categories = {"outage": 1}
    for slot in range(first, first + slots, step):
        for key, field, amount in increments(slug, slot * seconds, counts):
            if kind in key:
                pipe.hincrby(key, field, amount)


def recompute_cost(repeats: int = 300) -> None:
    print("\n(b) recompute cost against history size (live path, real redis-server)")
    sizes = (10**3, 10**7)
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis").start()
        try:
            r = connect(server.url)
            now = time.time()
            for size in sizes:
                create_site(r, slug=f"h{size}", name=f"h{size}", created_at=now - 40 * 86400)
                fill_history(r, f"h{size}", size, now)
            for fresh, label in (
                (False, "baseline cached within the hour"),
                (True, "baseline re-read, once an hour"),
            ):
                # Interleaved, so both sizes see the same load on a shared machine.
                timings: dict[int, list[float]] = {size: [] for size in sizes}
                for i in range(repeats + 10):
                    for size in sizes:
                        elapsed = _recompute_once(r, f"h{size}", now, fresh)
                        if i >= 10:  # after a warm-up
                            timings[size].append(elapsed)
                medians = {size: statistics.median(t) for size, t in timings.items()}
                print(
                    f"  {label}: 1e3 mentions {medians[sizes[0]] * 1e3:.2f} ms, "
                    f"1e7 mentions {medians[sizes[1]] * 1e3:.2f} ms, "
                    f"ratio {medians[sizes[1]] / medians[sizes[0]]:.2f} (aim: under 1.5)"
                )
        finally:
            server.stop()


def _recompute_once(r, slug: str, now: float, fresh: bool) -> float:
    if fresh:
        r.hdel(Keys(slug).state, BASELINE_FIELD)
    began = time.perf_counter()
    state.recompute(r, slug, now=now)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--skip-recompute", action="store_true")
    args = parser.parse_args()
    scenario_table(args.seeds)
    if not args.skip_recompute:
        recompute_cost()


if __name__ == "__main__":
    main()
