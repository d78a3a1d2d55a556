"""Admin calls of the SDK for content, testimonials and notifications, against the real app."""

from __future__ import annotations

import pytest

from funnel_sdk import (
    AuthError,
    Client,
    ContentBlock,
    Delivery,
    Endpoint,
    InvalidRequest,
    NotFound,
    TokenRequired,
)
from reassure.embedded_redis import free_port


@pytest.fixture
def admin(web_url, demo_token):
    with Client(web_url, "demo", token=demo_token, cache_ttl=0) as client:
        yield client


def test_a_drafted_block_is_listed_but_not_served(admin):
    block = admin.add_block("reassurance", "en", "We answer within the hour.", title="Support")

    assert isinstance(block, ContentBlock)
    assert (block.status, block.levels) == ("draft", (0, 1, 2, 3))
    assert block.id in {b.id for b in admin.blocks()}
    assert block.id not in {b.id for b in admin.state(locale="en").blocks}


def test_an_approved_block_is_served_and_a_retired_one_is_not(admin):
    block = admin.add_block("reassurance", "en", "We answer within the hour.", levels=["calm"])

    approved = admin.approve_block(block.id, by="ana")
    served = {b.id for b in admin.state(locale="en").blocks}
    admin.retire_block(block.id, by="ana")

    assert (approved.status, approved.approved_by) == ("approved", "ana")
    assert block.id in served
    assert block.id not in {b.id for b in admin.state(locale="en").blocks}


def test_an_invalid_block_raises_invalid_request_naming_the_field(admin):
    with pytest.raises(InvalidRequest) as caught:
        admin.add_block("banner", "en", "Hello")

    assert caught.value.field_names == ("kind",)


def test_approving_an_unknown_block_raises_not_found(admin):
    with pytest.raises(NotFound):
        admin.approve_block("no-such-block")


def test_removing_an_unknown_endpoint_raises_not_found(admin):
    with pytest.raises(NotFound):
        admin.remove_endpoint("no-such-endpoint")


def test_a_testimonial_is_drafted_from_a_real_mention_with_consent(admin, work):
    ids = admin.ingest(
        [{"source": "reviews", "external_id": "t1", "text": "Great shop!", "lang": "en"}]
    ).ids
    work()

    block = admin.testimonial_from_mention(ids[0], "Ana P.", consent=True)

    assert (block.kind, block.status, block.author, block.body) == (
        "testimonial",
        "draft",
        "Ana P.",
        "Great shop!",
    )
    assert block.mention_id == ids[0]


def test_a_testimonial_without_consent_raises_invalid_request_naming_consent(admin, work):
    ids = admin.ingest([{"source": "reviews", "external_id": "t2", "text": "Great"}]).ids
    work()

    with pytest.raises(InvalidRequest) as caught:
        admin.testimonial_from_mention(ids[0], "Ana", consent=False)

    assert caught.value.field_names == ("consent",)


def test_an_endpoint_is_added_listed_without_its_secret_and_removed(admin):
    added = admin.add_endpoint("https://hooks.example.com/x", "slack")

    assert isinstance(added, Endpoint)
    assert len(added.secret) >= 32
    (listed,) = admin.endpoints()
    assert (listed.id, listed.form, listed.secret) == (added.id, "slack", "")
    admin.remove_endpoint(added.id)
    assert admin.endpoints() == []


def test_a_care_endpoint_takes_keywords_and_defaults_to_care_mentions(admin):
    endpoint = admin.add_endpoint("https://crm.example.com/in", keywords=["refund"])

    assert (endpoint.events, endpoint.keywords) == (("care_mention",), ("refund",))


def test_an_invalid_endpoint_raises_invalid_request_naming_the_field(admin):
    with pytest.raises(InvalidRequest) as caught:
        admin.add_endpoint("not a url")

    assert caught.value.field_names == ("url",)


def test_deliveries_show_status_and_attempts(admin, receiver, work):
    admin.add_endpoint(receiver.url)
    admin.set_override("crisis", "drill", minutes=5)
    work()

    (delivery,) = admin.deliveries()
    assert isinstance(delivery, Delivery)
    assert (delivery.event_type, delivery.status, delivery.attempts) == (
        "level_change",
        "delivered",
        1,
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.blocks(),
        lambda c: c.add_block("faq", "en", "Q?"),
        lambda c: c.approve_block("x"),
        lambda c: c.retire_block("x"),
        lambda c: c.testimonial_from_mention("1-0", "Ana", consent=True),
        lambda c: c.add_endpoint("https://x.example"),
        lambda c: c.endpoints(),
        lambda c: c.remove_endpoint("x"),
        lambda c: c.deliveries(),
    ],
)
def test_admin_calls_without_token_raise_token_required_before_any_request(call):
    with Client(f"http://127.0.0.1:{free_port()}", "demo") as client, pytest.raises(TokenRequired):
        call(client)


def test_admin_calls_with_a_wrong_token_raise_auth_error(web_url, demo_token):
    with Client(web_url, "demo", token="wrong") as client, pytest.raises(AuthError):
        client.blocks()


def test_an_edited_approved_block_goes_back_to_draft_and_keeps_its_versions(admin):
    block = admin.add_block("guarantee", "en", "30-day returns.", levels=["calm"])
    admin.approve_block(block.id, by="ana")

    edited = admin.update_block(block.id, body="60-day returns.", by="ben")
    versions = admin.block_versions(block.id)

    assert (edited.status, edited.body) == ("draft", "60-day returns.")
    assert [v["block"]["body"] for v in versions][-1] == "60-day returns."
    assert "30-day returns." in [v["block"]["body"] for v in versions]
    assert block.id not in {b.id for b in admin.state(locale="en").blocks}


def test_editing_a_field_that_cannot_change_raises_invalid_request_naming_it(admin):
    block = admin.add_block("guarantee", "en", "30-day returns.")

    with pytest.raises(InvalidRequest) as caught:
        admin.update_block(block.id, status="approved")

    assert caught.value.field_names == ("status",)


def test_reordered_blocks_take_positions_in_the_given_order(admin):
    first = admin.add_block("faq", "en", "Where is my order?")
    second = admin.add_block("faq", "en", "Can I cancel?")

    reordered = admin.reorder_blocks([second.id, first.id], by="ana")

    assert [(b.id, b.position) for b in reordered] == [(second.id, 0), (first.id, 1)]


def test_reordering_an_unknown_block_names_it_and_moves_nothing(admin):
    block = admin.add_block("faq", "en", "Where is my order?", position=5)

    with pytest.raises(InvalidRequest) as caught:
        admin.reorder_blocks([block.id, "no-such-block"])

    assert caught.value.field_names == ("block_ids[1]",)
    assert {b.id: b.position for b in admin.blocks()}[block.id] == 5


def test_the_audit_log_names_who_changed_what_newest_first(admin):
    block = admin.add_block("faq", "en", "Where is my order?", by="ana")
    admin.approve_block(block.id, by="ben")
    admin.set_override("alert", reason="press article", minutes=30, by="carla")

    entries = admin.audit_log(limit=3)

    assert [e["who"] for e in entries] == ["carla", "ben", "ana"]
    assert "press article" in entries[0]["why"] + entries[0]["what"]
