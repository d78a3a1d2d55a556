"""Sites: one brand or funnel each, with its locales, embed origins, admin token and tuning."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from functools import lru_cache
from typing import Literal

import redis
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InvalidInput, UnknownSite
from .store import MENTION_GROUP, Keys

Locale = Literal["en", "fr"]
LOCALES: tuple[str, ...] = ("en", "fr")
SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"


class Tuning(BaseModel):
    """How touchy the detector is for this site (the sector's tolerance)."""

    sensitivity: Literal["low", "normal", "high"] = "normal"
    window_minutes: int = Field(15, ge=1, le=240)
    cooldown_minutes: float = Field(10, ge=0, le=24 * 60)


class Site(BaseModel):
    model_config = ConfigDict(frozen=True)  # parsed sites are cached and shared

    slug: str = Field(pattern=SLUG_PATTERN)
    name: str = Field(min_length=1, max_length=120)
    default_locale: Locale = "en"
    allowed_origins: list[str] = Field(default_factory=list)
    # A slot narrows the kinds a page region shows, e.g. checkout -> guarantee, offer.
    slots: dict[str, list[str]] = Field(default_factory=dict)
    tuning: Tuning = Field(default_factory=Tuning)
    created_at: float = Field(default_factory=time.time)

    @field_validator("slots")
    @classmethod
    def _known_kinds(cls, slots: dict[str, list[str]]) -> dict[str, list[str]]:
        from .levels import BLOCK_KINDS

        for slot, kinds in slots.items():
            unknown = sorted(set(kinds) - set(BLOCK_KINDS))
            if unknown:
                raise ValueError(f"slot {slot!r} names unknown kinds {unknown}")
        return slots


def hash_token(token: str) -> str:
    # Admin tokens are 256-bit random strings, so a plain SHA-256 is a sound hash for them.
    return hashlib.sha256(token.encode()).hexdigest()


def create_site(r: redis.Redis, **fields) -> tuple[Site, str]:
    """Create a site; return it and its admin token (shown once, stored hashed)."""
    try:
        site = Site(**fields)
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc) from exc
    keys = Keys(site.slug)
    token = secrets.token_urlsafe(32)
    if not r.hsetnx(keys.config, "site", site.model_dump_json()):
        raise InvalidInput.one("slug", f"a site named {site.slug!r} already exists")
    pipe = r.pipeline()
    pipe.hset(keys.config, "token_hash", hash_token(token))
    pipe.sadd(Keys.SITES, site.slug)
    pipe.execute()
    ensure_mention_group(r, site.slug)
    return site, token


def ensure_mention_group(r: redis.Redis, slug: str) -> None:
    try:
        r.xgroup_create(Keys(slug).mentions, MENTION_GROUP, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def get_site(r: redis.Redis, slug: str) -> Site:
    raw = r.hget(Keys(slug).config, "site") if isinstance(slug, str) else None
    if raw is None:
        raise UnknownSite(slug)
    return parse_site(raw)


@lru_cache(maxsize=256)
def parse_site(raw: str) -> Site:
    """Parsed once per stored version: the public state endpoint reads sites on every call."""
    return Site.model_validate_json(raw)


def list_sites(r: redis.Redis) -> list[str]:
    return sorted(r.smembers(Keys.SITES))


def rotate_token(r: redis.Redis, slug: str) -> str:
    get_site(r, slug)
    token = secrets.token_urlsafe(32)
    r.hset(Keys(slug).config, "token_hash", hash_token(token))
    return token


def token_is_valid(r: redis.Redis, slug: str, token: str) -> bool:
    stored = r.hget(Keys(slug).config, "token_hash")
    return bool(stored) and hmac.compare_digest(stored, hash_token(token))
