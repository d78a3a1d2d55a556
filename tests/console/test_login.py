"""The login gate: named accounts, clear messages, an idle timeout, nothing shown before."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from reassure import staff

from .driver import APP, PASSWORD, all_text, button, errors, log_in, metric

PAGES = [
    "overview",
    "mentions",
    "signals",
    "override",
    "content",
    "testimonials",
    "settings",
    "drills",
    "postmortem",
]


def test_login_is_refused_with_a_wrong_password_and_nothing_else_is_shown(console, demo_token):
    at = log_in(console, password="not the password")
    assert not at.exception
    assert "Wrong username or password" in errors(at)
    assert not at.metric
    assert not at.dataframe
    assert not at.sidebar.selectbox
    assert "console_who" not in at.session_state


def test_an_unknown_username_gets_the_same_message_as_a_wrong_password(console, demo_token):
    at = log_in(console, name="mallory")
    assert "Wrong username or password" in errors(at)
    assert "console_who" not in at.session_state


@pytest.mark.parametrize(
    ("name", "password", "missing"),
    [("", PASSWORD, "username"), ("alice", "", "password"), ("  ", "", "username and password")],
)
def test_empty_login_fields_are_named(console, demo_token, name, password, missing):
    at = log_in(console, name=name, password=password)
    assert f"Enter your {missing}." in errors(at)
    assert not at.metric


def test_without_any_account_the_login_explains_how_to_create_one(r, redis_server, monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert "reassure staff add" in errors(at)
    assert "REASSURE_CONSOLE_PASSWORD" in errors(at)
    assert not at.text_input


@pytest.mark.parametrize("page", PAGES)
def test_a_page_run_on_its_own_shows_nothing_before_login(r, redis_server, monkeypatch, page):
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    staff.set_password(r, PASSWORD)
    at = AppTest.from_file(APP.parent / "views" / f"{page}.py", default_timeout=30).run()
    assert not at.exception
    assert "log in" in errors(at)
    assert not at.metric
    assert not at.dataframe
    assert not at.button


def test_login_accepted_shows_the_overview_signed_with_the_account_name(console, demo_token):
    at = log_in(console, name="ALICE")
    assert not at.exception
    assert not at.error
    assert at.sidebar.selectbox(key="console_site").value == "demo"
    assert metric(at, "Effective level") == "CALM"
    assert "Logged in as Alice" in all_text(at)


def test_the_session_ends_after_the_idle_timeout(console, demo_token, monkeypatch):
    monkeypatch.setenv("REASSURE_CONSOLE_IDLE_MINUTES", "30")
    at = log_in(console)
    at.session_state["console_seen"] = time.time() - 31 * 60
    at.run()
    assert "console_who" not in at.session_state
    assert any("session ended after 30 minutes" in w.value for w in at.warning)
    assert not at.metric
    assert at.text_input(key="login_username")


def test_activity_within_the_timeout_keeps_the_session(console, demo_token):
    at = log_in(console)
    at.session_state["console_seen"] = time.time() - 60
    at.run()
    assert at.session_state["console_who"] == "Alice"
    assert metric(at, "Effective level") == "CALM"


def test_logging_out_returns_to_the_login_form(console, demo_token):
    at = log_in(console)
    button(at, "Log out").click()
    at.run()
    assert "console_who" not in at.session_state
    assert at.text_input(key="login_username")
