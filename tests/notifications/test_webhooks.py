"""Signed webhooks, delivered by real RQ workers to a real local HTTP receiver."""

from __future__ import annotations

import json
import time

import pytest
from rq import Retry
from rq.registry import ScheduledJobRegistry

from funnel_sdk.webhooks import InvalidSignature, verify
from reassure import dispatch, ingest, notifications, state
from reassure.errors import InvalidInput

SECRET = "a-test-secret-of-enough-length"


def crisis_override(r, by: str = "ana") -> None:
    state.set_override(r, "demo", {"level": "crisis", "reason": "drill", "minutes": 10, "by": by})


def a_level_event(at: float = 1_700_000_000.0) -> dict:
    entry = {"at": at, "from": 0, "to": 2, "cause": "detector", "reasons": ["negative share"]}
    return notifications.level_change_event("demo", entry)


@pytest.fixture
def endpoint(r, demo_token, receiver):
    return notifications.add_endpoint(r, "demo", receiver.url + "/hook", secret=SECRET)


def test_a_level_change_is_delivered_signed_and_verifies_with_the_sdk(r, endpoint, receiver, work):
    crisis_override(r)
    work()

    (request,) = receiver.requests
    event = verify(request.body, request.headers, SECRET)
    assert (event["type"], event["site"]) == ("level_change", "demo")
    assert (event["data"]["from_name"], event["data"]["to_name"]) == ("calm", "crisis")
    assert event["data"]["cause"] == "override set by ana: drill"
    assert request.headers["Reassure-Event-Id"] == event["id"]


def test_a_tampered_body_is_rejected_by_the_sdk(r, endpoint, receiver, work):
    crisis_override(r)
    work()
    request = receiver.requests[0]
    tampered = request.body.replace(b'"crisis"', b'"calm"')

    with pytest.raises(InvalidSignature, match="does not match"):
        verify(tampered, request.headers, SECRET)


def test_a_signature_made_with_another_secret_is_rejected(r, endpoint, receiver, work):
    crisis_override(r)
    work()
    request = receiver.requests[0]

    with pytest.raises(InvalidSignature):
        verify(request.body, request.headers, "not-the-endpoint-secret")


def test_a_request_signed_long_ago_is_rejected_as_a_replay(r, endpoint, receiver):
    notifications.send(endpoint, a_level_event(), now=time.time() - 600)
    request = receiver.requests[0]

    with pytest.raises(InvalidSignature, match="tolerance"):
        verify(request.body, request.headers, SECRET)


def test_a_request_signed_just_now_passes_a_tight_replay_window(r, endpoint, receiver):
    notifications.send(endpoint, a_level_event())
    request = receiver.requests[0]

    assert verify(request.body, request.headers, SECRET, tolerance=5)["type"] == "level_change"


def test_a_delivery_is_retried_after_a_500_then_succeeds(r, endpoint, receiver, work):
    receiver.failures = 2
    notifications.send_event(r, "demo", a_level_event(), retry_intervals=(0, 0, 0))
    work()

    assert len(receiver.requests) == 3
    (delivery,) = notifications.deliveries(r, "demo")
    assert (delivery["status"], delivery["attempts"], delivery["last_error"]) == (
        "delivered",
        3,
        "",
    )


def test_a_delivery_failing_every_attempt_is_recorded_as_failed_with_its_error(
    r, endpoint, receiver, work
):
    receiver.failures = 99
    notifications.send_event(r, "demo", a_level_event(), retry_intervals=(0, 0))
    work()

    assert len(receiver.requests) == 3
    (delivery,) = notifications.deliveries(r, "demo")
    assert (delivery["status"], delivery["attempts"]) == ("failed", 3)
    assert delivery["last_error"].startswith("HTTP 500")


def test_a_failed_attempt_is_scheduled_for_a_later_retry_with_backoff(r, endpoint, receiver, work):
    receiver.failures = 1
    notifications.send_event(r, "demo", a_level_event())
    work()

    assert len(receiver.requests) == 1
    scheduled = ScheduledJobRegistry(queue=dispatch.queue(r))
    (job_id,) = scheduled.get_job_ids()
    due = scheduled.get_scheduled_time(job_id).timestamp()
    assert due - time.time() == pytest.approx(notifications.RETRY_INTERVALS[0], abs=3)
    assert notifications.deliveries(r, "demo")[0]["status"] == "retrying"


