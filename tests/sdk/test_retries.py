"""Retries (only of calls that are safe to repeat) and odd answers, against a real local
HTTP server."""

from __future__ import annotations

import pytest

from funnel_sdk import ApiError, Client
from tests.notifications.receiver import Receiver

STATE = {"site": "demo", "level": 1, "level_name": "watch", "locale": "en", "version": 4}


@pytest.fixture
def flaky():
    server = Receiver(failures=1, fail_status=503)
    yield server
    server.close()


def test_a_read_is_retried_after_a_503(flaky):
    flaky.reply = STATE
    with Client(flaky.url, "demo", strict=True) as client:
        state = client.state()

    assert state.level_name == "watch"
    assert len(flaky.requests) == 2


def test_ingest_is_retried_after_a_503_because_it_is_idempotent(flaky):
    flaky.reply = {"accepted": 1, "duplicates": 0, "ids": ["1-0"]}
    with Client(flaky.url, "demo", token="t") as client:
        result = client.ingest([{"source": "reviews", "external_id": "r1", "text": "ok"}])

    assert result.accepted == 1
    assert [r.path for r in flaky.requests] == ["/v1/sites/demo/mentions"] * 2
    assert flaky.requests[0].body == flaky.requests[1].body


def test_a_block_creation_is_not_retried_after_a_503(flaky):
    with Client(flaky.url, "demo", token="t") as client, pytest.raises(ApiError) as caught:
        client.add_block("guarantee", "en", "Free returns")

    assert caught.value.status == 503
    assert len(flaky.requests) == 1


def test_an_override_is_retried_after_a_503_because_put_sets_a_value(flaky):
    flaky.reply = {"effective": 3}
    with Client(flaky.url, "demo", token="t") as client:
        assert client.set_override(3, "drill", minutes=5)["effective"] == 3

    assert len(flaky.requests) == 2


def test_retries_can_be_turned_off(flaky):
    with Client(flaky.url, "demo", strict=True, retries=0) as client, pytest.raises(ApiError):
        client.state()

    assert len(flaky.requests) == 1


def test_a_garbled_state_answer_is_the_calm_default_unless_strict():
    server = Receiver(reply={"level": "very high", "blocks": "nope"})
    try:
        with Client(server.url, "demo", cache_ttl=0, error_backoff=0) as client:
            state = client.state(locale="fr-CA")
            assert (state.served_from, state.locale) == ("default", "fr")
            with pytest.raises(ApiError, match="invalid_response"):
                client.state(strict=True)
    finally:
        server.close()
