"""Mentions that need a human, and customer-care mentions routed to a CRM by keywords,
through the real pipeline: ingest, RQ processing, RQ delivery."""

from __future__ import annotations

import pytest

from reassure import ingest, notifications
from reassure.processing import recent_mentions


def send_mentions(r, *mentions: dict) -> None:
    batch = [
        {"source": "reviews", "external_id": f"m-{i}", "lang": "en", **m}
        for i, m in enumerate(mentions)
    ]
    ingest.ingest(r, "demo", {"mentions": batch})


def events_of(receiver) -> list[dict]:
    return [request.json() for request in receiver.requests]


@pytest.fixture
def crm(r, demo_token, receiver):
    return notifications.add_endpoint(
        r, "demo", receiver.url + "/crm", keywords=["refund", "order number", "livraison"]
    )


def test_mentions_matching_care_keywords_are_routed_to_the_crm(r, crm, receiver, work):
    send_mentions(
        r,
        {"text": "Still waiting for my refund, order number 4411"},
        {"text": "Lovely shop, quick delivery."},
        {"text": "Où en est ma Livraison ?", "lang": "fr"},
    )
    work()

    events = sorted(events_of(receiver), key=lambda e: e["data"]["mention"]["external_id"])
    assert [e["type"] for e in events] == ["care_mention", "care_mention"]
    assert [e["data"]["mention"]["external_id"] for e in events] == ["m-0", "m-2"]
    assert events[0]["data"]["matched_keywords"] == ["refund", "order number"]
    assert events[1]["data"]["matched_keywords"] == ["livraison"]


def test_keywords_match_whole_words_ignoring_case_and_accents():
    keywords = ["refund", "order number", "remboursement"]

    assert notifications.matched_keywords("REFUND now", keywords) == ["refund"]
    assert notifications.matched_keywords("my Order   Number?", keywords) == ["order number"]
    assert notifications.matched_keywords("Rembôursement svp", keywords) == ["remboursement"]
    assert notifications.matched_keywords("refunded already", keywords) == []


def test_a_care_endpoint_does_not_receive_level_changes(r, crm, receiver, work):
    notifications.level_changed(r, "demo", {"at": 1.0, "from": 0, "to": 2, "cause": "x"})
    work()

    assert receiver.requests == []


def test_a_flagged_mention_is_sent_to_endpoints_that_want_needs_attention(
    r, demo_token, receiver, work
):
    notifications.add_endpoint(r, "demo", receiver.url, events=["needs_attention"])
    send_mentions(
        r,
        {"text": "This shop is a scam, terrible, avoid them!", "reach": 250_000},
        {"text": "Nice socks, fair price."},
    )
    work()

    (event,) = events_of(receiver)
    assert event["type"] == "needs_attention"
    assert event["data"]["mention"]["external_id"] == "m-0"
    assert event["data"]["mention"]["attention_reasons"]


def test_a_mention_processed_twice_notifies_once(r, demo_token, receiver, work):
    notifications.add_endpoint(r, "demo", receiver.url, events=["needs_attention"])
    send_mentions(r, {"text": "Scam! Terrible, they stole my money.", "reach": 90_000})
    work()
    (stored,) = [m for m in recent_mentions(r, "demo") if m.external_id == "m-0"]
    notifications.mentions_processed(r, "demo", [stored])  # e.g. an orphan claimed again
    work()

    assert len(receiver.requests) == 1
