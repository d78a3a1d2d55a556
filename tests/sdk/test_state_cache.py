"""state() for page rendering: cached, revalidated, and never raising when the API fails
(unless strict), against the real app and a real Redis."""

from __future__ import annotations

import time

import pytest
import requests

from funnel_sdk import Client, ConnectionFailed, State
from reassure import state as site_state
from reassure.embedded_redis import free_port
from tests.conftest import web_app


class RecordingSession(requests.Session):
    """A real session that also notes each request's headers and answer status."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[dict, int | None]] = []

    def request(self, method, url, *args, **kwargs):
        try:
            response = super().request(method, url, *args, **kwargs)
        except requests.RequestException:
            self.sent.append((dict(kwargs.get("headers") or {}), None))
            raise
        self.sent.append((dict(kwargs.get("headers") or {}), response.status_code))
        return response


def set_crisis(r) -> None:
    site_state.set_override(r, "demo", {"level": 3, "reason": "drill", "minutes": 10, "by": "t"})


@pytest.fixture
def session():
    with RecordingSession() as s:
        yield s


@pytest.fixture
def down_url() -> str:
    return f"http://127.0.0.1:{free_port()}"  # nothing listens there


def test_a_first_call_is_served_fresh_from_the_api(web_url, demo_token, session):
    with Client(web_url, "demo", session=session) as client:
        state = client.state(locale="en")

    assert state.served_from == "api"
    assert len(session.sent) == 1


def test_a_call_within_the_ttl_is_served_from_the_cache_without_a_request(
    web_url, demo_token, session
):
    with Client(web_url, "demo", session=session, cache_ttl=60) as client:
        first = client.state(locale="en")
        second = client.state(locale="en")

    assert second.served_from == "cache"
    assert second.blocks == first.blocks
    assert len(session.sent) == 1


def test_the_cache_is_kept_per_locale_and_slot(web_url, demo_token, session):
    with Client(web_url, "demo", session=session, cache_ttl=60) as client:
        client.state(locale="en")
        checkout = client.state(locale="en", slot="checkout")

    assert checkout.served_from == "api"
    assert {b.kind for b in checkout.blocks} == {"guarantee"}


def test_a_cached_state_hides_a_change_until_its_ttl_has_passed(web_url, demo_token, r):
    with Client(web_url, "demo", cache_ttl=0.5) as client:
        client.state()
        set_crisis(r)
        cached = client.state()
        time.sleep(0.6)
        fresh = client.state()

    assert (cached.level, cached.served_from) == (0, "cache")
    assert (fresh.level, fresh.served_from) == (3, "api")


def test_after_the_ttl_an_unchanged_state_is_revalidated_with_its_etag(
    web_url, demo_token, session
):
    with Client(web_url, "demo", session=session, cache_ttl=0) as client:
        first = client.state(locale="en")
        again = client.state(locale="en")

    (_, first_status), (headers, status) = session.sent
    assert (first_status, status) == (200, 304)
    assert headers["If-None-Match"]
    assert (again.served_from, again.blocks) == ("api", first.blocks)


def test_when_the_api_goes_down_the_last_known_state_is_served_stale(redis_server, r, demo_token):
    set_crisis(r)
    with web_app(redis_server.url) as url:
        client = Client(url, "demo", cache_ttl=0, retries=0)
        known = client.state(locale="en")

    stale = client.state(locale="en")

    assert stale.served_from == "stale"
    assert (stale.level, stale.blocks) == (3, known.blocks)


def test_a_stale_state_older_than_stale_ttl_gives_way_to_the_calm_default(
    redis_server, r, demo_token
):
    set_crisis(r)
    with web_app(redis_server.url) as url:
        client = Client(url, "demo", cache_ttl=0, stale_ttl=0.2, error_backoff=0, retries=0)
        client.state(locale="en")
    time.sleep(0.3)

    state = client.state(locale="en")

    assert (state.served_from, state.level, state.blocks) == ("default", 0, ())


def test_with_the_api_down_and_nothing_known_the_calm_default_is_served(down_url):
    with Client(down_url, "demo", retries=0) as client:
        state = client.state(locale="fr", slot="checkout")

    assert state == State(0, "calm", "fr", "checkout", 0, (), "demo", "default")


def test_after_a_failure_the_api_is_left_alone_for_error_backoff(down_url, session):
    with Client(down_url, "demo", session=session, error_backoff=60) as client:
        client.state()
        again = client.state()

    assert again.served_from == "default"
    assert len(session.sent) == 1


def test_a_non_strict_state_of_an_unknown_slot_is_the_calm_default(web_url, demo_token):
    with Client(web_url, "demo") as client:
        state = client.state(slot="sidebar")

    assert (state.served_from, state.blocks) == ("default", ())


def test_a_strict_client_raises_when_the_api_is_down(down_url):
    client = Client(down_url, "demo", strict=True, retries=0)

    with client, pytest.raises(ConnectionFailed):
        client.state()


def test_strict_per_call_raises_even_when_a_stale_state_is_known(redis_server, r, demo_token):
    with web_app(redis_server.url) as url:
        client = Client(url, "demo", cache_ttl=0, retries=0)
        client.state()

    with pytest.raises(ConnectionFailed):
        client.state(strict=True)
    assert client.state().served_from == "stale"


def test_an_override_set_through_the_client_clears_its_cache(web_url, demo_token):
    with Client(web_url, "demo", token=demo_token, cache_ttl=60) as client:
        client.state()
        client.set_override("alert", "press", minutes=5)

        assert client.state().level == 2


def test_a_refused_connection_is_reported_as_refused_not_as_a_timeout(down_url):
    client = Client(down_url, "demo", strict=True)

    with client, pytest.raises(ConnectionFailed) as caught:
        client.state()

    assert "no answer within" not in str(caught.value)
