"""The real console in headless Chromium: `reassure console` as a process, the web app under
gunicorn, staff log in, set an override, and the demo funnel page follows."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import expect

from console import preview
from reassure import content, state
from reassure.embedded_redis import free_port
from reassure.levels import Level
from tests.conftest import ROOT, child_env, wait_for_http, web_app

PASSWORD = "browser test password"


@pytest.fixture
def console_url(redis_server, demo_token, tmp_path):
    """`reassure console` on a free port; REASSURE_CONSOLE_PASSWORD makes the admin account."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "reassure.cli", "console"],
        env=child_env(
            redis_server.url,
            REASSURE_CONSOLE_PORT=str(port),
            REASSURE_CONSOLE_PASSWORD=PASSWORD,
            REASSURE_DATA_DIR=str(tmp_path),
        ),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/_stcore/health", timeout=60)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def test_staff_log_in_set_an_override_and_the_demo_page_follows(
    page, r, redis_server, console_url, problems
):
    with web_app(redis_server.url) as web:
        funnel = page.context.new_page()
        funnel.goto(web + "/demo")
        level = funnel.locator('[data-reassure-slot="main"] [data-level]')
        expect(level).to_have_attribute("data-level", "calm", timeout=10_000)

        page.set_default_timeout(30_000)
        page.goto(console_url)
        page.get_by_role("textbox", name="Username").fill("admin")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_text("Logged in as Admin")).to_be_visible()

        page.get_by_role("link", name="Override").click()
        page.get_by_role("combobox", name="Level").click()
        page.get_by_role("option", name="crisis").click()
        page.get_by_label("Reason").fill("warehouse fire, incident note published")
        page.get_by_text("2 h", exact=True).click()
        page.get_by_role("button", name="Set override").click()
        expect(page.get_by_text("Override set: pages now show CRISIS")).to_be_visible()

        assert state.read(r, "demo").effective == Level.CRISIS
        assert state.read(r, "demo").override.by == "Admin"
        expect(level).to_have_attribute("data-level", "crisis", timeout=15_000)
        first = funnel.locator('[data-reassure-slot="main"] [data-kind]').first
        expect(first).to_have_attribute("data-kind", "incident")
    assert problems.script_errors() == []


def test_the_content_preview_runs_the_real_widget_on_the_chosen_level(
    page, r, demo_token, problems
):
    chosen = content.preview_state(r, "demo", Level.CRISIS, "en")
    page.set_content(preview.widget_page(chosen))
    box = page.locator('[data-reassure-slot="main"] [data-level]')
    expect(box).to_have_attribute("data-level", "crisis")
    expect(page.locator("[data-kind]").first).to_have_attribute("data-kind", "incident")
    expect(page.get_by_text("We know some orders are late")).to_be_visible()
    assert state.read(r, "demo").effective == Level.CALM  # the live site is untouched
    assert problems.script_errors() == []
