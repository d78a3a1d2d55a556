"""A site's state: the computed level (detector + hysteresis), the staff override, and the
effective level that pages show. Every change of the effective level is recorded with its
reasons and announced on the site's channel."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field

import redis
from pydantic import BaseModel, Field, ValidationError, field_validator

from . import audit, detector, notifications
from .errors import InvalidInput
from .levels import Level
from .sites import Tuning, get_site
from .store import Keys

HISTORY_CAP = 1000
MAX_OVERRIDE_SECONDS = 30 * 24 * 3600


class Override(BaseModel):
    level: Level
    reason: str = Field(min_length=1, max_length=500)
    by: str = Field(min_length=1, max_length=120)
    until: float  # epoch seconds
    set_at: float = Field(default_factory=time.time)

    @field_validator("level", mode="before")
    @classmethod
    def _parse_level(cls, value: object) -> Level:
        return Level.parse(value)

    @field_validator("reason", "by")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value.strip()

    def active(self, now: float) -> bool:
        return self.until > now


@dataclass
class SiteState:
    computed: Level
    effective: Level
    override: Override | None
    reasons: list[str]
    signals: dict = field(default_factory=dict)
    version: int = 0
    updated_at: float = 0.0

    def as_dict(self) -> dict:
        out = asdict(self)
        out["computed"] = int(self.computed)
        out["effective"] = int(self.effective)
        out["effective_name"] = self.effective.label
        out["computed_name"] = self.computed.label
        out["override"] = self.override.model_dump(mode="json") if self.override else None
        return out


def effective_level(computed: Level, override: Override | None, now: float) -> Level:
    """The one rule: an active override wins; otherwise the detector's level."""
    return override.level if override and override.active(now) else computed


def read(r: redis.Redis, slug: str, now: float | None = None) -> SiteState:
    keys = Keys(slug)
    return from_stored(r.hgetall(keys.state), r.get(keys.override), now)


def from_stored(stored: dict, raw_override: str | None, now: float | None = None) -> SiteState:
    """The state from its stored hash and override, as of now."""
    now = time.time() if now is None else now
    override = Override.model_validate_json(raw_override) if raw_override else None
    computed = Level(int(stored.get("computed", 0)))
    return SiteState(
        computed=computed,
        effective=effective_level(computed, override, now),
        override=override if override and override.active(now) else None,
        reasons=json.loads(stored.get("reasons", "[]")),
        signals=json.loads(stored.get("signals", "{}")),
        version=int(stored.get("version", 0)),
        updated_at=float(stored.get("updated_at", 0)),
    )


def next_computed(
    previous: Level,
    raw: Level,
    changed_at: float,
    below_since: float | None,
    now: float,
    cooldown_seconds: float,
    dwell_seconds: float = 0.0,
) -> tuple[Level, float, float | None]:
    """Hysteresis: rise at once; fall one level at a time, only after the raw level has
    stayed below for a whole cool-down and the level has been held its minimum dwell.
    Returns (level, changed_at, below_since)."""
    if raw >= previous:
        return raw, (now if raw > previous else changed_at), None
    below_since = below_since if below_since is not None else now
    if now - below_since >= cooldown_seconds and now - changed_at >= dwell_seconds:
        lowered = Level(previous - 1)
        # A further step needs a cool-down of its own, counted from this one.
        return lowered, now, (now if raw < lowered else None)
    return previous, changed_at, below_since


@dataclass(frozen=True)
class Settled:
    level: Level
    changed_at: float
    below_since: float | None
    reasons: list[str]


def settle(
    previous: Level,
    assessment: detector.Assessment,
    changed_at: float,
    below_since: float | None,
    now: float,
    tuning: Tuning,
) -> Settled:
    """The detector's raw level through hysteresis, with the reasons for holding a level.
    The live recompute and the backtest both go through here."""
    level, changed_at, below_since = next_computed(
        previous,
        assessment.level,
        changed_at,
        below_since,
        now,
        tuning.cooldown_minutes * 60,
        tuning.min_dwell_minutes * 60,
    )
    reasons = assessment.reasons
    if level > assessment.level:
        quiet = (now - below_since) / 60 if below_since is not None else 0.0
        reasons = [
            f"holding {level.label}: {quiet:.0f} of {tuning.cooldown_minutes:g} quiet minutes "
            f"before one step down (the detector alone would say {assessment.level.label})",
            *reasons,
        ]
    return Settled(level, changed_at, below_since, reasons)


