"""Impression and click counters of the widget, on a real Redis."""

from __future__ import annotations

import pytest

from reassure import content, impressions
from reassure.errors import InvalidInput, UnknownSite
from reassure.levels import Level
from reassure.store import Keys

NOW = 1_790_000_000.0


def first_block(r, kind: str) -> content.Block:
    return next(b for b in content.list_blocks(r, "demo") if b.kind == kind)


def event(block: content.Block, level="crisis", action="impression") -> dict:
    return {"block": block.id, "kind": block.kind, "level": level, "action": action}


def test_counts_add_up_per_kind_for_the_chosen_level(r, demo_token):
    offer, faq = first_block(r, "offer"), first_block(r, "faq")
    events = [event(offer), event(offer, action="click"), event(faq), event(faq, level=2)]
    assert impressions.record(r, "demo", events, now=NOW) == 4

    crisis = impressions.counts(r, "demo", level=Level.CRISIS, now=NOW)
    assert crisis["offer"] == {"impressions": 1, "clicks": 1}
    assert crisis["faq"] == {"impressions": 1, "clicks": 0}
    assert crisis["testimonial"] == {"impressions": 0, "clicks": 0}
    assert impressions.counts(r, "demo", now=NOW)["faq"]["impressions"] == 2


def test_counts_cover_only_the_last_hours_asked_for(r, demo_token):
    offer = first_block(r, "offer")
    impressions.record(r, "demo", [event(offer)], now=NOW - 5 * 3600)
    impressions.record(r, "demo", [event(offer)], now=NOW)
    assert impressions.counts(r, "demo", hours=2, now=NOW)["offer"]["impressions"] == 1
    assert impressions.counts(r, "demo", hours=6, now=NOW)["offer"]["impressions"] == 2


def test_counts_per_block_name_the_block(r, demo_token):
    offer = first_block(r, "offer")
    impressions.record(r, "demo", [event(offer, action="click")], now=NOW)
    by_block = impressions.counts_by_block(r, "demo", now=NOW)
    assert by_block == {offer.id: {"impressions": 0, "clicks": 1}}


def test_one_bad_event_names_its_field_and_nothing_is_counted(r, demo_token):
    offer = first_block(r, "offer")
    bad = {**event(offer), "action": "hover"}
    with pytest.raises(InvalidInput) as caught:
        impressions.record(r, "demo", [event(offer), bad], now=NOW)
    assert [field for field, _ in caught.value.problems] == ["events[1].action"]
    assert impressions.counts(r, "demo", now=NOW)["offer"]["impressions"] == 0


@pytest.mark.parametrize(
    ("events", "field"),
    [
        ("not a list", "events"),
        ([{"block": "x", "kind": "banner", "level": 0, "action": "click"}], "events[0].kind"),
        ([{"block": "x", "kind": "faq", "level": 7, "action": "click"}], "events[0].level"),
        ([{"block": "<b>", "kind": "faq", "level": 0, "action": "click"}], "events[0].block"),
        ([{"block": "x", "kind": "faq", "level": 0, "action": "click", "x": 1}], "events[0].x"),
        ([{"block": "x", "kind": "faq", "level": 0, "action": "click"}] * 51, "events"),
    ],
)
def test_invalid_beacons_are_refused_with_the_field_named(r, demo_token, events, field):
    with pytest.raises(InvalidInput) as caught:
        impressions.record(r, "demo", events)
    assert caught.value.problems[0][0] == field


def test_events_about_unknown_blocks_or_wrong_kinds_are_skipped(r, demo_token):
    offer = first_block(r, "offer")
    ghost = {"block": "ghost", "kind": "offer", "level": 3, "action": "impression"}
    wrong_kind = {**event(offer), "kind": "faq"}
    assert impressions.record(r, "demo", [ghost, wrong_kind, event(offer)], now=NOW) == 1


def test_counters_expire_after_about_a_week(r, demo_token):
    impressions.record(r, "demo", [event(first_block(r, "offer"))], now=NOW)
    keys = r.keys(Keys("demo").impressions("*"))
    assert len(keys) == 1
    assert 7 * 24 * 3600 < r.ttl(keys[0]) <= impressions.KEEP_SECONDS


def test_unknown_site_is_refused(r):
    with pytest.raises(UnknownSite):
        impressions.record(r, "ghost", [])
