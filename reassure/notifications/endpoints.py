"""Endpoints: where a site's notifications go (a webhook url or a mailto:), which events they
want, their signing secret; stored per site in Redis."""

from __future__ import annotations

import secrets
import time
import uuid
from collections.abc import Iterable
from typing import Literal
from urllib.parse import urlsplit

import redis
from pydantic import BaseModel, Field, ValidationError, ValidationInfo, field_validator

from ..errors import InvalidInput, UnknownEndpoint
from ..sites import get_site
from ..store import Keys

EventType = Literal["level_change", "needs_attention", "care_mention"]
Form = Literal["generic", "slack", "email"]
DEFAULT_EVENTS: tuple[str, ...] = ("level_change", "needs_attention")
MAX_ENDPOINTS = 20


class Endpoint(BaseModel):
    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    form: Form = "generic"
    url: str = Field(min_length=1, max_length=2000)
    secret: str = Field(default_factory=lambda: secrets.token_urlsafe(32), min_length=16)
    events: list[EventType] = Field(default_factory=lambda: list(DEFAULT_EVENTS), min_length=1)
    keywords: list[str] = Field(default_factory=list, max_length=100, validate_default=True)
    created_at: float = Field(default_factory=time.time)

    @field_validator("url")
    @classmethod
    def _url_fits_form(cls, url: str, info: ValidationInfo) -> str:
        parts = urlsplit(url)
        if info.data.get("form") == "email":
            if parts.scheme.lower() != "mailto" or "@" not in parts.path:
                raise ValueError("an email endpoint's url is mailto:someone@example.com")
        elif parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ValueError("a webhook url starts with https:// (or http://)")
        return url

    @field_validator("keywords")
    @classmethod
    def _clean_keywords(cls, keywords: list[str], info: ValidationInfo) -> list[str]:
        cleaned = [k.strip() for k in keywords if k.strip()]
        if any(len(k) > 80 for k in cleaned):
            raise ValueError("a keyword has at most 80 characters")
        if "care_mention" in (info.data.get("events") or ()) and not cleaned:
            raise ValueError("care_mention routing needs keywords (refund, order number…)")
        return cleaned

    def public(self) -> dict:
        """What staff see: everything but the secret."""
        return self.model_dump(exclude={"secret"})

    def wants(self, event_type: str) -> bool:
        return event_type in self.events


def add_endpoint(
    r: redis.Redis,
    slug: str,
    url: str,
    form: Form = "generic",
    secret: str | None = None,
    events: Iterable[str] | None = None,
    keywords: Iterable[str] = (),
) -> Endpoint:
    """Register where a site's notifications go. The returned endpoint carries its signing
    secret (generated when not given): show it once, list_endpoints never does. Endpoints
    with keywords and no explicit events receive the matching customer-care mentions."""
    get_site(r, slug)
    for name, value in (("keywords", keywords), ("events", events)):
        if isinstance(value, str):
            raise InvalidInput.one(name, "expected a list, not one string")
    keywords = list(keywords)
    if events is None:
        events = ["care_mention"] if keywords else list(DEFAULT_EVENTS)
    data = {"url": url, "form": form, "events": list(events), "keywords": keywords}
    if secret is not None:
        data["secret"] = secret
    try:
        endpoint = Endpoint(**data)
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc) from exc
    key = Keys(slug).notify_endpoints
    if r.hlen(key) >= MAX_ENDPOINTS:
        raise InvalidInput.one("url", f"a site has at most {MAX_ENDPOINTS} endpoints")
    r.hset(key, endpoint.id, endpoint.model_dump_json())
    return endpoint


def list_endpoints(r: redis.Redis, slug: str) -> list[Endpoint]:
    raws = r.hvals(Keys(slug).notify_endpoints)
    return sorted((Endpoint.model_validate_json(x) for x in raws), key=lambda e: e.created_at)


def get_endpoint(r: redis.Redis, slug: str, endpoint_id: str) -> Endpoint | None:
    raw = r.hget(Keys(slug).notify_endpoints, endpoint_id)
    return Endpoint.model_validate_json(raw) if raw else None


def remove_endpoint(r: redis.Redis, slug: str, endpoint_id: str) -> None:
    """Stop sending there; queued deliveries to it are dropped when their job runs."""
    get_site(r, slug)
    if not r.hdel(Keys(slug).notify_endpoints, endpoint_id):
        raise UnknownEndpoint(endpoint_id)
