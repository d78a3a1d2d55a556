"""What the API returns, as frozen dataclasses, and what you send it (Mention)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

LEVEL_NAMES = ("calm", "watch", "alert", "crisis")


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True)
class Block:
    """One approved content block a page shows. Render ``title`` and ``body`` as text, never
    as HTML: testimonials are what real people wrote."""

    kind: str  # reassurance, guarantee, testimonial, faq, offer, incident
    body: str
    title: str = ""
    id: str = ""
    author: str | None = None  # testimonial: the name its author agreed to show
    source: str | None = None  # testimonial: where it was said
    date: dt.date | None = None  # testimonial: when it was said
    rating: float | None = None  # testimonial: 0-5
    code: str | None = None  # offer: the code to use
    expires_at: datetime | None = None  # offer: when it stops
    updated_at: datetime | None = None  # incident: when the note was last updated

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Block:
        """Build from the API's JSON; fields this SDK does not know yet are ignored."""
        return cls(
            kind=str(data.get("kind", "")),
            body=str(data.get("body", "")),
            title=str(data.get("title") or ""),
            id=str(data.get("id") or ""),
            author=_text(data.get("author")),
            source=_text(data.get("source")),
            date=_date(data.get("date")),
            rating=_float(data.get("rating")),
            code=_text(data.get("code")),
            expires_at=_datetime(data.get("expires_at")),
            updated_at=_datetime(data.get("updated_at")),
        )


@dataclass(frozen=True)
class State:
    """What a page should show now: the effective level and its approved content."""

    level: int  # 0 calm, 1 watch, 2 alert, 3 crisis
    level_name: str
    locale: str  # the locale actually served (an unsupported one falls back to the site's)
    slot: str | None
    version: int  # bumps on every change of level or content
    blocks: tuple[Block, ...] = ()
    site: str = ""
    # Where this state came from: "api" (just fetched or revalidated), "cache" (within the
    # client's TTL), "stale" (the API failed; last known state) or "default" (the API failed
    # and nothing was known: calm, no blocks).
    served_from: str = "api"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> State:
        level = int(data.get("level", 0))
        fallback_name = LEVEL_NAMES[level] if 0 <= level < len(LEVEL_NAMES) else str(level)
        return cls(
            level=level,
            level_name=str(data.get("level_name") or fallback_name),
            locale=str(data.get("locale", "")),
            slot=data.get("slot") or None,
            version=int(data.get("version", 0)),
            blocks=tuple(
                Block.from_dict(b) for b in data.get("blocks") or () if isinstance(b, dict)
            ),
            site=str(data.get("site", "")),
        )

    def of_kind(self, kind: str) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == kind)

    @classmethod
    def calm_default(cls, site: str, locale: str | None = None, slot: str | None = None) -> State:
        """What a page shows when nothing is known: calm, and no blocks rather than
        something broken."""
        language = (locale or "").replace("_", "-").split("-")[0].lower()
        return cls(0, "calm", language, slot or None, 0, (), site, "default")


@dataclass(frozen=True)
class Mention:
    """One mention to ingest. ``source`` + ``external_id`` identify it: sending it again is
    counted as a duplicate, never stored twice. A naive ``created_at`` is taken as UTC."""

    source: str
    external_id: str
    text: str
    created_at: datetime | str | None = None
    author: str | None = None
    lang: str | None = None  # "en" or "fr"; detected by the server when absent
    reach: int | None = None  # audience of the author or the post
    rating: float | None = None  # 0-5, for reviews
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {
            "source": self.source,
            "external_id": self.external_id,
            "text": self.text,
            "created_at": self.created_at,
            "author": self.author,
            "lang": self.lang,
            "reach": self.reach,
            "rating": self.rating,
            "url": self.url,
        }
        return jsonable({k: v for k, v in data.items() if v is not None})


def jsonable(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a mention dict ready for JSON: datetimes and dates as ISO 8601 text."""
    return {
        key: value.isoformat() if isinstance(value, datetime | dt.date) else value
        for key, value in data.items()
    }


@dataclass(frozen=True)
class IngestResult:
    """Totals over every request an ``ingest()`` call made."""

    accepted: int
    duplicates: int
    ids: tuple[str | None, ...] = field(default=(), repr=False)  # stream id, None = duplicate
    requests: int = 0

    @property
    def total(self) -> int:
        return self.accepted + self.duplicates


def _tuple_of_str(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


@dataclass(frozen=True)
class ContentBlock:
    """A block of the content library as staff manage it: any status, every field."""

    id: str
    kind: str
    status: str  # draft, approved, retired
    locale: str
    levels: tuple[int, ...]
    body: str
    title: str = ""
    position: int = 0
    author: str | None = None
    source: str | None = None
    date: dt.date | None = None
    rating: float | None = None
    mention_id: str | None = None
    code: str | None = None
    expires_at: datetime | None = None
    created_by: str = ""
    approved_by: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ContentBlock:
        return cls(
            id=str(data.get("id", "")),
            kind=str(data.get("kind", "")),
            status=str(data.get("status", "")),
            locale=str(data.get("locale", "")),
            levels=tuple(int(v) for v in data.get("levels") or ()),
            body=str(data.get("body", "")),
            title=str(data.get("title") or ""),
            position=int(data.get("position") or 0),
            author=_text(data.get("author")),
            source=_text(data.get("source")),
            date=_date(data.get("date")),
            rating=_float(data.get("rating")),
            mention_id=_text(data.get("mention_id")),
            code=_text(data.get("code")),
            expires_at=_datetime(data.get("expires_at")),
            created_by=str(data.get("created_by") or ""),
            approved_by=_text(data.get("approved_by")),
        )


@dataclass(frozen=True)
class Endpoint:
    """Where a site's notifications go. ``secret`` (for verifying signatures) is only
    known in the answer to ``add_endpoint``; listings leave it empty."""

    id: str
    url: str
    form: str  # generic, slack or email
    events: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    secret: str = field(default="", repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Endpoint:
        return cls(
            id=str(data.get("id", "")),
            url=str(data.get("url", "")),
            form=str(data.get("form", "")),
            events=_tuple_of_str(data.get("events")),
            keywords=_tuple_of_str(data.get("keywords")),
            secret=str(data.get("secret") or ""),
        )


@dataclass(frozen=True)
class Delivery:
    """One event on its way to one endpoint."""

    endpoint_id: str
    event_id: str
    event_type: str
    status: str  # queued, retrying, delivered, failed
    attempts: int
    last_error: str = ""
    last_status_code: int | None = None
    updated_at: float = 0.0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Delivery:
        code = data.get("last_status_code")
        return cls(
            endpoint_id=str(data.get("endpoint_id", "")),
            event_id=str(data.get("event_id", "")),
            event_type=str(data.get("event_type", "")),
            status=str(data.get("status", "")),
            attempts=int(data.get("attempts") or 0),
            last_error=str(data.get("last_error") or ""),
            last_status_code=int(code) if isinstance(code, int) else None,
            updated_at=float(data.get("updated_at") or 0.0),
        )
