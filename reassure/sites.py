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
    """The detector's parameters for this site; every one has a default that suits a small
    business. Sensitivity is the sector's tolerance: high reacts to fewer mentions and less
    reach, low needs more and takes categories one step less seriously."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sensitivity: Literal["low", "normal", "high"] = "normal"
    # Windows: likelihood (negative volume) over window_minutes, velocity over the last
    # velocity_minutes against the last hour, impact (reach, categories) over impact_window.
    window_minutes: int = Field(15, ge=1, le=240)
    velocity_minutes: int = Field(5, ge=1, le=60)
    impact_window_minutes: int = Field(60, ge=5, le=24 * 60)
    # Hysteresis: the raw level must stay below for a cool-down before one step down, and a
    # level is kept at least min_dwell_minutes.
    cooldown_minutes: float = Field(20, ge=0, le=24 * 60)
    min_dwell_minutes: float = Field(10, ge=0, le=24 * 60)
    # Baseline: hour of week once weekly_after_days of history exist, a prior before.
    baseline_days: int = Field(28, ge=1, le=90)
    weekly_after_days: int = Field(14, ge=7, le=90)
    prior_negatives_per_day: float = Field(2.0, gt=0, le=100_000)
    dispersion: float = Field(0.1, ge=0, le=10)  # negative-binomial overdispersion
    # Negative-volume anomaly per level: a minimum count, a tail probability, and a share
    # of negatives (lower bound of its 95 % Wilson interval).
    watch_min_negatives: int = Field(3, ge=1, le=100_000)
    alert_min_negatives: int = Field(5, ge=1, le=100_000)
    crisis_min_negatives: int = Field(8, ge=1, le=100_000)
    watch_max_p: float = Field(1e-2, gt=0, lt=1)
    alert_max_p: float = Field(1e-4, gt=0, lt=1)
    crisis_max_p: float = Field(1e-6, gt=0, lt=1)
    watch_min_share: float = Field(0.2, ge=0, le=1)
    alert_min_share: float = Field(0.35, ge=0, le=1)
    crisis_min_share: float = Field(0.5, ge=0, le=1)
    velocity_ratio: float = Field(4.0, ge=1, le=1000)
    # Reach of negative mentions (followers, views, shares) for impact 1, 2 and 3.
    reach_watch: int = Field(10_000, ge=1)
    reach_alert: int = Field(100_000, ge=1)
    reach_crisis: int = Field(1_000_000, ge=1)
    # Per-category severity (0-3) overriding reassure.categories.CATEGORIES.
    category_severity: dict[str, int] = Field(default_factory=dict)

    @field_validator("alert_min_negatives", "crisis_min_negatives")
    @classmethod
    def _counts_rise(cls, value: int, info) -> int:
        lower = "watch" if info.field_name.startswith("alert") else "alert"
        if value < info.data.get(f"{lower}_min_negatives", 0):
            raise ValueError(f"must be at least {lower}_min_negatives")
        return value

    @field_validator("alert_max_p", "crisis_max_p")
    @classmethod
    def _p_values_fall(cls, value: float, info) -> float:
        lower = "watch" if info.field_name.startswith("alert") else "alert"
        if value > info.data.get(f"{lower}_max_p", 1):
            raise ValueError(f"must be at most {lower}_max_p")
        return value

    @field_validator("reach_alert", "reach_crisis")
    @classmethod
    def _reach_rises(cls, value: int, info) -> int:
        lower = "watch" if info.field_name == "reach_alert" else "alert"
        if value < info.data.get(f"reach_{lower}", 0):
            raise ValueError(f"must be at least reach_{lower}")
        return value

    @field_validator("category_severity")
    @classmethod
    def _known_categories(cls, value: dict[str, int]) -> dict[str, int]:
        from .categories import CATEGORIES

        for name, severity in value.items():
            if name not in CATEGORIES:
                raise ValueError(f"unknown category {name!r}; known: {', '.join(CATEGORIES)}")
            if not 0 <= severity <= 3:
                raise ValueError(f"severity of {name} must be 0-3")
        return value

    @classmethod
    def parse(cls, data: dict, base: Tuning | None = None) -> Tuning:
        """Tuning from (partial) settings over base; InvalidInput names each bad field."""
        merged = {**(base or cls()).model_dump(), **data}
        try:
            return cls.model_validate(merged)
        except ValidationError as exc:
            raise InvalidInput.from_pydantic(exc) from exc


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


# -- settings changes by staff (console, admin API) ---------------------------------------

EDITABLE_SITE_FIELDS = ("name", "default_locale", "allowed_origins", "slots", "tuning")


def _origin_problems(origins: object) -> list[tuple[str, str]]:
    """An embed origin is scheme://host[:port], nothing more (that is what browsers send)."""
    from urllib.parse import urlsplit

    if not isinstance(origins, list):
        return [("allowed_origins", "expected a list of origins")]
    problems = []
    for i, origin in enumerate(origins):
        parts = urlsplit(origin) if isinstance(origin, str) else None
        if (
            parts is None
            or parts.scheme not in ("http", "https")
            or not parts.hostname
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
        ):
            problems.append(
                (f"allowed_origins[{i}]", f"{origin!r} is not an origin like https://shop.example")
            )
    return problems


def update_site(r: redis.Redis, slug: str, changes: dict, by: str) -> Site:
    """Change a site's settings (tuning is merged field by field). Everything is validated
    first; nothing is written when any of it is wrong. The change is audited."""
    from . import audit

    site = get_site(r, slug)
    if not isinstance(changes, dict):
        raise InvalidInput.one("body", "expected an object of settings")
    problems = [(name, "cannot be changed") for name in changes if name not in EDITABLE_SITE_FIELDS]
    if not (by or "").strip():
        problems.append(("by", "must not be blank"))
    if "allowed_origins" in changes:
        problems += _origin_problems(changes["allowed_origins"])
    if "tuning" in changes and not isinstance(changes["tuning"], dict):
        problems.append(("tuning", "expected an object"))
    if problems:
        raise InvalidInput(problems)
    data = site.model_dump()
    merged = {**data, **changes}
    if "tuning" in changes:
        merged["tuning"] = {**data["tuning"], **changes["tuning"]}
    if "allowed_origins" in changes:
        merged["allowed_origins"] = [o.rstrip("/") for o in changes["allowed_origins"]]
    try:
        updated = Site(**merged)
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc) from exc
    before, after = site.model_dump(mode="json"), updated.model_dump(mode="json")
    changed = _changed_fields(before, after)
    if not changed:
        return site
    pipe = r.pipeline()
    pipe.hset(Keys(slug).config, "site", updated.model_dump_json())
    audit.record(pipe, slug, who=by, action="site.settings", what="; ".join(changed))
    pipe.execute()
    return updated


def _changed_fields(before: dict, after: dict, prefix: str = "") -> list[str]:
    out = []
    for name, value in after.items():
        old = before.get(name)
        if isinstance(value, dict) and isinstance(old, dict) and name == "tuning":
            out += _changed_fields(old, value, f"{name}.")
        elif value != old:
            out.append(f"{prefix}{name}: {old!r} -> {value!r}")
    return out
