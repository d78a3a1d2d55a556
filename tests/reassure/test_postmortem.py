import csv
import io
import time

from reassure import content, postmortem, sites, state
from reassure.levels import Level


def episode_with_override(r, start: float) -> None:
    state.recompute(r, "demo", now=start - 60)
    state.set_override(
        r,
        "demo",
        {"level": "alert", "reason": "press | article", "by": "Ann", "minutes": 60},
        now=start,
    )
    state.clear_override(r, "demo", "Ben", now=start + 600)


def test_episodes_run_from_the_first_rise_back_to_calm(r, demo_token):
    start = 1_790_000_000.0
    episode_with_override(r, start)
    [episode] = postmortem.episodes(r, "demo")
    assert (episode.start, episode.end, episode.peak) == (start, start + 600, Level.ALERT)


def test_the_timeline_has_transitions_overrides_and_what_pages_showed(r, demo_token):
    start = time.time()  # after the demo content was written, before any later change
    episode_with_override(r, start)
    [episode] = postmortem.episodes(r, "demo")
    rows = postmortem.timeline(r, "demo", episode)
    kinds = [row.kind for row in rows]
    assert kinds.count("transition") == 2
    assert {"override", "shown"} <= set(kinds)
    shown = next(row.detail for row in rows if row.kind == "shown" and row.level == "alert")
    assert "faq" in shown


def test_a_block_changed_after_the_episode_is_shown_as_it_was(r, demo_token):
    start = time.time()  # after the demo content was written, before any later change
    episode_with_override(r, start)
    faq = next(b for b in content.list_blocks(r, "demo") if b.kind == "faq" and b.locale == "fr")
    content.set_status(r, "demo", faq.id, "retired", by="Cy")
    [episode] = postmortem.episodes(r, "demo")
    shown = next(
        row.detail
        for row in postmortem.timeline(r, "demo", episode)
        if row.kind == "shown" and row.level == "alert"
    )
    assert faq.title[:30] in shown


def test_exports_keep_text_literal(r, demo_token):
    start = time.time()  # after the demo content was written, before any later change
    episode_with_override(r, start)
    [episode] = postmortem.episodes(r, "demo")
    rows = postmortem.timeline(r, "demo", episode)
    markdown = postmortem.to_markdown(sites.get_site(r, "demo"), episode, rows)
    assert "press \\| article" in markdown  # the table is not broken by a pipe
    parsed = list(csv.reader(io.StringIO(postmortem.to_csv(rows))))
    assert parsed[0] == list(postmortem.CSV_COLUMNS)
    assert any("press | article" in cell for row in parsed for cell in row)
