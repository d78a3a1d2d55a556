"""Backtest files, charts, calibration previews, and the live path agreeing with the backtest."""

import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from reassure import calibration, ingest, scenarios, state
from reassure.errors import InvalidInput
from reassure.levels import Level
from reassure.sites import Tuning, create_site, get_site
from reassure.store import Keys
from reassure.timeline import load_file, run_backtest, write_chart


def test_a_csv_file_loads_with_its_optional_columns(tmp_path):
    path = tmp_path / "talk.csv"
    path.write_text(
        "text,created_at,source,author,reach,rating,lang,external_id\n"
        "Great shop,2026-01-02T10:00:00Z,reviews,Ann,120,5,en,r1\n"
        "Arnaque totale,2026-01-02T10:05:00Z,forum,,,,fr,\n"
    )
    rows = load_file(path)
    assert [r["text"] for r in rows] == ["Great shop", "Arnaque totale"]
    assert rows[0]["reach"] == 120 and rows[0]["external_id"] == "r1"
    assert rows[1]["lang"] == "fr" and len(rows[1]["external_id"]) == 32  # stable, derived


def test_a_file_without_created_at_names_the_line_and_field(tmp_path):
    path = tmp_path / "talk.jsonl"
    path.write_text(json.dumps({"text": "hello"}) + "\n")
    with pytest.raises(InvalidInput) as caught:
        load_file(path)
    assert caught.value.problems[0][0] == "line 1: created_at"


def test_an_unknown_column_is_refused(tmp_path):
    path = tmp_path / "talk.jsonl"
    path.write_text(json.dumps({"text": "hi", "created_at": "2026-01-01T00:00:00Z", "mood": 1}))
    with pytest.raises(InvalidInput, match="mood"):
        load_file(path)


def test_a_backtest_writes_an_html_and_a_png_chart(tmp_path):
    start = datetime(2026, 3, 2, tzinfo=UTC)
    result = run_backtest(scenarios.generate("data_leak", start), Tuning(), site_created=start)
    html, png = write_chart(result, tmp_path / "out")
    assert "vega" in html.read_text().lower()
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_stricter_tuning_gives_a_calmer_timeline():
    start = datetime(2026, 3, 2, tzinfo=UTC)
    mentions = scenarios.generate("viral_negative", start)
    default = run_backtest(mentions, Tuning(), site_created=start)
    tolerant = run_backtest(
        mentions, Tuning(reach_crisis=10**9, reach_alert=10**8, reach_watch=10**7)
    )
    assert default.peak == Level.ALERT and tolerant.peak < Level.ALERT


# -- the live path: real Redis, a real RQ worker, state.recompute --------------------------


@pytest.fixture
def burst_site(r, work):
    """The 'burst' scenario ingested through the API path and counted by a real worker, on a
    site created when the scenario starts (17 days ago)."""
    start = datetime.fromtimestamp(time.time(), UTC) - timedelta(days=17)
    start = start.replace(second=0, microsecond=0)
    mentions = scenarios.generate("burst", start, seed=2, lang="fr")
    create_site(r, slug="acme", name="Acme", default_locale="fr", created_at=start.timestamp())
    for i in range(0, len(mentions), 500):
        ingest.ingest(r, "acme", {"mentions": mentions[i : i + 500]})
    work()
    r.delete(Keys("acme").state, Keys("acme").history)  # the worker recomputed at "now"
    return start, mentions


def live_transitions(r, minutes) -> list[tuple[datetime, Level]]:
    out, level = [], Level.CALM
    for minute in minutes:
        now = minute * 60 + 59.0
        computed = state.recompute(r, "acme", now=now).computed
        if computed != level:
            out.append((datetime.fromtimestamp(now, UTC), computed))
            level = computed
    return out


def test_the_live_path_agrees_with_the_backtest(r, burst_site):
    start, mentions = burst_site
    onset = scenarios.onset("burst", start)
    first = int((onset - timedelta(minutes=30)).timestamp() // 60)
    minutes = range(first, first + 4 * 60)
    backtest = run_backtest(mentions, Tuning(), site_created=start, fallback_lang="fr")
    assert backtest.level_at(datetime.fromtimestamp(first * 60, UTC)) == Level.CALM
    expected = [
        (t.time, t.level)
        for t in backtest.transitions
        if first * 60 <= t.time.timestamp() < (first + 4 * 60) * 60
    ]
    assert expected and live_transitions(r, minutes) == expected


def test_the_live_state_keeps_reasons_and_top_mentions(r, burst_site):
    start, _ = burst_site
    onset = scenarios.onset("burst", start)
    current = state.recompute(r, "acme", now=onset.timestamp() + 5 * 60)
    assert current.computed == Level.CRISIS
    assert any("negative of" in reason for reason in current.reasons)
    top = current.signals["top_mentions"]
    assert 1 <= len(top) <= 5 and {"id", "text", "reach", "categories"} <= set(top[0])


def test_calibration_previews_the_levels_of_the_last_days(r, burst_site):
    start, mentions = burst_site
    onset = scenarios.onset("burst", start)
    now = onset.timestamp() + 6 * 3600
    preview = calibration.preview(r, "acme", Tuning(), days=1, now=now)
    backtest = run_backtest(mentions, Tuning(), site_created=start, fallback_lang="fr")
    since = datetime.fromtimestamp(now - 86400, UTC)
    later = [
        (t.time, t.level) for t in backtest.transitions if since + timedelta(hours=2) <= t.time
    ]
    shown = [(t.time, t.level) for t in preview.transitions if t.time >= since + timedelta(hours=2)]
    assert preview.first_reached(Level.CRISIS) - onset <= timedelta(minutes=5)
    assert shown == [x for x in later if x[0].timestamp() < now]


def test_calibration_shows_what_candidate_settings_would_change_and_saves_nothing(r, burst_site):
    start, _ = burst_site
    onset = scenarios.onset("burst", start)
    now = onset.timestamp() + 6 * 3600
    before = (get_site(r, "acme"), r.hgetall(Keys("acme").state))
    tolerant = Tuning.parse(
        {
            "sensitivity": "low",
            "crisis_min_negatives": 500,
            "alert_min_negatives": 400,
            "category_severity": {"fraud": 0, "scam": 0, "refund_delivery": 0},
        }
    )
    assert calibration.preview(r, "acme", tolerant, days=1, now=now).peak < Level.CRISIS
    assert (get_site(r, "acme"), r.hgetall(Keys("acme").state)) == before


@pytest.mark.parametrize("days", [0, 8, "7", True])
def test_calibration_refuses_a_bad_number_of_days(r, demo_token, days):
    with pytest.raises(InvalidInput, match="days"):
        calibration.preview(r, "demo", Tuning(), days=days)


def test_replay_compresses_time_by_its_speed():
    from reassure.replay import schedule

    plan = schedule(
        [
            {"text": "b", "created_at": "2026-01-01T11:00:00Z"},
            {"text": "a", "created_at": "2026-01-01T10:00:00Z"},
        ],
        speed=60,
    )
    assert [(offset, m["text"]) for offset, m in plan] == [(0.0, "a"), (60.0, "b")]


def test_replay_refuses_a_speed_that_is_not_positive():
    from reassure.replay import schedule

    with pytest.raises(InvalidInput, match="speed"):
        schedule([{"text": "a", "created_at": "2026-01-01T10:00:00Z"}], speed=0)
