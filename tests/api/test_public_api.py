"""The public API over real HTTP: cacheable state, live events, the widget script."""

import json

import requests

from reassure import state


def test_state_has_an_etag_and_short_public_caching(web_url, demo_token):
    response = requests.get(f"{web_url}/v1/sites/demo/state?locale=en", timeout=5)
    assert response.status_code == 200 and response.headers["ETag"]
    cache = response.headers["Cache-Control"]
    assert "public" in cache and "max-age=5" in cache and "stale-if-error" in cache


def test_state_answers_304_to_a_matching_etag(web_url, demo_token):
    url = f"{web_url}/v1/sites/demo/state?locale=en"
    etag = requests.get(url, timeout=5).headers["ETag"]
    assert requests.get(url, headers={"If-None-Match": etag}, timeout=5).status_code == 304


def test_the_etag_changes_when_the_level_changes(web_url, r, demo_token):
    url = f"{web_url}/v1/sites/demo/state?locale=en"
    before = requests.get(url, timeout=5).headers["ETag"]
    state.set_override(r, "demo", {"level": 2, "reason": "test", "minutes": 5, "by": "t"})
    response = requests.get(url, headers={"If-None-Match": before}, timeout=5)
    assert response.status_code == 200 and response.json()["level"] == 2


def test_state_is_readable_from_any_origin(web_url, demo_token):
    response = requests.get(
        f"{web_url}/v1/sites/demo/state", headers={"Origin": "https://shop.example"}, timeout=5
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_state_of_an_unknown_site_is_a_json_404(web_url, r):
    response = requests.get(f"{web_url}/v1/sites/ghost/state", timeout=5)
    assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_site"


def test_live_events_announce_a_level_change(web_url, r, demo_token):
    with requests.get(f"{web_url}/v1/sites/demo/events", stream=True, timeout=10) as stream:
        lines = stream.iter_lines(decode_unicode=True)
        first = next(line for line in lines if line.startswith("data:"))
        state.set_override(r, "demo", {"level": 3, "reason": "test", "minutes": 5, "by": "t"})
        second = next(line for line in lines if line.startswith("data:"))
    assert json.loads(second[5:])["version"] > json.loads(first[5:])["version"]


def test_the_widget_script_is_served_as_javascript(web_url):
    response = requests.get(f"{web_url}/widget.js", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/javascript")


def test_live_event_connections_are_rate_limited_per_client_with_a_json_429(
    redis_server, r, demo_token
):
    from tests.conftest import web_app

    def connect(url: str) -> requests.Response:
        with requests.get(f"{url}/v1/sites/demo/events", stream=True, timeout=5) as response:
            if response.status_code != 200:
                response.content  # noqa: B018  (a refusal is short: read it before closing)
            return response

    with web_app(redis_server.url, REASSURE_EVENTS_RATE_LIMIT="3 per minute") as url:
        answers = [connect(url) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["error"]["code"] == "too_many_requests"
    assert int(answers[-1].headers["Retry-After"]) > 0
