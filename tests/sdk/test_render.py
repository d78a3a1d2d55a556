"""render_html: escaped, accessible HTML with stable class names and no script."""

from __future__ import annotations

import datetime as dt

import pytest

from funnel_sdk import Block, Client, State, render_html
from tests.sdk.html_outline import outline

XSS = [
    '<script>alert("x")</script>',
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "javascript:alert(1)//&lt;b&gt;",
]


def a_state(*blocks: Block, level: int = 0, slot: str | None = None) -> State:
    names = ("calm", "watch", "alert", "crisis")
    return State(level, names[level], "en", slot, 7, tuple(blocks), "demo")


@pytest.fixture
def admin(web_url, demo_token):
    with Client(web_url, "demo", token=demo_token, cache_ttl=0) as client:
        yield client


@pytest.mark.parametrize("payload", XSS)
def test_a_hostile_testimonial_from_the_real_api_is_rendered_as_text(admin, work, payload):
    ids = admin.ingest([{"source": "reviews", "external_id": "x", "text": payload, "lang": "en"}])
    work()
    block = admin.testimonial_from_mention(ids.ids[0], payload[:100], consent=True, locale="en")
    admin.approve_block(block.id)

    html = render_html(admin.state(locale="en"), kinds=["testimonial"])

    parsed = outline(html)
    assert "script" not in parsed.tag_names() and "img" not in parsed.tag_names()
    assert "svg" not in parsed.tag_names()
    assert parsed.event_handlers() == []
    assert payload in parsed.text  # shown, exactly, as text
    assert payload[:100] in parsed.text


def test_blocks_carry_stable_class_names_for_level_slot_and_kind():
    state = a_state(Block("guarantee", "Free returns", "30 days"), level=3, slot="checkout")

    parsed = outline(render_html(state))

    (region,) = parsed.with_class("reassure")
    assert region["class"] == "reassure reassure--level-crisis reassure--slot-checkout"
    assert region["aria-label"] == "Shop with confidence"
    assert parsed.with_class("reassure__block--guarantee")
    assert parsed.text == ["30 days", "Free returns"]


def test_kinds_keep_only_those_kinds_in_the_state_order():
    state = a_state(
        Block("incident", "We are on it"), Block("offer", "15% off", code="SORRY15"), level=3
    )

    html = render_html(state, kinds=["offer"])

    assert "reassure__block--incident" not in html
    assert outline(html).with_class("reassure__code")


def test_nothing_to_show_renders_nothing():
    assert render_html(a_state()) == ""
    assert render_html(a_state(Block("faq", "A", "Q")), kinds=["offer"]) == ""


def test_a_testimonial_is_a_figure_with_author_date_and_an_accessible_rating():
    block = Block(
        "testimonial", "Fast!", author="Ana", source="reviews", date=dt.date(2026, 5, 1), rating=4
    )

    parsed = outline(render_html(a_state(block)))

    assert parsed.tag_names()[:3] == ["section", "figure", "blockquote"]
    (rating,) = parsed.with_class("reassure__rating")
    assert (rating["role"], rating["aria-label"]) == ("img", "Rated 4 out of 5")
    (date,) = parsed.with_class("reassure__date")
    assert date["datetime"] == "2026-05-01"


def test_a_faq_opens_without_javascript_as_details_and_summary():
    parsed = outline(render_html(a_state(Block("faq", "Yes, within 30 days.", "Can I return?"))))

    assert parsed.tag_names() == ["section", "details", "summary", "p"]


def test_an_offer_shows_its_code_and_expiry_as_a_time_element():
    expires = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
    block = Block("offer", "15% off your next order", "Sorry", code="SORRY15", expires_at=expires)

    parsed = outline(render_html(a_state(block, level=3)))

    assert "SORRY15" in parsed.text
    (expiry,) = parsed.with_class("reassure__expires")
    assert expiry["datetime"] == expires.isoformat()


def test_paragraphs_and_line_breaks_of_a_body_are_kept():
    html = render_html(a_state(Block("reassurance", "One\nline two\n\nSecond paragraph")))

    assert outline(html).tag_names() == ["section", "div", "p", "br", "p"]


def test_french_states_get_french_labels_and_lang():
    state = State(0, "calm", "fr", None, 1, (Block("guarantee", "Retours gratuits"),), "demo")

    (region,) = outline(render_html(state)).with_class("reassure")

    assert (region["lang"], region["aria-label"]) == ("fr", "Achetez en confiance")
