"""What the widget draws, in a real headless Chromium against the real app and Redis: every
kind at every level in French and English, slots, themes, the floating card and bar."""

from __future__ import annotations

import pytest
import requests
from playwright.sync_api import expect

from reassure import state
from reassure.levels import BLOCK_KINDS, KINDS_BY_LEVEL, Level

from .pages import host_page, kinds, phone, serve, widget

SLOTS = '<div data-reassure-slot="main"></div><div data-reassure-slot="checkout"></div>'
ALARMING = ("incident", "crise", "crisis", "retard", "late", "désolé", "sorry", "excuses")
UPDATED = {"fr": "Mis à jour", "en": "Updated"}
UNTIL = {"fr": "Valable jusqu'au", "en": "Valid until"}


def override(r, level: Level) -> None:
    state.set_override(r, "demo", {"level": int(level), "reason": "test", "minutes": 5, "by": "t"})


def served_blocks(web_url: str, locale: str) -> list[dict]:
    url = f"{web_url}/v1/sites/demo/state?locale={locale}"
    return requests.get(url, headers={"Cache-Control": "no-cache"}, timeout=5).json()["blocks"]


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_every_kind_at_every_level_renders_in_the_page_language(
    page, web_url, r, demo_token, artifacts, problems, locale
):
    serve(page, f"{web_url}/shop-{locale}", host_page(SLOTS, lang=locale))
    page.goto(f"{web_url}/shop-{locale}")
    main = widget(page)
    drawn_kinds: set[str] = set()
    for level in Level:
        override(r, level)  # reaches the open page over live events
        expect(main).to_have_attribute("data-level", level.label)
        served = served_blocks(web_url, locale)
        expect(main.locator("[data-kind]")).to_have_count(len(served))
        assert kinds(main) == [block["kind"] for block in served]
        assert {b["kind"] for b in served} <= set(KINDS_BY_LEVEL[level])
        drawn_kinds |= set(kinds(main))
        for block in served:
            drawn = main.locator(f'[data-id="{block["id"]}"]')
            expect(drawn).to_contain_text(block["body"][:40], use_inner_text=False)
            _check_kind_details(drawn, block, locale)
        expect(main).to_have_attribute("lang", locale)
        page.screenshot(path=artifacts / f"widget-{locale}-{level.label}.png", full_page=True)
    assert drawn_kinds == set(BLOCK_KINDS)
    assert problems.script_errors() == []


def _check_kind_details(drawn, block: dict, locale: str) -> None:
    kind = block["kind"]
    if kind == "testimonial":
        stars = drawn.locator('[role="img"]')
        expect(stars).to_have_attribute(
            "aria-label", f"{block['rating']:g}" + (" sur 5" if locale == "fr" else " out of 5")
        )
        expect(drawn).to_contain_text(block["author"], use_inner_text=False)
        expect(drawn).to_contain_text(block["source"], use_inner_text=False)
    elif kind == "faq":
        expect(drawn.locator("summary")).to_have_text(block["title"])
    elif kind == "offer":
        expect(drawn.locator("code")).to_have_text(block["code"])
        expect(drawn.locator("button")).to_be_visible()
        expect(drawn).to_contain_text(UNTIL[locale])
    elif kind == "incident":
        expect(drawn).to_contain_text(UPDATED[locale])


def test_crisis_leads_with_the_incident_note_and_its_last_update(
    page, web_url, r, demo_token, problems
):
    override(r, Level.CRISIS)
    page.goto(web_url + "/demo")
    first = widget(page).locator("[data-kind]").first
    expect(first).to_have_attribute("data-kind", "incident")
    expect(first).to_contain_text("Mis à jour")
    assert problems.script_errors() == []


def test_calm_shows_nothing_alarming(page, web_url, demo_token, problems):
    page.goto(web_url + "/demo")
    main = widget(page)
    expect(main).to_have_attribute("data-level", "calm")
    text = main.evaluate("root => root.textContent").lower()
    assert not [word for word in ALARMING if word in text]
    assert not {"incident", "offer", "faq"} & set(kinds(main))


def test_slots_narrow_kinds_by_site_setting_and_by_data_kinds_from_one_request(
    page, web_url, r, demo_token, problems
):
    override(r, Level.CRISIS)
    state_requests: list[str] = []
    page.on("request", lambda q: state_requests.append(q.url) if "/state" in q.url else None)
    serve(
        page,
        web_url + "/slots",
        host_page(
            '<div data-reassure-slot="main"></div><div data-reassure-slot="checkout"></div>'
            '<div data-reassure-slot="help" data-kinds="faq"></div>'
        ),
    )
    page.goto(web_url + "/slots")

    expect(widget(page, "checkout")).to_have_attribute("data-level", "crisis")
    assert set(kinds(widget(page, "checkout"))) == {"guarantee", "offer"}
    assert set(kinds(widget(page, "help"))) == {"faq"}
    assert kinds(widget(page, "main"))[0] == "incident"
    assert len(state_requests) == 1
    assert problems.script_errors() == []


