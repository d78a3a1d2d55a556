import time
from itertools import pairwise

import pytest

from reassure import ingest, state
from reassure.errors import InvalidInput
from reassure.levels import Level
from reassure.sites import get_site


def override(**fields) -> dict:
    return {"level": "alert", "reason": "press article", "minutes": 30, "by": "ana", **fields}


def test_a_new_site_is_calm(r, demo_token):
    current = state.read(r, "demo")
    assert (current.computed, current.effective, current.override) == (Level.CALM, Level.CALM, None)


def test_an_override_wins_over_the_computed_level(r, demo_token):
    current = state.set_override(r, "demo", override())
    assert current.effective == Level.ALERT and current.computed == Level.CALM


def test_an_override_stops_counting_once_expired(r, demo_token):
    now = time.time()
    state.set_override(r, "demo", override(minutes=1), now=now)
    assert state.read(r, "demo", now=now + 61).effective == Level.CALM


def test_the_expiry_of_an_override_is_recorded_by_the_next_recompute(r, demo_token):
    now = time.time()
    state.set_override(r, "demo", override(minutes=1), now=now)
    state.recompute(r, "demo", now=now + 61)
    assert state.history(r, "demo")[0]["cause"] == "override expired"


def test_setting_and_clearing_an_override_is_recorded_with_who_and_why(r, demo_token):
    state.set_override(r, "demo", override())
    state.clear_override(r, "demo", by="ben")
    causes = [t["cause"] for t in state.history(r, "demo")]
    assert causes[:2] == ["override cleared by ben", "override set by ana: press article"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"level": "panic"}, "level"),
        ({"minutes": -5}, "minutes"),
        ({"minutes": None, "until": time.time() - 10}, "until"),
        ({"by": ""}, "by"),
    ],
)
def test_a_bad_override_names_the_field_and_saves_nothing(r, demo_token, fields, field):
    payload = {k: v for k, v in override(**fields).items() if v is not None}
    with pytest.raises(InvalidInput) as caught:
        state.set_override(r, "demo", payload)
    assert field in [f for f, _ in caught.value.problems]
    assert state.read(r, "demo").override is None


def test_an_override_without_expiry_is_refused(r, demo_token):
    with pytest.raises(InvalidInput, match="until"):
        state.set_override(r, "demo", {"level": 2, "reason": "x", "by": "ana"})


def test_a_negative_burst_raises_the_computed_level(r, demo_token, work):
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {
                    "source": "x",
                    "external_id": str(i),
                    "text": "Scam! They stole my money, awful.",
                    "lang": "en",
                }
                for i in range(12)
            ]
        },
    )
    work()
    current = state.read(r, "demo")
    assert current.computed == Level.CRISIS and current.effective == Level.CRISIS
    assert current.reasons


def test_every_change_of_level_is_announced_to_live_listeners(r, demo_token):
    pubsub = r.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe("reassure:site:demo:events")
    pubsub.get_message(timeout=1)  # the subscription's own confirmation
    state.set_override(r, "demo", override())
    message = pubsub.get_message(timeout=2)
    assert message is not None and '"version"' in message["data"]


def test_a_level_falls_one_step_at_a_time_once_talk_stops(r, demo_token, work):
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {"source": "x", "external_id": f"q{i}", "text": "Scam! Awful, avoid.", "lang": "en"}
                for i in range(12)
            ]
        },
    )
    work()
    start = time.time()
    assert state.read(r, "demo").computed == Level.CRISIS
    cooldown = get_site(r, "demo").tuning.cooldown_minutes * 60
    steps = []  # (time, level) at each change, one recompute a minute for four hours
    for minute in range(1, 4 * 60):
        now = start + minute * 60
        level = state.recompute(r, "demo", now=now).computed
        if not steps or level != steps[-1][1]:
            steps.append((now, level))
    levels = [level for _, level in steps]
    assert levels == [Level.CRISIS, Level.ALERT, Level.WATCH, Level.CALM]
    gaps = [later - earlier for (earlier, _), (later, _) in pairwise(steps[1:])]
    assert all(gap >= cooldown for gap in gaps)


def test_a_held_level_says_why_it_is_held(r, demo_token, work):
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {
                    "source": "x",
                    "external_id": f"h{i}",
                    "text": "Awful, terrible, avoid.",
                    "lang": "en",
                }
                for i in range(12)
            ]
        },
    )
    work()
    held = state.recompute(r, "demo", now=time.time() + 16 * 60)  # burst left the window
    assert held.computed == Level.CRISIS
    assert held.reasons[0].startswith("holding crisis")


def test_recompute_stores_the_mentions_that_weigh_most(r, demo_token, work):
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {
                    "source": "x",
                    "external_id": "leak",
                    "text": "They leaked my data, awful",
                    "reach": 5000,
                    "lang": "en",
                },
                {"source": "x", "external_id": "nice", "text": "Lovely shop", "lang": "en"},
            ]
        },
    )
    work()
    top = state.read(r, "demo").signals["top_mentions"]
    assert [t["text"] for t in top] == ["They leaked my data, awful"]
    assert top[0]["categories"] == ["data_leak"] and top[0]["reach"] == 5000
