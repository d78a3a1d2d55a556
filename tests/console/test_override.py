"""Override: set with reason and expiry, clear, history, and the audit log with CSV."""

from __future__ import annotations

from datetime import datetime, timedelta

from reassure import audit, state
from reassure.levels import Level

from .driver import button, errors, fill_override, log_in, metric, open_override_page


def redis_snapshot(r) -> dict:
    keys = sorted(r.keys("reassure:site:demo:*"))
    return {k: r.dump(k) for k in keys if not k.endswith((":events",))}


def test_setting_an_override_changes_the_effective_level_and_is_recorded(console, r, demo_token):
    at = open_override_page(log_in(console))
    at = fill_override(at, "crisis", "delivery outage confirmed")
    assert not at.exception
    assert not at.error
    assert state.read(r, "demo").effective == Level.CRISIS
    latest = state.history(r, "demo")[0]
    assert latest["override"]["reason"] == "delivery outage confirmed"
    assert latest["override"]["by"] == "Alice"
    assert any("Override set" in s.value for s in at.success)
    entry = audit.entries(r, "demo", limit=1)[0]
    assert (entry["who"], entry["action"], entry["why"]) == (
        "Alice",
        "override.set",
        "delivery outage confirmed",
    )


def test_an_empty_reason_is_refused_naming_the_reason_and_nothing_is_saved(console, r, demo_token):
    at = open_override_page(log_in(console))
    before = redis_snapshot(r)
    at = fill_override(at, "alert", "")
    assert "Reason" in errors(at)
    assert "Nothing was saved" in errors(at)
    assert redis_snapshot(r) == before


def test_an_override_without_expiry_is_refused_naming_the_expiry(console, r, demo_token):
    at = open_override_page(log_in(console))
    before = redis_snapshot(r)
    at.selectbox(key="override_level").select("alert")
    at.text_area(key="override_reason").input("just in case")
    button(at, "Set override").click()
    at.run()
    assert "Expiry" in errors(at)
    assert redis_snapshot(r) == before


def test_an_expiry_in_the_past_is_refused_and_nothing_is_saved(console, r, demo_token):
    at = open_override_page(log_in(console))
    before = redis_snapshot(r)
    yesterday = datetime.now() - timedelta(days=1)
    at.date_input(key="override_until_date").set_value(yesterday.date())
    at.time_input(key="override_until_time").set_value(yesterday.time().replace(microsecond=0))
    at = fill_override(at, "alert", "press article", expiry="Until a date and time")
    assert "Expiry: the expiry is in the past" in errors(at)
    assert redis_snapshot(r) == before


def test_an_override_until_a_date_and_time_is_set(console, r, demo_token):
    at = open_override_page(log_in(console))
    later = datetime.now().astimezone() + timedelta(days=1)
    at.date_input(key="override_until_date").set_value(later.date())
    at.time_input(key="override_until_time").set_value(
        later.time().replace(second=0, microsecond=0)
    )
    at = fill_override(at, "watch", "sale weekend", expiry="Until a date and time")
    assert not at.error
    override = state.read(r, "demo").override
    assert abs(override.until - later.replace(second=0, microsecond=0).timestamp()) < 1


def test_no_level_chosen_is_refused_naming_the_level(console, r, demo_token):
    at = open_override_page(log_in(console))
    before = redis_snapshot(r)
    at.text_area(key="override_reason").input("press article")
    at.radio(key="override_expiry").set_value("2 h")
    button(at, "Set override").click()
    at.run()
    assert "Level: level must be 0-3" in errors(at)
    assert redis_snapshot(r) == before


def test_a_link_with_an_unknown_level_says_so_and_sets_nothing(console, r, demo_token):
    at = log_in(console)
    before = redis_snapshot(r)
    at.query_params["level"] = "panic"
    at = open_override_page(at)
    assert "unknown level 'panic'" in errors(at)
    assert at.selectbox(key="override_level").value is None
    assert redis_snapshot(r) == before


def test_a_link_with_a_level_prefills_the_form(console, r, demo_token):
    at = log_in(console)
    at.query_params["level"] = "crisis"
    at.query_params["minutes"] = "120"
    at = open_override_page(at)
    assert at.selectbox(key="override_level").value == "crisis"
    assert at.radio(key="override_expiry").value == "2 h"
    assert state.read(r, "demo").override is None  # a link only fills the form


def test_clearing_the_override_returns_to_the_computed_level_and_is_audited(console, r, demo_token):
    state.set_override(
        r, "demo", {"level": "crisis", "reason": "drill", "by": "Bob", "minutes": 30}
    )
    at = open_override_page(log_in(console))
    assert metric(at, "Effective level") == "CRISIS"
    button(at, "Clear override").click()
    at.run()
    assert not at.exception
    current = state.read(r, "demo")
    assert current.override is None
    assert metric(at, "Effective level") == current.computed.label.upper()
    assert state.history(r, "demo")[0]["cause"] == "override cleared by Alice"
    assert audit.entries(r, "demo", limit=1)[0]["action"] == "override.clear"


def test_the_audit_log_is_listed_and_exported_as_csv(console, r, demo_token):
    state.set_override(
        r,
        "demo",
        {"level": "alert", "reason": "=HYPERLINK(1) <b>x</b>", "by": "Bob", "minutes": 30},
    )
    at = open_override_page(log_in(console))
    table = next(t.value for t in at.dataframe if "action" in t.value.columns)
    assert "override.set" in list(table["action"])
    assert "=HYPERLINK(1) <b>x</b>" in list(table["why"])
    export = next(b for b in at.get("download_button") if b.proto.label.startswith("Export"))
    assert export.proto.url.endswith(".csv")  # the bytes are audit.to_csv's, tested there
