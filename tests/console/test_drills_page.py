"""Drill mode: start a drill on a copy, act on it, read the report."""

from __future__ import annotations

from reassure import drills, state
from reassure.levels import Level

from .driver import button, errors, fill_override, log_in, metric, open_override_page, open_page


def test_starting_without_a_scenario_names_the_scenario_and_creates_nothing(console, r, demo_token):
    at = open_page(log_in(console), "drills")
    button(at, "Start the drill").click()
    at.run()
    assert "Scenario: unknown scenario" in errors(at)
    assert not r.exists("reassure:site:demo-drill:config")
    assert drills.list_drills(r, "demo") == []


def test_a_drill_runs_on_the_copy_and_reports_detection_then_the_first_action(
    console, r, demo_token
):
    at = open_page(log_in(console), "drills")
    at.selectbox(key="drill_scenario").select("data_leak")
    button(at, "Start the drill").click()
    at.run()
    assert not at.exception, at.exception
    assert state.read(r, "demo").effective == Level.CALM  # the live site is untouched
    assert state.read(r, "demo-drill").effective > Level.CALM
    assert metric(at, "Time to first action") == "no action yet"
    assert metric(at, "Time to detect") != "not detected"
    shown = next(t.value for t in at.dataframe if "kind" in t.value.columns)
    assert "incident" in set(shown["kind"]) or "faq" in set(shown["kind"])

    at.sidebar.selectbox(key="console_site").select("demo-drill")
    at = fill_override(open_override_page(at.run()), "crisis", "drill: incident note up")
    assert state.read(r, "demo").override is None
    at.sidebar.selectbox(key="console_site").select("demo")
    at = open_page(at.run(), "drills")
    assert metric(at, "Time to first action") != "no action yet"
    assert "override.set by Alice" in " ".join(t.value for t in at.text)


def ask_for_a_live_drill(at, confirm: bool):
    at.selectbox(key="drill_scenario").select("data_leak")
    at.checkbox(key="drill_show_live").check()
    if confirm:
        at.checkbox(key="drill_live_confirm").check()
    button(at, "Start the drill").click()
    return at.run()


def test_asking_for_live_without_the_confirmation_touches_nothing_and_says_why(
    console, r, demo_token
):
    history_before = state.history(r, "demo")
    at = ask_for_a_live_drill(open_page(log_in(console), "drills"), confirm=False)
    assert "real visitors see it" in errors(at)
    assert state.read(r, "demo").override is None
    assert state.history(r, "demo") == history_before
    assert drills.list_drills(r, "demo") == []


def test_a_confirmed_live_drill_changes_the_live_effective_level(console, r, demo_token):
    at = ask_for_a_live_drill(open_page(log_in(console), "drills"), confirm=True)
    assert not at.exception, at.exception
    assert state.read(r, "demo").effective == state.read(r, "demo-drill").computed > Level.CALM
    assert state.read(r, "demo").override.by == "Alice"
    assert "follows this drill" in " ".join(w.value for w in at.warning)
