"""Post-mortem page: choose an episode, read its timeline, export it."""

from __future__ import annotations

from reassure import state

from .driver import log_in, metric, open_page, rendered_markup


def test_without_an_episode_the_page_says_so(console, r, demo_token):
    at = open_page(log_in(console), "postmortem")
    assert "No episode yet: the level has not left calm." in [t.value for t in at.text]


def test_an_episode_shows_its_timeline_and_exports(console, r, demo_token):
    state.recompute(r, "demo")
    state.set_override(
        r, "demo", {"level": "crisis", "reason": "**warehouse** fire", "by": "Bob", "minutes": 60}
    )
    state.clear_override(r, "demo", "Bob")
    at = open_page(log_in(console), "postmortem")
    assert not at.exception
    assert metric(at, "Peak level") == "crisis"
    table = next(t.value for t in at.dataframe if "detail" in t.value.columns)
    assert {"transition", "override", "shown"} <= set(table["kind"])
    assert any("**warehouse** fire" in detail for detail in table["detail"])
    assert not any("warehouse" in value for value in rendered_markup(at))
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Export as Markdown", "Export as CSV"]
