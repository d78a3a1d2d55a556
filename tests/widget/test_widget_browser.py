"""The widget in a real headless Chromium, against the real app (gunicorn) and real Redis."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Page, Route, expect

from reassure import content, state

XSS = "<img src=x onerror=alert(1)>"
CRISIS_DRILL = {"level": "crisis", "reason": "drill", "minutes": 10, "by": "test"}

# Every shadow root the widget made, and what is inside it.
SHADOW_SUMMARY = """() => [...document.querySelectorAll('*')].filter(e => e.shadowRoot).map(e => ({
    slot: e.getAttribute('data-reassure-slot'),
    roots: e.shadowRoot.querySelectorAll('.r').length,
    shown: [...e.shadowRoot.querySelectorAll('.r')].filter(r => !r.hidden).length,
    kinds: [...e.shadowRoot.querySelectorAll('[data-kind]')].map(b => b.dataset.kind),
    images: e.shadowRoot.querySelectorAll('img').length,
}))"""


def widget(page: Page, slot: str):
    """The widget's root inside a slot (Playwright's CSS locators pierce open shadow roots)."""
    return page.locator(f'[data-reassure-slot="{slot}"] [data-level]')


def kinds(page: Page, slot: str) -> list[str]:
    return (
        widget(page, slot)
        .locator("[data-kind]")
        .evaluate_all("blocks => blocks.map(b => b.dataset.kind)")
    )


def serve(page: Page, url: str, html: str) -> None:
    """Answer `url` with our own HTML page, on the app's origin (so /widget.js is the real one)."""
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))


def test_demo_page_shows_calm_testimonials_and_guarantee_in_french(
    page, web_url, demo_token, artifacts, problems
):
    page.goto(web_url + "/demo")

    main = widget(page, "main")
    expect(main).to_have_attribute("data-level", "calm")
    expect(main).to_have_attribute("lang", "fr")
    expect(main.locator('[data-kind="testimonial"]')).to_have_count(2)
    expect(main).to_contain_text("Reçu en deux jours, conforme à la description.")
    expect(main).to_contain_text("Claire M.")
    expect(main.locator('[role="img"][aria-label="5 sur 5"]')).to_have_text("★★★★★")
    guarantee = main.locator('[data-kind="guarantee"]')
    expect(guarantee).to_contain_text("Satisfait ou remboursé 30 jours")
    expect(main).to_have_attribute("aria-live", "polite")
    page.screenshot(path=artifacts / "widget-demo-calm.png", full_page=True)
    assert problems.script_errors() == []


def test_checkout_slot_shows_only_guarantee_and_offer(page, web_url, r, demo_token, problems):
    # At crisis the page as a whole shows an incident note and FAQ too; checkout must not.
    state.set_override(r, "demo", CRISIS_DRILL)
    page.goto(web_url + "/demo")

    checkout = widget(page, "checkout")
    expect(checkout).to_have_attribute("data-level", "crisis")
    expect(checkout.locator('[data-kind="offer"]')).to_contain_text("SORRY15")
    assert sorted(set(kinds(page, "checkout"))) == ["guarantee", "offer"]
    assert "incident" in kinds(page, "main")
    assert problems.script_errors() == []


def test_override_to_crisis_reaches_an_open_page_live_with_the_incident_note_first(
    page, web_url, r, demo_token, artifacts, problems
):
    page.goto(web_url + "/demo")
    main = widget(page, "main")
    expect(main).to_have_attribute("data-level", "calm")
    page.evaluate("window.__notReloaded = true")

    state.set_override(r, "demo", CRISIS_DRILL)

    expect(main).to_have_attribute("data-level", "crisis", timeout=5000)
    expect(main.locator("[data-kind]").first).to_have_attribute("data-kind", "incident")
    expect(main.locator('[data-kind="incident"]')).to_contain_text("Mis à jour")
    expect(widget(page, "checkout")).to_have_attribute("data-level", "crisis")
    assert page.evaluate("window.__notReloaded") is True
    page.screenshot(path=artifacts / "widget-demo-crisis.png", full_page=True)
    assert problems.script_errors() == []


