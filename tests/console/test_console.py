"""The admin console, driven with Streamlit's AppTest against a real Redis and real workers."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from reassure import ingest, staff, state
from reassure.levels import Level

from .driver import (
    APP,
    PASSWORD,
    all_text,
    button,
    errors,
    fill_override,
    log_in,
    metric,
    open_override_page,
)

HOSTILE = "<img src=x onerror=alert(1)> **bold**"


def test_login_is_refused_with_a_wrong_password_and_nothing_else_is_shown(console, demo_token):
    at = log_in(console, password="not the password")
    assert not at.exception
    assert "Wrong password" in errors(at)
    assert not at.metric
    assert not at.dataframe
    assert not at.sidebar.selectbox
    assert "console_who" not in at.session_state


def test_login_without_a_configured_password_explains_how_to_set_one(r, redis_server, monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert "REASSURE_CONSOLE_PASSWORD" in errors(at)
    assert not at.text_input


def test_login_needs_a_display_name_for_the_audit(console, demo_token):
    at = log_in(console, name="   ")
    assert "name" in errors(at)
    assert not at.metric


@pytest.mark.parametrize("page", ["overview.py", "override.py"])
def test_a_page_run_on_its_own_shows_nothing_before_login(r, redis_server, monkeypatch, page):
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    staff.set_password(r, PASSWORD)
    at = AppTest.from_file(APP.parent / "views" / page, default_timeout=30).run()
    assert not at.exception
    assert "log in" in errors(at)
    assert not at.metric
    assert not at.dataframe
    assert not at.button


def test_login_accepted_shows_the_overview_with_the_effective_level(console, demo_token):
    at = log_in(console)
    assert not at.exception
    assert not at.error
    assert at.sidebar.selectbox(key="console_site").value == "demo"
    assert metric(at, "Effective level") == "CALM"
    assert metric(at, "Override") == "none"


def test_overview_shows_computed_override_and_effective_when_an_override_is_set(
    console, r, demo_token
):
    state.set_override(
        r, "demo", {"level": "alert", "reason": "courier strike", "by": "Bob", "minutes": 90}
    )
    at = log_in(console)
    assert metric(at, "Effective level") == "ALERT"
    assert metric(at, "Computed level") == "calm"
    assert metric(at, "Override") == "alert"
    shown = all_text(at)
    assert "courier strike" in shown
    assert "set by Bob" in shown
    assert "1 h 29 min left" in shown or "1 h 30 min left" in shown


def test_a_hostile_mention_is_shown_as_literal_text_never_rendered(console, r, demo_token, work):
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {"source": "forum", "external_id": "x1", "text": HOSTILE, "author": "**mallory**"},
            ]
        },
    )
    work()
    at = log_in(console)
    assert not at.exception
    shown = [v for frame in at.dataframe for v in frame.value.astype(str).to_numpy().ravel()]
    assert HOSTILE in shown
    assert "**mallory**" in shown
    rendered = [m.value for m in (*at.markdown, *at.caption, *at.error, *at.warning, *at.info)]
    assert not any("<img" in value or "bold" in value or "mallory" in value for value in rendered)
    assert not at.get("html")


def test_setting_an_override_through_the_form_changes_the_effective_level_and_is_recorded(
    console, r, demo_token
):
    at = open_override_page(log_in(console, name="Alice"))
    at = fill_override(at, "crisis", "delivery outage confirmed")
    assert not at.exception
    assert not at.error
    assert state.read(r, "demo").effective == Level.CRISIS
    latest = state.history(r, "demo")[0]
    assert latest["override"]["reason"] == "delivery outage confirmed"
    assert latest["override"]["by"] == "Alice"
    assert "Alice" in latest["cause"]
    assert any("Override set" in s.value for s in at.success)
    table = at.dataframe[0].value
    assert "delivery outage confirmed" in " ".join(table["cause"])


def test_an_empty_reason_is_refused_naming_the_reason_and_nothing_is_saved(console, r, demo_token):
    before = state.history(r, "demo")
    at = open_override_page(log_in(console))
    at = fill_override(at, "alert", "")
    assert "Reason" in errors(at)
    assert "Nothing was saved" in errors(at)
    assert state.read(r, "demo").override is None
    assert state.history(r, "demo") == before


def test_an_override_without_expiry_is_refused_naming_the_expiry(console, r, demo_token):
    at = open_override_page(log_in(console))
    at.selectbox(key="override_level").select("alert")
    at.text_area(key="override_reason").input("just in case")
    button(at, "Set override").click()
    at.run()
    assert "Expiry" in errors(at)
    assert state.read(r, "demo").override is None


def test_clearing_the_override_returns_to_the_computed_level(console, r, demo_token):
    state.set_override(
        r, "demo", {"level": "crisis", "reason": "drill", "by": "Bob", "minutes": 30}
    )
    at = open_override_page(log_in(console, name="Carol"))
    assert metric(at, "Effective level") == "CRISIS"
    button(at, "Clear override").click()
    at.run()
    assert not at.exception
    current = state.read(r, "demo")
    assert current.override is None
    assert current.effective == current.computed
    assert metric(at, "Effective level") == current.computed.label.upper()
    assert state.history(r, "demo")[0]["cause"] == "override cleared by Carol"
