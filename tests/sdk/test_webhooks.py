"""funnel_sdk.webhooks.verify against the server's own signing (reassure.notifications)."""

from __future__ import annotations

import json
import time

import pytest

from funnel_sdk.webhooks import InvalidSignature, verify
from reassure import notifications

SECRET = "s3cret-s3cret-s3cret"
EVENT = {"id": "level:1:2", "type": "level_change", "site": "demo", "created_at": "", "data": {}}


def signed(now: float | None = None, secret: str = SECRET) -> tuple[bytes, dict]:
    body = notifications.render_body("generic", EVENT)
    return body, notifications.signed_headers(secret, body, EVENT, now)


def test_a_genuine_notification_verifies_and_returns_the_event():
    body, headers = signed()

    assert verify(body, headers, SECRET) == EVENT


def test_header_names_are_matched_whatever_their_case():
    body, headers = signed()

    assert verify(body, {k.lower(): v for k, v in headers.items()}, SECRET)["id"] == "level:1:2"


def test_a_body_given_as_text_verifies_too():
    body, headers = signed()

    assert verify(body.decode(), headers, SECRET) == EVENT


@pytest.mark.parametrize("missing", ["Reassure-Timestamp", "Reassure-Signature"])
def test_a_missing_header_is_rejected_naming_it(missing):
    body, headers = signed()
    del headers[missing]

    with pytest.raises(InvalidSignature, match=missing):
        verify(body, headers, SECRET)


def test_a_timestamp_from_the_future_beyond_the_window_is_rejected():
    body, headers = signed(now=time.time() + 3600)

    with pytest.raises(InvalidSignature, match="tolerance"):
        verify(body, headers, SECRET)


def test_a_re_serialised_body_is_rejected_so_pass_the_raw_body():
    body, headers = signed()
    reformatted = json.dumps(json.loads(body), indent=2).encode()

    with pytest.raises(InvalidSignature):
        verify(reformatted, headers, SECRET)


def test_one_of_several_signatures_matching_is_enough_during_secret_rotation():
    body, headers = signed()
    headers["Reassure-Signature"] = "v1=" + "0" * 64 + ", " + headers["Reassure-Signature"]

    assert verify(body, headers, SECRET) == EVENT
