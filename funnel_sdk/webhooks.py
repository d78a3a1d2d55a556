"""Check that a notification really comes from Reassure, and is recent.

    from funnel_sdk.webhooks import verify, InvalidSignature

    @app.post("/hooks/reassure")
    def reassure_hook():
        try:
            event = verify(request.get_data(), request.headers, SECRET)
        except InvalidSignature:
            abort(400)
        ...  # event["type"], event["data"]; deduplicate on event["id"]

Reassure signs each attempt: ``Reassure-Timestamp`` is its time (epoch seconds) and
``Reassure-Signature`` is ``v1=`` + hex HMAC-SHA256 of ``f"{timestamp}.{body}"`` under the
endpoint's secret. Outside the replay window (``tolerance`` seconds either way) a signed
request is refused, so a captured request cannot be replayed later.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from .errors import ReassureError

DEFAULT_TOLERANCE = 300  # seconds


class InvalidSignature(ReassureError):
    """The request is not a genuine, recent Reassure notification."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``v1`` signature of a body sent at ``timestamp``, hex."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def verify(
    body: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> dict[str, Any]:
    """Return the notification's JSON (generic form: id, type, site, created_at, data) once
    its signature and age are right; raise ``InvalidSignature`` otherwise. Pass the raw
    body, exactly as received (not re-serialised JSON)."""
    raw = body.encode() if isinstance(body, str) else bytes(body)
    lookup = {k.lower(): v for k, v in headers.items()}
    timestamp_text = lookup.get("reassure-timestamp", "")
    signatures = [
        part.strip()[3:]
        for part in lookup.get("reassure-signature", "").split(",")
        if part.strip().startswith("v1=")
    ]
    if not timestamp_text.isdigit():
        raise InvalidSignature("missing or malformed Reassure-Timestamp header")
    if not signatures:
        raise InvalidSignature("missing or malformed Reassure-Signature header")
    timestamp = int(timestamp_text)
    age = (time.time() if now is None else now) - timestamp
    if abs(age) > tolerance:
        raise InvalidSignature(f"timestamp is {age:.0f}s away from now (tolerance {tolerance}s)")
    expected = sign(secret, timestamp, raw)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise InvalidSignature("signature does not match the body and the secret")
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise InvalidSignature("the signed body is not JSON") from exc
