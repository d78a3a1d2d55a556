"""Impressions and clicks leave the page by navigator.sendBeacon and are counted in Redis."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from reassure import impressions, state
from reassure.levels import Level

from .pages import host_page, serve, widget


def wait_for_counts(r, level: Level, check, timeout: float = 8.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        counts = impressions.counts(r, "demo", level=level)
        if check(counts) or time.monotonic() > deadline:
            return counts
        time.sleep(0.1)


def test_seen_blocks_and_clicks_are_counted_per_kind_and_level(
    page, web_url, r, demo_token, problems
):
    state.set_override(r, "demo", {"level": "crisis", "reason": "t", "minutes": 5, "by": "t"})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    serve(page, web_url + "/shop", host_page('<div data-reassure-slot="main"></div>'))
    page.goto(web_url + "/shop")
    main = widget(page)
    expect(main).to_have_attribute("data-level", "crisis")
    main.locator('[data-kind="offer"] button').click()
    main.locator("summary").first.click()

    counts = wait_for_counts(r, Level.CRISIS, lambda c: c["offer"]["clicks"] >= 1)
    shown = main.locator("[data-kind]").evaluate_all("bs => bs.map(b => b.dataset.kind)")
    for kind in set(shown):
        assert counts[kind]["impressions"] == shown.count(kind), kind
    assert counts["offer"]["clicks"] == 1 and counts["faq"]["clicks"] == 1
    assert impressions.counts(r, "demo", level=Level.CALM)["offer"]["impressions"] == 0
    assert problems.script_errors() == []


def test_beacons_can_be_switched_off_by_the_page(page, web_url, r, demo_token):
    html = host_page('<div data-reassure-slot="main"></div>', script_attrs='data-beacon="off"')
    serve(page, web_url + "/quiet", html)
    sent: list[str] = []
    page.on("request", lambda q: sent.append(q.url) if "/beacon" in q.url else None)
    page.goto(web_url + "/quiet")
    expect(widget(page)).to_have_attribute("data-level", "calm")
    page.wait_for_timeout(2500)  # past the widget's 2 s batching delay
    assert sent == []
    assert impressions.counts(r, "demo")["testimonial"]["impressions"] == 0
