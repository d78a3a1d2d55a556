"""The content library: blocks per site, level, locale and kind. Blocks are drafted, then
approved; only approved blocks are served. Testimonials are real mentions that staff
approved for display: the product never invents one."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal

import redis
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import audit
from .errors import InvalidInput, UnknownBlock
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
# What staff may change with update_block; the rest is identity, workflow or provenance.
EDITABLE_FIELDS = frozenset(
    {"kind", "levels", "locale", "title", "body", "author", "code", "expires_at", "updated_at"}
)
# A testimonial quotes a real mention: its words, source, date and rating are not ours to edit.
QUOTED_FIELDS = frozenset({"body", "source", "date", "rating"})


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


def add_block(r: redis.Redis, slug: str, data: dict, by: str, approve: bool = False) -> Block:
    get_site(r, slug)
    try:
        block = Block(**{**data, "created_by": by, "status": "draft"})
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc) from exc
    if approve:
        block = block.model_copy(update={"status": "approved", "approved_by": by})
    _save(r, slug, block, by, "content.create", f"{_describe(block)} created as {block.status}")
    return block


def get_block(r: redis.Redis, slug: str, block_id: str) -> Block:
    raw = r.hget(Keys(slug).content, block_id)
    if raw is None:
        raise UnknownBlock(block_id)
    return Block.model_validate_json(raw)


def set_status(r: redis.Redis, slug: str, block_id: str, status: Status, by: str) -> Block:
    if status not in ("draft", "approved", "retired"):
        raise InvalidInput.one("status", "must be draft, approved or retired")
    if not (by or "").strip():
        raise InvalidInput.one("by", "must not be blank")
    block = get_block(r, slug, block_id)
    update: dict = {"status": status}
    if status == "approved":
        update["approved_by"] = by
    block = block.model_copy(update=update)
    action = {"approved": "content.approve", "retired": "content.retire"}.get(
        status, "content.draft"
    )
    _save(r, slug, block, by, action, f"{_describe(block)} {status}")
    return block


def update_block(r: redis.Redis, slug: str, block_id: str, changes: dict, by: str) -> Block:
    """Edit a block's content. An approved block goes back to draft: the new words are only
    served once someone approves them (every version is kept, see block_versions)."""
    if not isinstance(changes, dict) or not changes:
        raise InvalidInput.one("changes", "expected an object of fields to change")
    if not (by or "").strip():
        raise InvalidInput.one("by", "must not be blank")
    block = get_block(r, slug, block_id)
    refused = [(name, "cannot be edited") for name in changes if name not in EDITABLE_FIELDS]
    new_kind = changes.get("kind", block.kind)
    if new_kind != block.kind and "testimonial" in (block.kind, new_kind):
        refused.append(("kind", "testimonials are made from real mentions, not by changing kind"))
    if block.kind == "testimonial":
        refused += [
            (name, "a testimonial quotes a real mention; its words cannot be edited")
            for name in changes
            if name in QUOTED_FIELDS and changes[name] != getattr(block, name)
        ]
    if refused:
        raise InvalidInput(refused)
    try:
        edited = Block(**{**block.model_dump(), **changes, "status": "draft", "approved_by": None})
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc) from exc
    changed = sorted(k for k in changes if getattr(edited, k) != getattr(block, k))
    if not changed:
        return block
    if block.status == "retired":
        edited = edited.model_copy(update={"status": "retired"})
    _save(r, slug, edited, by, "content.edit", f"{_describe(edited)}: {', '.join(changed)}")
    return edited


def reorder(r: redis.Redis, slug: str, block_ids: list[str], by: str) -> list[Block]:
    """Give the listed blocks positions 0, 1, 2… in this order (a page shows blocks of one
    kind by position). Every id must exist; nothing is written otherwise."""
    if not (by or "").strip():
        raise InvalidInput.one("by", "must not be blank")
    if not isinstance(block_ids, list) or not block_ids:
        raise InvalidInput.one("block_ids", "expected a non-empty list of block ids")
    if len(set(block_ids)) != len(block_ids):
        raise InvalidInput.one("block_ids", "lists a block twice")
    raws = r.hmget(Keys(slug).content, block_ids)
    missing = [
        (f"block_ids[{i}]", f"no content block {bid!r}")
        for i, (bid, raw) in enumerate(zip(block_ids, raws, strict=True))
        if raw is None
    ]
    if missing:
        raise InvalidInput(missing)
    moved = [
        parse_block(raw).model_copy(update={"position": position})
        for position, raw in enumerate(raws)
    ]
    pipe = r.pipeline()
    for block in moved:
        _stage(pipe, slug, block, by, "content.reorder")
    audit.record(
        pipe,
        slug,
        who=by,
        action="content.reorder",
        what="order: " + ", ".join(_describe(b) for b in moved),
    )
    pipe.execute()
    announce(r, slug)
    return moved


def block_versions(r: redis.Redis, slug: str, block_id: str) -> list[dict]:
    """Every stored version of a block, oldest first: version, at, by, action, block."""
    raws = r.lrange(Keys(slug).block_versions(block_id), 0, -1)
    if not raws and not r.hexists(Keys(slug).content, block_id):
        raise UnknownBlock(block_id)
    versions = []
    for number, raw in enumerate(raws, start=1):
        entry = json.loads(raw)
        versions.append({**entry, "version": number, "block": Block.model_validate(entry["block"])})
    return versions


def _describe(block: Block) -> str:
    label = block.title or block.body[:40]
    return f"{block.kind} {block.id} ({block.locale}) {label!r}"


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
    problems = []
    if not consent:
        problems.append(("consent", "the author's consent to display is required"))
    if not (display_name or "").strip():
        problems.append(("display_name", "the name the author agreed to be shown under"))
    if problems:
        raise InvalidInput(problems)
    mention = find_mention(r, slug, mention_id)
    if mention is None:
        raise InvalidInput.one("mention_id", f"no recent mention {mention_id!r}")
    if mention.sentiment == "negative":
        raise InvalidInput.one("mention_id", "a negative mention cannot become a testimonial")
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


def _stage(pipe, slug: str, block: Block, by: str, action: str) -> None:
    """Queue the block and a new version of it (who and why it changed) on a pipeline."""
    keys = Keys(slug)
    pipe.hset(keys.content, block.id, block.model_dump_json())
    version = {
        "at": time.time(),
        "by": by,
        "action": action,
        "block": block.model_dump(mode="json"),
    }
    pipe.rpush(keys.block_versions(block.id), json.dumps(version))


def _save(r: redis.Redis, slug: str, block: Block, by: str, action: str, what: str) -> None:
    # One MULTI: the block, its version and its audit entry land together or not at all.
    pipe = r.pipeline()
    _stage(pipe, slug, block, by, action)
    audit.record(pipe, slug, who=by, action=action, what=what)
    pipe.execute()
    announce(r, slug)  # pages refetch: what they show may have changed


def preview_state(
    r: redis.Redis,
    slug: str,
    level: Level,
    locale: str,
    slot: str | None = None,
    include_drafts: bool = False,
) -> dict:
    """What a page would show at this level and locale, shaped like the public state, for
    the console's preview. Nothing is written, and the live level is not touched."""
    site = get_site(r, slug)
    blocks = list_blocks(r, slug)
    if include_drafts:
        blocks = [
            b.model_copy(update={"status": "approved"}) if b.status == "draft" else b
            for b in blocks
        ]
    chosen = choose(blocks, site, level, resolve_locale(site, locale), slot)
    return {
        "site": site.slug,
        "level": int(level),
        "level_name": level.label,
        "locale": resolve_locale(site, locale),
        "slot": slot or None,
        "version": 0,
        "blocks": [block.public() for block in chosen],
    }
