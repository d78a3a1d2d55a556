"""Overview: the level at a glance, why, signals, attention and what visitors saw."""

from __future__ import annotations

from reassure import content, impressions, ingest, state
from reassure.levels import Level

from .driver import all_text, log_in, metric, rendered_markup, table_cells
from .hostile import HOSTILE_TEXTS, assert_shown_as_text, hostile_batch


def test_overview_shows_computed_override_and_effective_with_time_left(console, r, demo_token):
    state.set_override(
        r, "demo", {"level": "alert", "reason": "courier strike", "by": "Bob", "minutes": 90}
    )
    at = log_in(console)
    assert metric(at, "Effective level") == "ALERT"
    assert metric(at, "Computed level") == "calm"
    assert metric(at, "Override") == "alert"
    shown = all_text(at)
    assert "courier strike" in shown
    assert "set by Bob" in shown
    assert "1 h 29 min left" in shown or "1 h 30 min left" in shown
    assert any("ALERT" in m.value for m in at.markdown)


def test_overview_counts_mentions_and_those_needing_attention(console, r, demo_token, work):
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {
                    "source": "x",
                    "external_id": "a1",
                    "text": "Terrible scam, awful, avoid!",
                    "lang": "en",
                    "reach": 2_000_000,
                },
                {"source": "x", "external_id": "a2", "text": "Nice shop", "lang": "en"},
            ]
        },
    )
    work()
    at = log_in(console)
    assert metric(at, "Mentions, last hour") == "2"
    assert metric(at, "Negative, last hour") == "1"
    assert metric(at, "Mentions needing attention") == "1"


def test_overview_shows_widget_impressions_and_clicks_at_the_current_level(console, r, demo_token):
    guarantee = next(b.id for b in content.list_blocks(r, "demo") if b.kind == "guarantee")
    faq = next(b.id for b in content.list_blocks(r, "demo") if b.kind == "faq")
    counted = impressions.record(
        r,
        "demo",
        [
            {"kind": "guarantee", "level": 0, "action": "impression", "block": guarantee},
            {"kind": "guarantee", "level": 0, "action": "impression", "block": guarantee},
            {"kind": "guarantee", "level": 0, "action": "click", "block": guarantee},
            {"kind": "faq", "level": 2, "action": "impression", "block": faq},
        ],
    )
    assert counted == 4
    at = log_in(console)
    table = next(t.value for t in at.dataframe if "impressions" in t.value.columns)
    row = table[table["kind"] == "guarantee"].iloc[0]
    assert (row["impressions"], row["clicks"], row["click rate"]) == (2, 1, "50.0%")
    assert state.read(r, "demo").effective == Level.CALM
    faq_row = table[table["kind"] == "faq"]
    assert faq_row.empty or faq_row.iloc[0]["impressions"] == 0  # seen at alert, not calm


def test_hostile_mentions_are_shown_as_literal_text_on_the_overview(console, r, demo_token, work):
    ingest.ingest(r, "demo", hostile_batch(reach=5_000_000))
    work()
    state.recompute(r, "demo")
    assert state.read(r, "demo").signals.get("top_mentions")
    at = log_in(console)
    assert not at.exception
    assert "**mallory**" in table_cells(at)
    assert_shown_as_text(table_cells(at), rendered_markup(at), at)
    top = next(t.value for t in at.dataframe if "reach" in t.value.columns)
    assert set(top["text"]) <= set(HOSTILE_TEXTS)
