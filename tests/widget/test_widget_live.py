"""Level changes reach pages that are already open: over Server-Sent Events at once, by
polling when events are blocked, and not at all while the tab is hidden."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from reassure import state

from .pages import host_page, serve, widget

CRISIS_DRILL = {"level": "crisis", "reason": "drill", "minutes": 10, "by": "test"}
POLL_SECONDS = 5
SLOTS = '<div data-reassure-slot="main"></div><div data-reassure-slot="checkout"></div>'
POLLING_PAGE = host_page(SLOTS, script_attrs=f'data-poll="{POLL_SECONDS}"')
HIDE_TAB = """window.__hidden = false;
Object.defineProperty(Document.prototype, 'hidden', {get: () => window.__hidden});
window.__setHidden = h => {
    window.__hidden = h; document.dispatchEvent(new Event('visibilitychange')); };"""


def test_override_reaches_an_open_page_within_5_s_over_live_events(
    page, web_url, r, demo_token, artifacts, problems
):
    page.goto(web_url + "/demo")
    main = widget(page)
    expect(main).to_have_attribute("data-level", "calm")
    page.evaluate("window.__notReloaded = true")

    started = time.monotonic()
    state.set_override(r, "demo", CRISIS_DRILL)

    expect(main).to_have_attribute("data-level", "crisis", timeout=5000)
    assert time.monotonic() - started < 5
    expect(main.locator("[data-kind]").first).to_have_attribute("data-kind", "incident")
    expect(widget(page, "checkout")).to_have_attribute("data-level", "crisis")
    assert page.evaluate("window.__notReloaded") is True
    page.screenshot(path=artifacts / "widget-demo-crisis.png", full_page=True)
    assert problems.script_errors() == []


def test_level_change_is_announced_politely_to_screen_readers(page, web_url, r, demo_token):
    page.goto(web_url + "/demo")
    expect(widget(page)).to_have_attribute("data-level", "calm")
    state.set_override(r, "demo", CRISIS_DRILL)
    announcer = widget(page).locator('[aria-live="polite"]').first
    expect(announcer).to_have_text(
        "Nouvelle information : Nous savons que des commandes sont en retard"
    )


def test_override_reaches_an_open_page_within_the_polling_period_when_events_are_blocked(
    page, web_url, r, demo_token, problems
):
    page.route("**/events", lambda route: route.abort("connectionrefused"))
    serve(page, web_url + "/polling", POLLING_PAGE)
    page.goto(web_url + "/polling")
    main = widget(page)
    expect(main).to_have_attribute("data-level", "calm")
    page.wait_for_timeout(300)  # the blocked stream has failed and polling took over

    started = time.monotonic()
    state.set_override(r, "demo", CRISIS_DRILL)
    # the period, its jitter (up to +30 %), and the request itself
    expect(main).to_have_attribute("data-level", "crisis", timeout=POLL_SECONDS * 1300 + 1500)
    assert time.monotonic() - started < POLL_SECONDS * 1.3 + 1.5
    assert problems.script_errors() == []


def test_a_hidden_tab_polls_nothing_and_refreshes_when_shown_again(
    page, web_url, r, demo_token, problems
):
    polls: list[float] = []
    page.on("request", lambda q: polls.append(time.monotonic()) if "/state" in q.url else None)
    page.route("**/events", lambda route: route.abort("connectionrefused"))
    page.add_init_script(HIDE_TAB)
    serve(page, web_url + "/hidden", POLLING_PAGE)
    page.goto(web_url + "/hidden")
    expect(widget(page)).to_have_attribute("data-level", "calm")

    page.evaluate("window.__setHidden(true)")
    hidden_at = time.monotonic()
    state.set_override(r, "demo", CRISIS_DRILL)
    page.wait_for_timeout(POLL_SECONDS * 1300 + 500)
    assert [t for t in polls if t > hidden_at] == []
    assert widget(page).get_attribute("data-level") == "calm"

    page.evaluate("window.__setHidden(false)")
    expect(widget(page)).to_have_attribute("data-level", "crisis", timeout=2000)
    assert problems.script_errors() == []


def test_browser_without_event_source_still_renders_and_stays_quiet(
    page, web_url, demo_token, problems
):
    page.add_init_script("delete window.EventSource")
    page.goto(web_url + "/demo")

    expect(widget(page)).to_have_attribute("data-level", "calm")
    expect(widget(page, "checkout").locator('[data-kind="guarantee"]')).to_have_count(1)
    assert problems.script_errors() == []
