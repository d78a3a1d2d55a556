import pytest

from reassure import audit, drills, state
from reassure.errors import InvalidInput
from reassure.levels import Level


def test_a_drill_replays_into_the_copy_and_leaves_the_live_site_alone(r, demo_token):
    live_before = (state.read(r, "demo").effective, state.history(r, "demo"))
    record = drills.start(r, "demo", "data_leak", by="Ann")
    assert record["drill_site"] == "demo-drill"
    assert (state.read(r, "demo").effective, state.history(r, "demo")) == live_before
    assert state.read(r, "demo-drill").effective == Level(record["transitions"][-1]["to"])
    assert audit.entries(r, "demo", limit=1)[0]["action"] == "drill.start"


def test_the_report_measures_detection_from_the_onset(r, demo_token):
    report = drills.report(r, drills.start(r, "demo", "burst", by="Ann"))
    assert report["peak"] >= Level.ALERT
    assert 0 <= report["time_to_detect"] < 30 * 60  # a 20-minute burst is caught in it
    assert report["time_to_first_action"] is None


def test_the_first_action_on_the_copy_is_timed_and_setup_does_not_count(r, demo_token):
    record = drills.start(r, "demo", "data_leak", by="Ann")
    assert drills.first_action(r, record) is None  # copying content is not an action
    state.set_override(
        r, "demo-drill", {"level": "crisis", "reason": "drill", "by": "Ben", "minutes": 30}
    )
    report = drills.report(r, record)
    assert report["first_action"]["who"] == "Ben"
    assert report["time_to_first_action"] >= 0


def test_the_report_says_what_the_widget_showed_at_each_level(r, demo_token):
    record = drills.start(r, "demo", "burst", by="Ann")
    shown = {s["level"]: [b["kind"] for b in s["blocks"]] for s in record["shown"]}
    assert shown["calm"][0] == "testimonial"
    assert shown.get("crisis", ["incident"])[0] == "incident"


def test_a_new_drill_resets_the_copy(r, demo_token):
    first = drills.start(r, "demo", "data_leak", by="Ann")
    state.set_override(r, "demo-drill", {"level": 3, "reason": "x", "by": "Ben", "minutes": 30})
    drills.start(r, "demo", "data_leak", by="Ann")
    assert state.read(r, "demo-drill").override is None
    assert len(drills.list_drills(r, "demo")) == 2
    assert drills.list_drills(r, "demo")[1]["id"] == first["id"]


@pytest.mark.parametrize(
    ("slug", "scenario", "field"),
    [("demo", "meteor", "scenario"), ("demo", "", "scenario")],
)
def test_a_bad_drill_request_names_the_field_and_creates_nothing(
    r, demo_token, slug, scenario, field
):
    with pytest.raises(InvalidInput) as caught:
        drills.start(r, slug, scenario, by="Ann")
    assert caught.value.problems[0][0] == field
    assert not r.exists("reassure:site:demo-drill:config")
