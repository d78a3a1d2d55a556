"""The whole story on real parts: an SDK burst, a real worker process, the widget in
headless Chromium, and staff overriding from the console."""

from __future__ import annotations

import requests
from playwright.sync_api import expect

from funnel_sdk import Client

from .console.driver import fill_override, log_in, open_override_page

ANGRY = [
    "Scam! They took my money and never shipped. Avoid.",
    "Worst shop ever, my card was charged twice and nobody answers.",
    "Horrible experience, the product is broken and support is useless.",
]


def widget_level(page):
    return page.locator('[data-reassure-slot="main"] [data-level]')


def test_a_negative_burst_raises_the_level_and_the_open_page_follows(
    page, web_url, demo_token, worker_process, artifacts, problems
):
    page.goto(web_url + "/demo")
    expect(widget_level(page)).to_have_attribute("data-level", "calm")

    client = Client(web_url, "demo", token=demo_token)
    burst = [
        {"source": "twitter", "external_id": f"burst-{i}", "text": ANGRY[i % 3], "lang": "en"}
        for i in range(15)
    ]
    assert client.ingest(burst).accepted == 15

    # The worker process scores, counts and recomputes; the page follows over SSE.
    expect(widget_level(page)).to_have_attribute("data-level", "crisis", timeout=20_000)
    first = page.locator('[data-reassure-slot="main"] [data-kind]').first
    expect(first).to_have_attribute("data-kind", "incident")
    assert client.state().level == 3
    page.screenshot(path=artifacts / "end-to-end-crisis.png", full_page=True)
    assert problems.script_errors() == []


def test_an_override_set_in_the_console_reaches_the_api_and_the_open_page(
    console, page, web_url, demo_token, problems
):
    page.goto(web_url + "/demo")
    expect(widget_level(page)).to_have_attribute("data-level", "calm")

    at = fill_override(open_override_page(log_in(console, name="Alice")), "alert", "press article")
    assert not at.exception

    state = requests.get(f"{web_url}/v1/sites/demo/state?locale=fr", timeout=5).json()
    assert state["level_name"] == "alert"
    expect(widget_level(page)).to_have_attribute("data-level", "alert", timeout=5_000)
    assert problems.script_errors() == []
