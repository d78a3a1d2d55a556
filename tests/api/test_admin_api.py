"""The admin API over real HTTP: bad input gets a 4xx naming the problem, nothing stored."""

import pytest
import requests

from reassure.store import Keys


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def post_mentions(web_url, token, payload=None, **kwargs):
    return requests.post(
        f"{web_url}/v1/sites/demo/mentions", headers=auth(token), json=payload, timeout=5, **kwargs
    )


def stored(r) -> int:
    return r.xlen(Keys("demo").mentions)


def good(i=1, **fields):
    return {"source": "reviews", "external_id": f"a{i}", "text": "Nice", **fields}


def test_a_valid_batch_is_accepted_with_202(web_url, r, demo_token):
    response = post_mentions(web_url, demo_token, {"mentions": [good(1), good(2)]})
    assert response.status_code == 202
    assert response.json()["accepted"] == 2


def test_malformed_json_is_a_400_naming_the_body(web_url, r, demo_token):
    before = stored(r)
    response = requests.post(
        f"{web_url}/v1/sites/demo/mentions",
        data="{not json",
        headers={**auth(demo_token), "Content-Type": "application/json"},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"][0]["field"] == "body"
    assert stored(r) == before


@pytest.mark.parametrize(
    ("mention", "field"),
    [
        ({"source": "reviews", "text": "no id"}, "mentions[1].external_id"),
        (good(reach="lots"), "mentions[1].reach"),
        (good(text="x" * 5001), "mentions[1].text"),
        (good(lang="de"), "mentions[1].lang"),
    ],
)
def test_a_bad_mention_is_a_422_naming_the_field_and_nothing_is_stored(
    web_url, r, demo_token, mention, field
):
    before = stored(r)
    response = post_mentions(web_url, demo_token, {"mentions": [good(9), mention]})
    assert response.status_code == 422
    assert field in [f["field"] for f in response.json()["error"]["fields"]]
    assert stored(r) == before


def test_an_oversized_body_is_a_413(web_url, r, demo_token):
    huge = {"mentions": [good(i, text="y" * 4000) for i in range(400)]}
    assert post_mentions(web_url, demo_token, huge).status_code == 413
    assert stored(r) == 0 or stored(r) == len(r.hkeys(Keys("demo").seen))


def test_an_unknown_site_is_a_404_naming_the_site(web_url, demo_token):
    response = requests.post(
        f"{web_url}/v1/sites/nope/mentions",
        headers=auth(demo_token),
        json={"mentions": [good()]},
        timeout=5,
    )
    assert response.status_code == 404
    assert response.json()["error"]["fields"][0]["field"] == "site"


def test_a_missing_token_is_a_401_naming_the_header(web_url, r, demo_token):
    response = requests.post(
        f"{web_url}/v1/sites/demo/mentions", json={"mentions": [good()]}, timeout=5
    )
    assert response.status_code == 401
    assert response.json()["error"]["fields"][0]["field"] == "Authorization"


def test_a_wrong_token_is_a_401_and_nothing_is_stored(web_url, r, demo_token):
    before = stored(r)
    response = post_mentions(web_url, "not-the-token", {"mentions": [good(5)]})
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_token"
    assert stored(r) == before


def test_a_non_json_content_type_is_a_415(web_url, demo_token):
    response = requests.post(
        f"{web_url}/v1/sites/demo/mentions", headers=auth(demo_token), data="text=hi", timeout=5
    )
    assert response.status_code == 415


def test_an_override_is_set_and_cleared_through_the_api(web_url, r, demo_token):
    url = f"{web_url}/v1/sites/demo/override"
    body = {"level": "crisis", "reason": "drill", "minutes": 15}
    assert (
        requests.put(url, headers=auth(demo_token), json=body, timeout=5).json()["effective"] == 3
    )
    assert requests.delete(url, headers=auth(demo_token), timeout=5).json()["effective"] == 0


def test_an_override_without_reason_is_a_422_naming_reason(web_url, r, demo_token):
    response = requests.put(
        f"{web_url}/v1/sites/demo/override",
        headers=auth(demo_token),
        json={"level": 2, "minutes": 10},
        timeout=5,
    )
    assert response.status_code == 422
    assert "reason" in [f["field"] for f in response.json()["error"]["fields"]]
    assert r.get(Keys("demo").override) is None


def test_admin_state_gives_computed_override_effective_and_reasons(web_url, demo_token):
    body = requests.get(
        f"{web_url}/v1/sites/demo/admin/state", headers=auth(demo_token), timeout=5
    ).json()
    assert {"computed", "override", "effective", "reasons"} <= body.keys()


# -- content, testimonials and notification endpoints ---------------------------------------


def admin_call(method, web_url, token, path, **kwargs):
    return requests.request(
        method, f"{web_url}/v1/sites/demo{path}", headers=auth(token), timeout=5, **kwargs
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/content"),
        ("POST", "/content"),
        ("POST", "/content/x/approve"),
        ("POST", "/testimonials"),
        ("GET", "/notifications/endpoints"),
        ("POST", "/notifications/endpoints"),
        ("DELETE", "/notifications/endpoints/x"),
        ("GET", "/notifications/deliveries"),
        ("PATCH", "/content/x"),
        ("PUT", "/content/order"),
        ("GET", "/content/x/versions"),
        ("GET", "/audit"),
    ],
)
def test_every_new_admin_route_needs_the_token(web_url, demo_token, method, path):
    response = requests.request(method, f"{web_url}/v1/sites/demo{path}", timeout=5)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_token"


