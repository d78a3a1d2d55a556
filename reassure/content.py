"""The content library: blocks per site, level, locale and kind. Blocks are drafted, then
approved; only approved blocks are served. Testimonials are real mentions that staff
approved for display: the product never invents one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal

import redis
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InvalidInput, ReassureError
from .levels import BLOCK_KINDS, KINDS_BY_LEVEL, Level
from .processing import find_mention
from .sites import Locale, Site, get_site
from .state import announce
from .store import Keys

Kind = Literal["reassurance", "guarantee", "testimonial", "faq", "offer", "incident"]
Status = Literal["draft", "approved", "retired"]
# What the public state endpoint shows of a block; staff-only fields stay out.
PUBLIC_FIELDS = (
    "id",
    "kind",
    "title",
    "body",
    "author",
    "source",
    "date",
    "rating",
    "code",
    "expires_at",
    "updated_at",
)


class Block(BaseModel):
    # Frozen: parsed blocks are cached and shared between requests.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    kind: Kind
    levels: list[Level] = Field(default_factory=lambda: list(Level), min_length=1)
    locale: Locale
    title: str = Field("", max_length=200)
    body: str = Field(min_length=1, max_length=2000)
    position: int = 0
    status: Status = "draft"
    # testimonial: who said it (as they agreed to be shown), when, where, and from which mention
    author: str | None = Field(None, max_length=120)
    source: str | None = Field(None, max_length=60)
    date: str | None = None
    rating: float | None = Field(None, ge=0, le=5)
    mention_id: str | None = None
    # offer: the code and when it stops
    code: str | None = Field(None, max_length=60)
    expires_at: datetime | None = None
    # incident: when the note was last updated
    updated_at: datetime | None = None
    created_by: str = ""
    approved_by: str | None = None

    @field_validator("levels", mode="before")
    @classmethod
    def _parse_levels(cls, value: object) -> list[Level]:
        if not isinstance(value, list):
            raise ValueError("levels must be a list of levels")
        return [Level.parse(v) for v in value]

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def public(self) -> dict:
        data = self.model_dump(mode="json", include=set(PUBLIC_FIELDS))
        return {k: v for k, v in data.items() if v not in (None, "")}


class UnknownBlock(ReassureError):
    def __init__(self, block_id: str) -> None:
        super().__init__(f"no content block {block_id!r}")


def add_block(r: redis.Redis, slug: str, data: dict, by: str, approve: bool = False) -> Block:
    get_site(r, slug)
    try:
        block = Block(**{**data, "created_by": by, "status": "draft"})
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc) from exc
    if approve:
        block = block.model_copy(update={"status": "approved", "approved_by": by})
    _save(r, slug, block)
    return block


def get_block(r: redis.Redis, slug: str, block_id: str) -> Block:
    raw = r.hget(Keys(slug).content, block_id)
    if raw is None:
        raise UnknownBlock(block_id)
    return Block.model_validate_json(raw)


def set_status(r: redis.Redis, slug: str, block_id: str, status: Status, by: str) -> Block:
    block = get_block(r, slug, block_id)
    update: dict = {"status": status}
    if status == "approved":
        update["approved_by"] = by
    block = block.model_copy(update=update)
    _save(r, slug, block)
    return block


def list_blocks(r: redis.Redis, slug: str) -> list[Block]:
    return parse_blocks(r.hvals(Keys(slug).content))


def parse_blocks(raws: list[str]) -> list[Block]:
    blocks = [parse_block(raw) for raw in raws]
    return sorted(blocks, key=lambda b: (b.kind, b.locale, b.position, b.id))


@lru_cache(maxsize=4096)
def parse_block(raw: str) -> Block:
    """Parsed once per stored version (blocks are immutable: every change stores new JSON)."""
    return Block.model_validate_json(raw)


def slot_kinds(site: Site, slot: str | None) -> tuple[str, ...]:
    """The kinds a page slot may show; no slot means every kind."""
    if not slot:
        return BLOCK_KINDS
    if slot not in site.slots:
        known = ", ".join(sorted(site.slots)) or "none"
        raise InvalidInput.one("slot", f"unknown slot {slot!r} (this site has: {known})")
    return tuple(site.slots[slot])


def resolve_locale(site: Site, requested: str | None) -> str:
    """fr-CA -> fr; an unsupported or missing locale falls back to the site's default."""
    base = (requested or "").split("-")[0].split("_")[0].lower()
    return base if base in ("en", "fr") else site.default_locale


def select(
    r: redis.Redis, site: Site, level: Level, locale: str, slot: str | None = None
) -> list[Block]:
    """The approved blocks a page shows at this level, in the level's order of kinds."""
    return choose(list_blocks(r, site.slug), site, level, locale, slot)


def choose(
    blocks: list[Block], site: Site, level: Level, locale: str, slot: str | None = None
) -> list[Block]:
    allowed = slot_kinds(site, slot)
    order = [kind for kind in KINDS_BY_LEVEL[level] if kind in allowed]
    now = datetime.now(UTC)
    chosen = [
        b
        for b in blocks
        if b.status == "approved"
        and level in b.levels
        and b.locale == locale
        and b.kind in order
        and not b.expired(now)
    ]
    return sorted(chosen, key=lambda b: (order.index(b.kind), b.position, b.id))


def testimonial_from_mention(
    r: redis.Redis,
    slug: str,
    mention_id: str,
    display_name: str,
    by: str,
    consent: bool,
    locale: str | None = None,
) -> Block:
    """Draft a testimonial from a real mention, shown under the name its author agreed to."""
    if not consent:
        raise InvalidInput.one("consent", "the author's consent to display is required")
    mention = find_mention(r, slug, mention_id)
    if mention is None:
        raise InvalidInput.one("mention_id", f"no recent mention {mention_id!r}")
    return add_block(
        r,
        slug,
        {
            "kind": "testimonial",
            "levels": [Level.CALM, Level.WATCH, Level.ALERT],
            "locale": locale or mention.lang,
            "body": mention.text,
            "author": display_name,
            "source": mention.source,
            "date": mention.created_at.date().isoformat(),
            "rating": mention.rating,
            "mention_id": mention.id,
        },
        by=by,
    )


def _save(r: redis.Redis, slug: str, block: Block) -> None:
    r.hset(Keys(slug).content, block.id, block.model_dump_json())
    announce(r, slug)  # pages refetch: what they show may have changed
