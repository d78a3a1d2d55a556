"""Settings read from the environment, once, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    # Where Redis lives; empty means "start the embedded redis-server" (CLI only).
    redis_url: str = field(default_factory=lambda: os.environ.get("REDIS_URL", ""))
    # Local data directory: embedded Redis files, demo secrets.
    data_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("REASSURE_DATA_DIR", ".reassure")).resolve()
    )
    host: str = field(default_factory=lambda: os.environ.get("REASSURE_HOST", "127.0.0.1"))
    web_port: int = field(default_factory=lambda: _int("REASSURE_WEB_PORT", 8000))
    console_port: int = field(default_factory=lambda: _int("REASSURE_CONSOLE_PORT", 8501))
    redis_port: int = field(default_factory=lambda: _int("REASSURE_REDIS_PORT", 6390))
    # Public URL of the web app, used in printed links and by the console preview.
    public_url: str = field(default_factory=lambda: os.environ.get("REASSURE_PUBLIC_URL", ""))
    console_password: str = field(
        default_factory=lambda: os.environ.get("REASSURE_CONSOLE_PASSWORD", "")
    )
    # A pending stream entry idle this long is presumed orphaned by a dead worker.
    claim_idle_ms: int = field(default_factory=lambda: _int("REASSURE_CLAIM_IDLE_MS", 30_000))
    # How often the schedule recomputes every site's level, so levels fall when talk stops.
    tick_seconds: int = field(default_factory=lambda: _int("REASSURE_TICK_SECONDS", 30))
    batch_size: int = field(default_factory=lambda: _int("REASSURE_BATCH_SIZE", 500))
    max_body_bytes: int = field(default_factory=lambda: _int("REASSURE_MAX_BODY_BYTES", 1_048_576))
    # Live-event connections per client address (flask-limiter's notation). A page opens
    # one about every minute, so this leaves room for many visitors behind one address.
    events_rate_limit: str = field(
        default_factory=lambda: os.environ.get("REASSURE_EVENTS_RATE_LIMIT", "120 per minute")
    )
    # How long one Server-Sent Events response stays open before the browser reconnects.
    sse_seconds: int = field(default_factory=lambda: _int("REASSURE_SSE_SECONDS", 55))
    # Widget beacons (impressions and clicks) per client address; a page sends a few a minute.
    beacon_rate_limit: str = field(
        default_factory=lambda: os.environ.get("REASSURE_BEACON_RATE_LIMIT", "60 per minute")
    )
    # Outgoing e-mail notifications: smtp://user:password@host:port (or smtps://); off if empty.
    smtp_url: str = field(default_factory=lambda: os.environ.get("REASSURE_SMTP_URL", ""))
    smtp_from: str = field(
        default_factory=lambda: os.environ.get("REASSURE_SMTP_FROM", "reassure@localhost")
    )

    @property
    def embedded(self) -> bool:
        """True when we run our own redis-server (no REDIS_URL given)."""
        return not self.redis_url

    @property
    def redis_address(self) -> str:
        return self.redis_url or f"redis://127.0.0.1:{self.redis_port}/0"

    @property
    def web_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.web_port}"


def load() -> Settings:
    return Settings()
