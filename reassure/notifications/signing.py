"""Signing: the HMAC signature and the headers of a webhook request (the contract is in the
package docstring)."""

from __future__ import annotations

import hashlib
import hmac
import time

USER_AGENT = "Reassure-Webhooks/1"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 of ``f"{timestamp}.{body}"``, hex."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: bytes, event: dict, now: float | None = None) -> dict:
    timestamp = int(time.time() if now is None else now)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Reassure-Event-Id": event["id"],
        "Reassure-Event": event["type"],
        "Reassure-Timestamp": str(timestamp),
        "Reassure-Signature": f"v1={signature(secret, timestamp, body)}",
    }
