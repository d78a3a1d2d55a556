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


# -- cache rules, the versioned script, CORS, beacons, locales -------------------------

STATE = "/v1/sites/demo/state"


def cache_seconds(header: str, name: str) -> int:
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == name:
            return int(value)
    raise AssertionError(f"{name} missing from {header!r}")


def test_state_may_be_cached_15_s_at_most_and_served_stale_on_error(web_url, demo_token):
    cache = requests.get(web_url + STATE, timeout=5).headers["Cache-Control"]
    assert cache.startswith("public")
    assert 0 < cache_seconds(cache, "max-age") <= 15
    assert cache_seconds(cache, "stale-while-revalidate") > 0
    assert cache_seconds(cache, "stale-if-error") >= 3600


def test_an_etag_from_before_a_content_change_no_longer_matches(web_url, r, demo_token):
    from reassure import content

    url = f"{web_url}{STATE}?locale=fr"
    before = requests.get(url, timeout=5).headers["ETag"]
    block = next(b for b in content.list_blocks(r, "demo") if b.locale == "fr")
    content.set_status(r, "demo", block.id, "retired", by="test")
    assert requests.get(url, headers={"If-None-Match": before}, timeout=5).status_code == 200


def test_state_tells_the_widget_which_kinds_each_slot_shows(web_url, demo_token):
    body = requests.get(web_url + STATE, timeout=5).json()
    assert body["slots"] == {"checkout": ["guarantee", "offer"]}


def test_locale_falls_back_from_a_region_to_its_language(web_url, demo_token):
    assert requests.get(f"{web_url}{STATE}?locale=en-GB", timeout=5).json()["locale"] == "en"


def test_unsupported_locale_falls_back_to_the_site_default(web_url, demo_token):
    assert requests.get(f"{web_url}{STATE}?locale=de-DE", timeout=5).json()["locale"] == "fr"


def test_locale_without_content_falls_back_to_english(web_url, r):
    from reassure import content, sites

    sites.create_site(r, slug="quebec", name="Québec", default_locale="fr")
    block = {"kind": "guarantee", "locale": "en", "title": "Refunds", "body": "Full refund."}
    content.add_block(r, "quebec", block, by="test", approve=True)
    body = requests.get(f"{web_url}/v1/sites/quebec/state?locale=fr-CA", timeout=5).json()
    assert body["locale"] == "en" and body["blocks"][0]["title"] == "Refunds"


def test_short_widget_url_points_to_a_versioned_url_cached_for_a_year(web_url):
    short = requests.get(f"{web_url}/widget.js", timeout=5)
    assert cache_seconds(short.headers["Cache-Control"], "max-age") <= 600
    versioned_path = short.headers["Link"].split(">")[0].lstrip("<")
    assert versioned_path.startswith("/v/") and versioned_path.endswith("/widget.js")

    versioned = requests.get(web_url + versioned_path, timeout=5)
    assert versioned.content == short.content
    assert "immutable" in versioned.headers["Cache-Control"]
    assert cache_seconds(versioned.headers["Cache-Control"], "max-age") >= 365 * 24 * 3600


def test_widget_script_answers_304_to_its_etag(web_url):
    etag = requests.get(f"{web_url}/widget.js", timeout=5).headers["ETag"]
    again = requests.get(f"{web_url}/widget.js", headers={"If-None-Match": etag}, timeout=5)
    assert again.status_code == 304


def test_an_outdated_versioned_widget_url_redirects_to_the_current_script(web_url):
    response = requests.get(f"{web_url}/v/0123456789ab/widget.js", allow_redirects=False, timeout=5)
    assert response.status_code == 302 and response.headers["Location"].endswith("/widget.js")


def test_widget_script_and_beacon_are_open_to_any_origin(web_url, demo_token):
    origin = {"Origin": "https://shop.example"}
    script = requests.get(f"{web_url}/widget.js", headers=origin, timeout=5)
    assert script.headers["Access-Control-Allow-Origin"] == "*"
    preflight = requests.options(
        f"{web_url}/v1/sites/demo/beacon",
        headers={**origin, "Access-Control-Request-Method": "POST"},
        timeout=5,
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def beacon_events(r, action: str = "impression") -> list[dict]:
    from reassure import content

    offer = next(b for b in content.list_blocks(r, "demo") if b.kind == "offer")
    return [{"block": offer.id, "kind": "offer", "level": 3, "action": action}]


def test_a_beacon_sent_as_plain_text_is_counted(web_url, r, demo_token):
    from reassure import impressions

    response = requests.post(
        f"{web_url}/v1/sites/demo/beacon",
        data=json.dumps({"events": beacon_events(r, "click")}),
        headers={"Content-Type": "text/plain;charset=UTF-8", "Origin": "https://shop.example"},
        timeout=5,
    )
    assert response.status_code == 202 and response.json() == {"counted": 1}
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert impressions.counts(r, "demo")["offer"]["clicks"] == 1


def test_an_invalid_beacon_is_a_422_naming_the_field(web_url, r, demo_token):
    events = [{**beacon_events(r)[0], "action": "hover"}]
    response = requests.post(
        f"{web_url}/v1/sites/demo/beacon", data=json.dumps({"events": events}), timeout=5
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "events[0].action"


def test_a_beacon_that_is_not_json_is_a_422_on_the_body(web_url, demo_token):
    response = requests.post(f"{web_url}/v1/sites/demo/beacon", data="<html>", timeout=5)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "body"


def test_beacons_are_rate_limited_per_client(redis_server, r, demo_token):
    from tests.conftest import web_app

    body = json.dumps({"events": beacon_events(r)})
    with web_app(redis_server.url, REASSURE_BEACON_RATE_LIMIT="2 per minute") as url:
        answers = [
            requests.post(f"{url}/v1/sites/demo/beacon", data=body, timeout=5).status_code
            for _ in range(3)
        ]
    assert answers == [202, 202, 429]
