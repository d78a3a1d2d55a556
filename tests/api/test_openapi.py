"""The OpenAPI document over real HTTP: valid OpenAPI 3.1, the same routes as the app (so it
cannot drift silently), and real answers that match the schemas it documents."""

from __future__ import annotations

import json
import re

import pytest
import requests
from jsonschema import Draft202012Validator
from openapi_spec_validator import OpenAPIV31SpecValidator
from openapi_spec_validator import validate as validate_spec

from widget.app import create_app

# Flask answers these for every route itself; the document lists what the app implements.
IMPLICIT_METHODS = {"HEAD", "OPTIONS"}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def document(web_url) -> dict:
    response = requests.get(f"{web_url}/v1/openapi.json", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    return response.json()


def check(document: dict, path: str, method: str, response: requests.Response) -> None:
    """The answer's status is documented for this operation, and its JSON body matches the
    documented schema (components resolved within the document)."""
    operation = document["paths"][path][method]
    documented = operation["responses"].get(str(response.status_code))
    assert documented, f"{method.upper()} {path} answered {response.status_code}, undocumented"
    if "$ref" in documented:
        documented = resolve(document, documented["$ref"])
    schema = documented["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": document["components"]})
    body = response.json()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, errors


def resolve(document: dict, ref: str) -> dict:
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


@pytest.fixture(scope="module")
def routes(redis_server) -> dict[tuple[str, str], str]:
    """(path as OpenAPI writes it, method) -> Flask endpoint, for every route of the app."""
    app = create_app(redis_server.url)
    served = {}
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - IMPLICIT_METHODS:
            served[path, method.lower()] = rule.endpoint
    return served


def operations(document: dict) -> dict[tuple[str, str], dict]:
    return {
        (path, method): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1.")
    validate_spec(document, cls=OpenAPIV31SpecValidator)


def test_it_documents_exactly_the_routes_and_methods_of_the_app(document, routes):
    assert sorted(operations(document)) == sorted(routes)


def test_admin_operations_need_the_bearer_token_and_public_ones_do_not(document, routes):
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for key, operation in operations(document).items():
        admin = routes[key].startswith("admin.")  # the blueprint whose every view checks it
        assert (operation.get("security") == [{"bearer": []}]) == admin, key
        assert ("401" in operation["responses"]) == admin, key


def test_the_document_answers_304_to_its_etag_and_is_readable_from_any_origin(web_url):
    first = requests.get(f"{web_url}/v1/openapi.json", timeout=5)
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert first.headers["Cache-Control"].startswith("public")
    again = requests.get(
        f"{web_url}/v1/openapi.json", headers={"If-None-Match": first.headers["ETag"]}, timeout=5
    )
    assert again.status_code == 304


def test_public_state_and_its_errors_match_their_schemas(web_url, document, demo_token):
    path = "/v1/sites/{site}/state"
    state = requests.get(f"{web_url}/v1/sites/demo/state?locale=fr", timeout=5)
    assert state.json()["blocks"], "the demo site shows content"
    check(document, path, "get", state)
    documented_headers = document["paths"][path]["get"]["responses"]["200"]["headers"]
    assert {"ETag", "Cache-Control"} <= set(documented_headers) & set(state.headers)
    check(document, path, "get", requests.get(f"{web_url}/v1/sites/nope/state", timeout=5))
    bad_slot = requests.get(f"{web_url}/v1/sites/demo/state?slot=nowhere", timeout=5)
    check(document, path, "get", bad_slot)
    block = state.json()["blocks"][0]
    event = {"block": block["id"], "kind": block["kind"], "level": 0, "action": "impression"}
    beacon = requests.post(
        f"{web_url}/v1/sites/demo/beacon", data=json.dumps({"events": [event]}), timeout=5
    )
    assert beacon.status_code == 202
    check(document, "/v1/sites/{site}/beacon", "post", beacon)


def test_a_bad_mention_batch_is_a_documented_422_naming_the_field(web_url, document, demo_token):
    response = requests.post(
        f"{web_url}/v1/sites/demo/mentions",
        headers=auth(demo_token),
        json={"mentions": [{"source": "reviews", "external_id": "a1", "text": "x" * 5001}]},
        timeout=5,
    )
    assert response.status_code == 422
    check(document, "/v1/sites/{site}/mentions", "post", response)
    assert response.json()["error"]["fields"][0]["field"] == "mentions[0].text"
    documented = document["components"]["schemas"]["Mention"]["properties"]["text"]
    assert documented["maxLength"] == 5000


def test_admin_answers_match_their_schemas(web_url, document, demo_token):
    site = f"{web_url}/v1/sites/demo"
    mentions = {"mentions": [{"source": "reviews", "external_id": "b1", "text": "Great"}] * 2}
    ingest = requests.post(f"{site}/mentions", headers=auth(demo_token), json=mentions, timeout=5)
    assert ingest.status_code == 202 and ingest.json()["duplicates"] == 1
    check(document, "/v1/sites/{site}/mentions", "post", ingest)

    override = {"level": "alert", "reason": "press article", "minutes": 30, "by": "ana"}
    put = requests.put(f"{site}/override", headers=auth(demo_token), json=override, timeout=5)
    check(document, "/v1/sites/{site}/override", "put", put)
    assert put.json()["override"]["level"] == 2

    for path in ("admin/state", "history", "audit", "content", "notifications/deliveries"):
        answer = requests.get(f"{site}/{path}", headers=auth(demo_token), timeout=5)
        assert answer.status_code == 200, path
        check(document, f"/v1/sites/{{site}}/{path}", "get", answer)

    block = requests.get(f"{site}/content", headers=auth(demo_token), timeout=5).json()
    versions = requests.get(
        f"{site}/content/{block['blocks'][0]['id']}/versions", headers=auth(demo_token), timeout=5
    )
    check(document, "/v1/sites/{site}/content/{block_id}/versions", "get", versions)

    endpoint = requests.post(
        f"{site}/notifications/endpoints",
        headers=auth(demo_token),
        json={"url": "https://hooks.example/reassure", "keywords": ["refund"]},
        timeout=5,
    )
    assert endpoint.status_code == 201 and "secret" in endpoint.json()
    check(document, "/v1/sites/{site}/notifications/endpoints", "post", endpoint)
    listed = requests.get(f"{site}/notifications/endpoints", headers=auth(demo_token), timeout=5)
    check(document, "/v1/sites/{site}/notifications/endpoints", "get", listed)


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Content-Type": "text/plain"}, 415)],
)
def test_admin_refusals_match_the_error_schema(web_url, document, demo_token, headers, status):
    headers = {**auth(demo_token), **headers} if status == 415 else headers
    response = requests.post(
        f"{web_url}/v1/sites/demo/content", data="{}", headers=headers, timeout=5
    )
    assert response.status_code == status
    check(document, "/v1/sites/{site}/content", "post", response)
