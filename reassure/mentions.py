"""Mentions: what people say about a brand, as received (validated) and as scored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InvalidInput

MAX_TEXT = 5000
MAX_BATCH = 1000
# Clocks disagree; a mention dated a little ahead is clamped to now, far ahead is an error.
FUTURE_TOLERANCE = timedelta(minutes=5)


class Mention(BaseModel):
    """One mention as a source sends it. Unknown fields are refused, so typos surface."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    source: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.:-]+$")
    external_id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    created_at: datetime | None = None
    author: str | None = Field(None, max_length=200)
    lang: Literal["en", "fr"] | None = None
    reach: int | None = Field(None, ge=0, le=10**10)
    rating: float | None = Field(None, ge=0, le=5)
    url: str | None = Field(None, max_length=2000)

    @field_validator("created_at")
    @classmethod
    def _not_in_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if value - datetime.now(UTC) > FUTURE_TOLERANCE:
            raise ValueError("created_at is in the future")
        return value

    @property
    def dedup_key(self) -> str:
        return f"{self.source}\x1f{self.external_id}"


class MentionBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mentions: list[Mention] = Field(min_length=1, max_length=MAX_BATCH)


def parse_batch(payload: object) -> list[Mention]:
    """Validate a whole batch: either every mention is valid, or InvalidInput names each fault."""
    if not isinstance(payload, dict):
        raise InvalidInput.one("body", 'expected a JSON object like {"mentions": [...]}')
    try:
        return MentionBatch.model_validate(payload).mentions
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc) from exc


class ScoredMention(BaseModel):
    """A mention after scoring: what the console lists and the detector counts."""

    id: str  # the stream entry id
    source: str
    external_id: str
    text: str
    created_at: datetime
    author: str | None = None
    lang: str
    reach: int | None = None
    rating: float | None = None
    url: str | None = None
    compound: float
    sentiment: Literal["negative", "neutral", "positive"]
    # Ids of reassure.categories.CATEGORIES; defaults keep older stored JSON parseable.
    categories: list[str] = []
    needs_attention: bool = False
    attention_reasons: list[str] = []