def test_a_block_is_created_as_a_draft_with_201(web_url, demo_token):
    block = {"kind": "faq", "locale": "en", "title": "Returns?", "body": "30 days."}
    response = admin_call(
        "POST", web_url, demo_token, "/content", json={"block": block, "by": "ana"}
    )
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["created_by"]) == ("draft", "ana")


def test_a_bad_block_is_a_422_naming_the_field_and_nothing_is_stored(web_url, r, demo_token):
    before = r.hlen(Keys("demo").content)
    block = {"kind": "faq", "locale": "de", "body": "x"}
    response = admin_call("POST", web_url, demo_token, "/content", json={"block": block})
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["locale"]
    assert r.hlen(Keys("demo").content) == before


def test_a_block_body_without_the_block_object_is_a_422_naming_block(web_url, demo_token):
    response = admin_call("POST", web_url, demo_token, "/content", json={"kind": "faq"})
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "block"


def test_approving_an_unknown_block_is_a_404_naming_block_id(web_url, demo_token):
    response = admin_call("POST", web_url, demo_token, "/content/nope/approve", json={})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_block"
    assert response.json()["error"]["fields"][0]["field"] == "block_id"


def test_removing_an_unknown_endpoint_is_a_404_naming_endpoint_id(web_url, demo_token):
    response = admin_call("DELETE", web_url, demo_token, "/notifications/endpoints/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_endpoint"
    assert response.json()["error"]["fields"][0]["field"] == "endpoint_id"


def test_a_testimonial_of_an_unknown_mention_is_a_422_naming_mention_id(web_url, demo_token):
    payload = {"mention_id": "1-0", "display_name": "Ana", "consent": True}
    response = admin_call("POST", web_url, demo_token, "/testimonials", json=payload)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "mention_id"


def test_an_endpoint_secret_is_shown_on_creation_only(web_url, demo_token):
    created = admin_call(
        "POST", web_url, demo_token, "/notifications/endpoints", json={"url": "https://x.example"}
    )
    listed = admin_call("GET", web_url, demo_token, "/notifications/endpoints")
    assert created.status_code == 201
    assert len(created.json()["secret"]) >= 32
    assert created.json()["secret"] not in listed.text


def test_an_endpoint_with_an_unknown_field_is_a_422_naming_it(web_url, r, demo_token):
    payload = {"url": "https://x.example", "format": "slack"}
    response = admin_call("POST", web_url, demo_token, "/notifications/endpoints", json=payload)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "format"
    assert r.hlen(Keys("demo").notify_endpoints) == 0


def test_deliveries_limit_out_of_range_is_a_422_naming_limit(web_url, demo_token):
    response = admin_call("GET", web_url, demo_token, "/notifications/deliveries?limit=0")
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "limit"
