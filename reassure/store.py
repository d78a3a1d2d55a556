"""The one store: Redis. Every key the product writes is named here, and nowhere else."""

from __future__ import annotations

from functools import lru_cache

import redis

PREFIX = "reassure"
MENTION_GROUP = "scorers"  # the consumer group that scores and aggregates a site's mentions


def connect(url: str) -> redis.Redis:
    """A client that returns str, not bytes."""
    return redis.Redis.from_url(url, decode_responses=True)


class Keys:
    """Key names for one site (or, for the class attributes, the whole instance)."""

    SITES = f"{PREFIX}:sites"  # set of site slugs
    RATE_LIMITS = f"{PREFIX}:ratelimit"  # prefix of flask-limiter's counters (live events)
    STAFF = f"{PREFIX}:staff"  # hash: username -> console account JSON (scrypt hash)

    def __init__(self, site: str) -> None:
        self.site = site
        self._base = f"{PREFIX}:site:{site}"

    @property
    def config(self) -> str:  # hash: the site's settings (name, locales, token hash…)
        return f"{self._base}:config"

    @property
    def mentions(self) -> str:  # stream: every accepted mention, in order (durable ingest)
        return f"{self._base}:mentions"

    @property
    def seen(self) -> str:  # hash: "source\x1fexternal_id" -> stream id (idempotent ingest)
        return f"{self._base}:seen"

    @property
    def recent(self) -> str:  # list: newest scored mentions first, capped
        return f"{self._base}:recent"

    @property
    def processing_requested(self) -> str:  # flag: a processing job is queued (coalescing)
        return f"{self._base}:processing-requested"

    def minute_bucket(self, day: str) -> str:  # hash per UTC day: "{minute}:{metric}" -> count
        return f"{self._base}:minutes:{day}"

    def hour_bucket(self, month: str) -> str:  # hash per UTC month: "{hour}:{metric}" -> count
        return f"{self._base}:hours:{month}"

    @property
    def state(self) -> str:  # hash: computed level, raw level, reasons, version…
        return f"{self._base}:state"

    @property
    def state_lock(self) -> str:  # lock: one writer of the state at a time
        return f"{self._base}:state-lock"

    @property
    def override(self) -> str:  # hash: level, reason, by, until (absent when none)
        return f"{self._base}:override"

    @property
    def history(self) -> str:  # list: transitions of the effective level, newest first
        return f"{self._base}:history"

    @property
    def events(self) -> str:  # pub/sub channel: the state changed
        return f"{self._base}:events"

    @property
    def content(self) -> str:  # hash: block id -> block JSON
        return f"{self._base}:content"

    def impressions(self, hour: str) -> str:  # hash per UTC hour: "level|kind|block|action" -> n
        return f"{self._base}:impressions:{hour}"

    @property
    def notify_endpoints(self) -> str:  # hash: endpoint id -> notification endpoint JSON
        return f"{self._base}:notify-endpoints"

    @property
    def deliveries(self) -> str:  # sorted set: delivery record key -> last update time
        return f"{self._base}:deliveries"

    def delivery(self, endpoint_id: str, event_id: str) -> str:  # hash: status, attempts, error
        return f"{self._base}:delivery:{endpoint_id}:{event_id}"

    def delivered(self, endpoint_id: str, event_id: str) -> str:  # flag: reached it (idempotency)
        return f"{self._base}:delivered:{endpoint_id}:{event_id}"

    def delivery_lock(self, endpoint_id: str, event_id: str) -> str:  # lock: one attempt at once
        return f"{self._base}:delivery-lock:{endpoint_id}:{event_id}"

    def block_versions(self, block_id: str) -> str:  # list: every version of one block
        return f"{self._base}:content-versions:{block_id}"

    @property
    def audit(self) -> str:  # stream: append-only audit log (who, action, what, why)
        return f"{self._base}:audit"

    @property
    def triage(self) -> str:  # hash: mention id -> triage JSON (handled, assignee, note)
        return f"{self._base}:triage"

    @property
    def drills(self) -> str:  # list: drills started from this site, newest first
        return f"{self._base}:drills"


def raw_client(r: redis.Redis) -> redis.Redis:
    """A bytes client on the same server, as RQ needs (it stores pickled jobs)."""
    return _same_server(r, decode_responses=False)


def text_client(r: redis.Redis) -> redis.Redis:
    """A str client on the same server, as the domain uses."""
    return _same_server(r, decode_responses=True)


def _same_server(r: redis.Redis, decode_responses: bool) -> redis.Redis:
    return _client_for(r.connection_pool, decode_responses)


@lru_cache(maxsize=64)
def _client_for(pool: redis.ConnectionPool, decode_responses: bool) -> redis.Redis:
    # Cached per pool, so callers on a hot path reuse one client and its connections.
    kwargs = {**pool.connection_kwargs, "decode_responses": decode_responses}
    return redis.Redis(
        connection_pool=redis.ConnectionPool(connection_class=pool.connection_class, **kwargs)
    )