def test_the_same_event_queued_twice_is_delivered_once(r, endpoint, receiver, work):
    event = a_level_event()
    notifications.send_event(r, "demo", event)
    notifications.send_event(r, "demo", event)
    work()
    notifications.send_event(r, "demo", event)  # after success: not even queued
    work()

    assert len(receiver.requests) == 1


def test_a_delivery_job_run_again_after_success_sends_nothing(r, endpoint, receiver, work):
    event = a_level_event()
    queue = dispatch.queue(r)
    for _ in range(2):
        queue.enqueue(notifications.DELIVER_JOB, "demo", endpoint.id, event, retry=Retry(max=1))
    work()

    assert len(receiver.requests) == 1
    assert notifications.deliveries(r, "demo")[0]["attempts"] == 1


def test_an_endpoint_receives_only_the_events_it_subscribed_to(r, demo_token, receiver, work):
    notifications.add_endpoint(r, "demo", receiver.url, events=["needs_attention"])
    crisis_override(r)
    work()

    assert receiver.requests == []


def test_setting_an_override_at_the_current_level_sends_nothing(r, endpoint, receiver, work):
    state.set_override(r, "demo", {"level": "calm", "reason": "hold", "minutes": 5, "by": "ana"})
    work()

    assert receiver.requests == []


def test_a_removed_endpoint_gets_no_queued_delivery(r, endpoint, receiver, work):
    crisis_override(r)
    notifications.remove_endpoint(r, "demo", endpoint.id)
    work()

    assert receiver.requests == []
    assert notifications.deliveries(r, "demo")[0]["status"] == "dropped"


def test_the_generic_body_is_the_event_as_json(r, endpoint, receiver, work):
    crisis_override(r)
    work()

    body = receiver.requests[0].json()
    assert set(body) == {"id", "type", "site", "created_at", "data"}
    assert body["data"]["override"]["reason"] == "drill"
    assert receiver.requests[0].headers["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"url": "ftp://example.com/x"}, "url"),
        ({"url": "https://example.com", "form": "email"}, "url"),
        ({"url": "https://example.com", "events": ["level_change", "gossip"]}, "events[1]"),
        ({"url": "https://example.com", "events": ["care_mention"]}, "keywords"),
        ({"url": "https://example.com", "secret": "short"}, "secret"),
    ],
)
def test_an_invalid_endpoint_is_refused_naming_the_field_and_nothing_is_stored(
    r, demo_token, fields, field
):
    with pytest.raises(InvalidInput) as caught:
        notifications.add_endpoint(r, "demo", **fields)

    assert [path for path, _ in caught.value.problems] == [field]
    assert notifications.list_endpoints(r, "demo") == []


def test_a_generated_secret_is_returned_once_and_listings_hide_it(r, demo_token):
    endpoint = notifications.add_endpoint(r, "demo", "https://example.com/hook")

    assert len(endpoint.secret) >= 32
    (listed,) = notifications.list_endpoints(r, "demo")
    assert "secret" not in listed.public()
    assert json.dumps(listed.public()).count(endpoint.secret) == 0


def test_the_worker_process_retries_a_failed_delivery_after_its_backoff(
    r, endpoint, receiver, worker_process
):
    receiver.failures = 1
    notifications.send_event(r, "demo", a_level_event(), retry_intervals=(1,))

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(receiver.requests) < 2:
        time.sleep(0.2)

    assert len(receiver.requests) == 2
    first, second = (int(x.headers["Reassure-Timestamp"]) for x in receiver.requests)
    assert second >= first + 1
    assert notifications.deliveries(r, "demo")[0]["status"] == "delivered"


def test_a_level_raised_by_the_detector_is_notified_with_its_reasons(r, endpoint, receiver, work):
    angry = "This is a scam, terrible service, I want my money back!"
    batch = [
        {"source": "twitter", "external_id": f"b-{i}", "text": angry, "lang": "en"}
        for i in range(15)
    ]
    ingest.ingest(r, "demo", {"mentions": batch})
    work()

    (event,) = [e for e in (x.json() for x in receiver.requests) if e["type"] == "level_change"]
    assert event["data"]["cause"] == "detector"
    assert event["data"]["from"] in (None, 0)  # None: the site's first recorded level
    assert event["data"]["to_name"] == "crisis"
    assert event["data"]["reasons"]