def test_dark_theme_draws_light_text_on_a_dark_card(page, web_url, demo_token, artifacts):
    serve(page, web_url + "/dark", host_page(SLOTS, script_attrs='data-theme="dark"'))
    page.goto(web_url + "/dark")
    block = widget(page).locator('[data-kind="guarantee"]')
    expect(block).to_be_visible()
    background = block.evaluate("b => getComputedStyle(b).backgroundColor")
    color = block.evaluate("b => getComputedStyle(b).color")
    assert background == "rgb(22, 27, 34)" and color == "rgb(230, 237, 243)"
    page.screenshot(path=artifacts / "widget-dark.png", full_page=True)


def test_auto_theme_follows_the_reader_color_scheme(page, web_url, demo_token):
    serve(page, web_url + "/auto", host_page(SLOTS, script_attrs='data-theme="auto"'))
    page.emulate_media(color_scheme="dark")
    page.goto(web_url + "/auto")
    block = widget(page).locator('[data-kind="guarantee"]')
    expect(block).to_be_visible()
    assert block.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(22, 27, 34)"
    page.emulate_media(color_scheme="light")
    expect(block).to_have_css("background-color", "rgb(255, 255, 255)")


def test_locale_comes_from_html_lang_and_falls_back_from_fr_ca_to_fr(page, web_url, demo_token):
    serve(page, web_url + "/quebec", host_page(SLOTS, lang="fr-CA"))
    page.goto(web_url + "/quebec")
    expect(widget(page)).to_have_attribute("lang", "fr")
    expect(widget(page)).to_contain_text("Satisfait ou remboursé")


def test_data_locale_wins_over_html_lang(page, web_url, demo_token):
    serve(page, web_url + "/english", host_page(SLOTS, lang="fr", script_attrs='data-locale="en"'))
    page.goto(web_url + "/english")
    expect(widget(page)).to_have_attribute("lang", "en")


def test_page_without_slots_gets_one_floating_card_that_can_be_closed(
    page, web_url, demo_token, problems
):
    serve(page, web_url + "/plain", host_page("<p>Shop</p>", lang="en"))
    page.goto(web_url + "/plain")

    card = page.locator("reassure-widget [data-level]")
    expect(card).to_have_attribute("lang", "en")
    expect(card).to_contain_text("30-day money-back guarantee")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('reassure-widget')).position")
        == "fixed"
    )
    card.get_by_role("button", name="Close").click()
    expect(card).to_be_hidden()
    page.reload()
    expect(page.locator("reassure-widget [data-level]")).to_be_hidden()  # closed for the session
    assert problems.script_errors() == []


@pytest.mark.parametrize("position", ["bottom-right", "bottom"])
def test_floating_widget_on_a_phone_never_covers_the_page_sticky_call_to_action(
    browser, web_url, demo_token, problems, artifacts, position
):
    cta = (
        '<main style="height:1400px">Produit</main>'
        '<button id="buy" style="position:fixed;left:0;right:0;bottom:0;height:64px">'
        "Acheter</button>"
    )
    with phone(browser, problems) as page:
        serve(page, web_url + "/phone", host_page(cta, script_attrs=f'data-position="{position}"'))
        page.goto(web_url + "/phone")
        card = page.locator("reassure-widget [data-level]")
        expect(card).to_be_visible()
        box = page.locator("reassure-widget").bounding_box()
        buy = page.locator("#buy").bounding_box()
        assert box["y"] + box["height"] <= buy["y"] + 0.5
        assert page.locator("#buy").evaluate(
            "b => document.elementFromPoint(b.getBoundingClientRect().x + 20,"
            " b.getBoundingClientRect().y + 20) === b"
        )
        # the page can scroll its own end out from under the widget
        padding = page.evaluate("parseFloat(getComputedStyle(document.body).paddingBottom)")
        assert padding >= box["height"]
        page.screenshot(path=artifacts / f"widget-phone-{position}.png")
    assert problems.script_errors() == []


def test_demo_page_shows_calm_testimonials_and_guarantee_in_french(
    page, web_url, demo_token, artifacts, problems
):
    page.goto(web_url + "/demo")

    main = widget(page)
    expect(main).to_have_attribute("data-level", "calm")
    expect(main).to_have_attribute("lang", "fr")
    expect(main.locator('[data-kind="testimonial"]')).to_have_count(2)
    expect(main).to_contain_text("Reçu en deux jours, conforme à la description.")
    expect(main).to_contain_text("Claire M.")
    expect(main.locator('[role="img"][aria-label="5 sur 5"]')).to_have_text("★★★★★")
    guarantee = main.locator('[data-kind="guarantee"]')
    expect(guarantee).to_contain_text("Satisfait ou remboursé 30 jours")
    page.screenshot(path=artifacts / "widget-demo-calm.png", full_page=True)
    assert problems.script_errors() == []