def recompute(r: redis.Redis, slug: str, now: float | None = None) -> SiteState:
    """Run the detector, apply hysteresis, drop an expired override, record any change."""
    now = time.time() if now is None else now
    site = get_site(r, slug)
    keys = Keys(slug)
    with r.lock(keys.state_lock, timeout=30, blocking_timeout=30):
        before = read(r, slug, now)
        stored = r.hgetall(keys.state)
        assessment = detector.assess(r, site, now)
        below = stored.get("below_since")
        settled = settle(
            before.computed,
            assessment,
            float(stored.get("changed_at", 0)),
            float(below) if below else None,
            now,
            site.tuning,
        )
        fields = {
            "computed": int(settled.level),
            "raw": int(assessment.level),
            "changed_at": settled.changed_at,
            "below_since": settled.below_since if settled.below_since is not None else "",
            "reasons": json.dumps(settled.reasons),
            "signals": json.dumps(assessment.signals),
            "updated_at": now,
        }
        r.hset(keys.state, mapping=fields)
        expired = r.get(keys.override) and before.override is None
        if expired:
            r.delete(keys.override)
        after = read(r, slug, now)
        last_recorded = _last_effective(r, slug)
        if last_recorded is None or after.effective != last_recorded:
            expiry = expired and after.effective == settled.level
            cause = "override expired" if expiry else "detector"
            _record(r, slug, last_recorded, after, cause, now)
            after = read(r, slug, now)
        return after


def set_override(r: redis.Redis, slug: str, payload: dict, now: float | None = None) -> SiteState:
    """Validate and set an override. Fields: level, reason, by, and until (epoch seconds) or
    minutes (from now). Nothing is written unless all of it is valid."""
    now = time.time() if now is None else now
    get_site(r, slug)
    data = dict(payload)
    if "minutes" in data and "until" not in data:
        minutes = data.pop("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes <= 0:
            raise InvalidInput.one("minutes", "must be a positive number of minutes")
        data["until"] = now + minutes * 60
    if "until" not in data:
        raise InvalidInput.one("until", "an override needs an expiry: until or minutes")
    try:
        override = Override(**data, set_at=now)
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc) from exc
    except TypeError as exc:
        raise InvalidInput.one("body", str(exc)) from exc
    if override.until <= now:
        raise InvalidInput.one("until", "the expiry is in the past")
    if override.until - now > MAX_OVERRIDE_SECONDS:
        raise InvalidInput.one("until", "an override lasts 30 days at most")
    keys = Keys(slug)
    with r.lock(keys.state_lock, timeout=30, blocking_timeout=30):
        before = read(r, slug, now)
        r.set(keys.override, override.model_dump_json())
        after = read(r, slug, now)
        cause = f"override set by {override.by}: {override.reason}"
        _record(r, slug, before.effective, after, cause, now, force=True)
        audit.record(
            r,
            slug,
            who=override.by,
            action="override.set",
            what=f"level {override.level.label} for {(override.until - now) / 60:.0f} min",
            why=override.reason,
        )
        return read(r, slug, now)


def clear_override(r: redis.Redis, slug: str, by: str, now: float | None = None) -> SiteState:
    now = time.time() if now is None else now
    get_site(r, slug)
    if not by or not by.strip():
        raise InvalidInput.one("by", "must not be blank")
    keys = Keys(slug)
    with r.lock(keys.state_lock, timeout=30, blocking_timeout=30):
        before = read(r, slug, now)
        if not r.delete(keys.override):
            return before
        after = read(r, slug, now)
        _record(
            r, slug, before.effective, after, f"override cleared by {by.strip()}", now, force=True
        )
        audit.record(
            r, slug, who=by, action="override.clear", what=f"back to {after.effective.label}"
        )
        return read(r, slug, now)


def history(r: redis.Redis, slug: str, limit: int = 100) -> list[dict]:
    return [json.loads(x) for x in r.lrange(Keys(slug).history, 0, limit - 1)]


def announce(r: redis.Redis, slug: str) -> int:
    """Bump the state version and tell live listeners (SSE) to refetch."""
    keys = Keys(slug)
    version = r.hincrby(keys.state, "version", 1)
    r.publish(keys.events, json.dumps({"version": version}))
    return version


def _last_effective(r: redis.Redis, slug: str) -> Level | None:
    last = r.lindex(Keys(slug).history, 0)
    return Level(json.loads(last)["to"]) if last else None


def _record(
    r: redis.Redis,
    slug: str,
    before: Level | None,
    after: SiteState,
    cause: str,
    now: float,
    force: bool = False,
) -> None:
    """Append a transition when the effective level changed (or an override was set or
    cleared, with force), then announce it."""
    if before == after.effective and not force:
        return
    entry = {
        "at": now,
        "from": None if before is None else int(before),
        "to": int(after.effective),
        "computed": int(after.computed),
        "override": after.override.model_dump(mode="json") if after.override else None,
        "cause": cause,
        "reasons": after.reasons,
    }
    keys = Keys(slug)
    pipe = r.pipeline()
    pipe.lpush(keys.history, json.dumps(entry))
    pipe.ltrim(keys.history, 0, HISTORY_CAP - 1)
    pipe.execute()
    announce(r, slug)
    notifications.level_changed(r, slug, entry)  # webhooks/e-mail, queued for the workers
