"""The detector on generated timelines, through the backtest (the live detector in simulated
time), in English and in French."""

from datetime import UTC, datetime, timedelta
from functools import cache
from itertools import pairwise

import pytest

from reassure import scenarios
from reassure.errors import InvalidInput
from reassure.levels import Level
from reassure.sites import Tuning
from reassure.timeline import BacktestResult, run_backtest

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
LANGS = ["en", "fr"]
SEEDS = [0, 1]


@cache
def backtest(name: str, lang: str, seed: int = 0) -> BacktestResult:
    mentions = scenarios.generate(name, START, seed=seed, lang=lang)
    return run_backtest(mentions, Tuning(), site_created=START)


def onset(name: str) -> datetime:
    return scenarios.onset(name, START)


def delay(result: BacktestResult, level: Level, name: str) -> timedelta | None:
    reached = result.first_reached(level, after=onset(name))
    return reached - onset(name) if reached else None


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("lang", LANGS)
def test_calm_weeks_never_go_above_watch(lang, seed):
    assert backtest("calm", lang, seed).peak <= Level.WATCH


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_sudden_negative_burst_is_a_crisis_within_minutes_of_its_onset(lang, seed):
    assert delay(backtest("burst", lang, seed), Level.CRISIS, "burst") <= timedelta(minutes=5)


@pytest.mark.parametrize("lang", LANGS)
def test_a_slow_building_wave_reaches_alert_before_crisis(lang):
    result = backtest("slow_wave", lang)
    alert, crisis = (
        delay(result, Level.ALERT, "slow_wave"),
        delay(result, Level.CRISIS, "slow_wave"),
    )
    assert alert is not None and crisis is not None
    assert alert < crisis


@pytest.mark.parametrize("lang", LANGS)
def test_a_slow_building_wave_is_not_a_crisis_in_its_first_hour(lang):
    assert delay(backtest("slow_wave", lang), Level.CRISIS, "slow_wave") > timedelta(hours=1)


@pytest.mark.parametrize("lang", LANGS)
def test_one_viral_negative_post_raises_the_level(lang):
    result = backtest("viral_negative", lang)
    assert delay(result, Level.ALERT, "viral_negative") <= timedelta(minutes=2)
    reasons = result.transitions[-3].reasons if len(result.transitions) >= 3 else []
    assert any("1,500,000 people" in r for t in result.transitions for r in t.reasons), reasons


@pytest.mark.parametrize("lang", LANGS)
def test_a_single_data_leak_mention_raises_the_level_at_low_volume(lang):
    result = backtest("data_leak", lang)
    assert delay(result, Level.ALERT, "data_leak") <= timedelta(minutes=2)
    assert any("data leak" in r for t in result.transitions for r in t.reasons)


@pytest.mark.parametrize("lang", LANGS)
def test_a_positive_viral_spike_stays_calm(lang):
    result = backtest("positive_spike", lang)
    spike = onset("positive_spike")
    during = [t for t in result.transitions if spike <= t.time <= spike + timedelta(hours=2)]
    assert during == []


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("lang", LANGS)
def test_recovery_steps_down_one_level_at_a_time_after_the_cool_down(lang, seed):
    result = backtest("recovery", lang, seed)
    after = [t for t in result.transitions if t.time >= onset("recovery")]
    peak = next(i for i, t in enumerate(after) if t.level == Level.CRISIS)
    falls = after[peak:]
    assert [t.level for t in falls] == [Level.CRISIS, Level.ALERT, Level.WATCH, Level.CALM]
    cooldown = timedelta(minutes=Tuning().cooldown_minutes)
    assert all(b.time - a.time >= cooldown for a, b in pairwise(falls[1:]))


@pytest.mark.parametrize("lang", LANGS)
def test_a_new_site_stays_calm_on_ordinary_talk_then_catches_a_burst(lang):
    result = backtest("new_site", lang)
    before = [t for t in result.transitions if t.time < onset("new_site")]
    assert all(t.level <= Level.WATCH for t in before)
    assert delay(result, Level.ALERT, "new_site") <= timedelta(minutes=10)


def test_each_transition_comes_with_reasons_in_plain_words():
    for t in backtest("burst", "en").transitions:
        assert t.reasons and all(isinstance(r, str) and r for r in t.reasons)


def test_scenarios_are_sorted_and_reproducible():
    first = scenarios.generate("burst", START, seed=3, lang="fr")
    assert first == scenarios.generate("burst", START, seed=3, lang="fr")
    times = [m["created_at"] for m in first]
    assert times == sorted(times)
    assert {"source", "external_id", "text", "created_at"} <= set(first[0])


def test_french_scenarios_are_scored_as_french():
    from reassure.timeline import score_all

    scored = score_all(scenarios.generate("data_leak", START, lang="fr"))
    assert sum(m.lang == "fr" for m in scored) / len(scored) > 0.95


def test_an_unknown_scenario_names_the_field():
    with pytest.raises(InvalidInput, match="name"):
        scenarios.generate("meteor", START)


def test_sensitivity_orders_how_soon_a_wave_becomes_a_crisis():
    mentions = scenarios.generate("slow_wave", START)
    delays = [
        run_backtest(mentions, Tuning(sensitivity=s), site_created=START).first_reached(
            Level.CRISIS, after=onset("slow_wave")
        )
        for s in ("high", "normal", "low")
    ]
    assert delays[0] <= delays[1] <= delays[2] and delays[0] < delays[2]


def test_a_tolerant_sector_takes_a_single_data_leak_as_watch_only():
    mentions = scenarios.generate("data_leak", START)
    assert run_backtest(mentions, Tuning(sensitivity="low"), site_created=START).peak == Level.WATCH
