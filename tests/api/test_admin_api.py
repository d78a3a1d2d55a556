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