def test_testimonial_markup_is_shown_as_literal_text_never_run(
    page, web_url, r, demo_token, problems
):
    content.add_block(
        r,
        "demo",
        {
            "kind": "testimonial",
            "levels": [0],
            "locale": "fr",
            "body": XSS,
            "author": XSS,
            "source": "reviews",
            "rating": 5,
        },
        by="test",
        approve=True,
    )
    page.goto(web_url + "/demo")

    hostile = widget(page, "main").locator('[data-kind="testimonial"]', has_text=XSS)
    expect(hostile.locator("blockquote")).to_have_text(XSS)
    expect(hostile).to_contain_text(XSS + " · reviews")
    page.wait_for_timeout(300)  # give a broken image's onerror the time it would need
    assert problems.dialogs == []
    assert all(root["images"] == 0 for root in page.evaluate(SHADOW_SUMMARY))
    assert problems.script_errors() == []


def _down(route: Route) -> None:
    route.abort("connectionrefused")


def _error_500(route: Route) -> None:
    route.fulfill(status=500, content_type="application/json", body='{"error": {}}')


def _garbage(route: Route) -> None:
    route.fulfill(status=200, content_type="application/json", body="<html>502 Bad Gateway")


def _wrong_shape(route: Route) -> None:
    body = '{"blocks": "none", "level": 9}'
    route.fulfill(status=200, content_type="application/json", body=body)


@pytest.mark.parametrize(
    "failure",
    [_down, _error_500, _garbage, _wrong_shape],
    ids=["api-down", "http-500", "garbage-body", "wrong-shape"],
)
def test_failing_api_shows_nothing_and_says_nothing(page, web_url, demo_token, problems, failure):
    calls: list[str] = []

    def handler(route: Route) -> None:
        calls.append(route.request.url)
        failure(route)

    page.route("**/v1/**", handler)
    page.goto(web_url + "/demo")
    page.wait_for_load_state("load")
    deadline = time.monotonic() + 5
    while len(calls) < 2 and time.monotonic() < deadline:  # one state request per slot
        page.wait_for_timeout(50)
    page.wait_for_timeout(300)

    assert len(calls) == 2
    roots = page.evaluate(SHADOW_SUMMARY)
    assert [root["slot"] for root in roots] == ["checkout", "main"]
    assert all(root["shown"] == 0 and root["kinds"] == [] for root in roots)
    assert page.locator("[data-level]").count() == 0
    assert problems.console_output() == []
    assert problems.page_errors == []


def test_script_included_twice_renders_one_widget_per_container(
    page, web_url, demo_token, problems
):
    serve(
        page,
        web_url + "/twice",
        """<!doctype html><html lang="fr"><body>
        <div data-reassure-slot="checkout"></div><div data-reassure-slot="main"></div>
        <script src="/widget.js" data-site="demo" async></script>
        <script src="/widget.js" data-site="demo" async></script></body></html>""",
    )
    page.goto(web_url + "/twice")
    page.wait_for_load_state("load")  # both async scripts have run by now
    expect(widget(page, "main")).to_have_attribute("data-level", "calm")
    expect(widget(page, "checkout")).to_have_attribute("data-level", "calm")

    roots = page.evaluate(SHADOW_SUMMARY)
    assert [(root["slot"], root["roots"]) for root in roots] == [("checkout", 1), ("main", 1)]
    assert problems.script_errors() == []


def test_page_without_slots_gets_one_floating_card_in_its_language(
    page, web_url, demo_token, problems
):
    serve(
        page,
        web_url + "/plain",
        """<!doctype html><html lang="en"><body><p>Shop</p>
        <script src="/widget.js" data-site="demo" async></script></body></html>""",
    )
    page.goto(web_url + "/plain")

    card = page.locator("body > div [data-level]")
    expect(card).to_have_attribute("data-level", "calm")
    expect(card).to_have_attribute("lang", "en")
    expect(card).to_contain_text("30-day money-back guarantee")
    position = page.evaluate("getComputedStyle(document.body.lastElementChild).position")
    assert position == "fixed"
    card.get_by_role("button", name="Close").click()
    expect(card).to_be_hidden()
    assert problems.script_errors() == []


def test_browser_without_event_source_still_renders_and_stays_quiet(
    page, web_url, demo_token, problems
):
    page.add_init_script("delete window.EventSource")
    page.goto(web_url + "/demo")

    expect(widget(page, "main")).to_have_attribute("data-level", "calm")
    expect(widget(page, "checkout").locator('[data-kind="guarantee"]')).to_have_count(1)
    assert problems.script_errors() == []
