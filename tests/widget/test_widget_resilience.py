"""When the API fails (down, slow, 500, garbage), the page hears nothing of it: no console
output, no error; it shows the last known content if there is some, otherwise nothing."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from .pages import SHADOW_SUMMARY, forget_http_cache, host_page, wait_for_local_cache, widget

PAGE = host_page('<div data-reassure-slot="checkout"></div><div data-reassure-slot="main"></div>')
FAILURES = ["down", "slow", "http-500", "garbage", "wrong-shape"]


def wait_for_state_requests(api, count: int, timeout: float = 8.0) -> None:
    deadline = time.monotonic() + timeout
    while sum("/state" in path for path in api.requests) < count:
        assert time.monotonic() < deadline, api.requests
        time.sleep(0.05)


@pytest.mark.parametrize("failure", FAILURES)
def test_failing_api_on_a_first_visit_shows_nothing_and_says_nothing(
    page, flaky_api, demo_token, problems, failure
):
    flaky_api.mode = failure
    page.goto(flaky_api.page("/shop", PAGE))
    wait_for_state_requests(flaky_api, 1)  # one request serves every slot
    # a slow answer outlives the widget's fetch timeout (4 s); wait for it to give up
    page.wait_for_timeout(4500 if failure == "slow" else 400)

    roots = page.evaluate(SHADOW_SUMMARY)
    assert [root["slot"] for root in roots] == ["checkout", "main"]
    assert all(root["shown"] == 0 and root["kinds"] == [] for root in roots)
    assert problems.console_output() == []
    assert problems.page_errors == []


@pytest.mark.parametrize("failure", FAILURES)
def test_failing_api_on_a_later_visit_shows_the_last_known_content(
    page, flaky_api, demo_token, problems, failure
):
    url = flaky_api.page("/shop", PAGE)
    page.goto(url)
    expect(widget(page)).to_have_attribute("data-level", "calm")
    shown = widget(page).evaluate("root => root.textContent")
    wait_for_local_cache(page)

    flaky_api.mode = failure
    forget_http_cache(page)
    page.reload()
    expect(widget(page)).to_have_attribute("data-level", "calm")
    wait_for_state_requests(flaky_api, 2)
    page.wait_for_timeout(4500 if failure == "slow" else 400)

    assert widget(page).evaluate("root => root.textContent") == shown
    assert widget(page).is_visible()
    assert problems.console_output() == []
    assert problems.page_errors == []


def test_widget_retries_with_backoff_and_recovers_when_the_api_returns(
    page, flaky_api, demo_token, problems
):
    flaky_api.mode = "http-500"
    page.goto(flaky_api.page("/shop", PAGE))
    wait_for_state_requests(flaky_api, 2)  # the first try, then a retry ~2 s later
    flaky_api.mode = "ok"
    expect(widget(page)).to_have_attribute("data-level", "calm", timeout=10_000)
    tries = [p for p in flaky_api.requests if "/state" in p]
    assert 2 <= len(tries) <= 4  # backing off, not hammering
    assert problems.script_errors() == []
