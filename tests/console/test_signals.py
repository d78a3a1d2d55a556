"""Signals: per-hour charts, negative share with its interval, the level timeline."""

from __future__ import annotations

from reassure import ingest, state

from .driver import log_in, open_page


def charts(at) -> list:
    return at.get("vega_lite_chart")


def test_signals_chart_the_talk_and_the_level_with_its_transitions(console, r, demo_token, work):
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {"source": "x", "external_id": f"s{i}", "lang": "en", "text": text}
                for i, text in enumerate(["Awful, broken, terrible", "Love it", "Fine I guess"])
            ]
        },
    )
    work()
    state.set_override(r, "demo", {"level": "alert", "reason": "press", "by": "Bob", "minutes": 60})
    at = open_page(log_in(console), "signals")
    assert not at.exception
    assert len(charts(at)) == 3
    specs = " ".join(str(c.proto.spec) for c in charts(at))
    assert "stack" in specs  # mentions per hour, stacked by sentiment
    assert "low" in specs and "high" in specs  # the share's interval
    assert "step-after" in specs  # the level timeline
    transitions = next(t.value for t in at.dataframe if "cause" in t.value.columns)
    assert "override set by Bob: press" in list(transitions["cause"])


def test_signals_range_is_selectable_and_says_when_there_is_no_talk(console, r, demo_token):
    at = open_page(log_in(console), "signals")
    at.button_group(key="signals_range").set_value("7 days").run()
    assert "No mentions in the last 7 days." in [t.value for t in at.text]
    assert len(charts(at)) == 1  # the level timeline is always drawn
