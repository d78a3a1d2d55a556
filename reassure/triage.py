"""Mention triage: staff mark a mention handled, give it an assignee and a note. A mention
needs attention when the detector flagged it and nobody has handled it yet."""

from __future__ import annotations

import time

import redis
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import audit
from .errors import InvalidInput
from .mentions import ScoredMention
from .processing import find_mention
from .store import Keys


class Triage(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    handled: bool = False
    assignee: str = Field("", max_length=120)
    note: str = Field("", max_length=1000)
    by: str = ""
    at: float = 0.0


def flagged(mention: ScoredMention) -> bool:
    """The detector asked for a human (old stored mentions parse with False)."""
    return mention.needs_attention


def needs_attention(mention: ScoredMention, triage: Triage | None) -> bool:
    return flagged(mention) and not (triage and triage.handled)


def all_triage(r: redis.Redis, slug: str) -> dict[str, Triage]:
    return {
        mention_id: Triage.model_validate_json(raw)
        for mention_id, raw in r.hgetall(Keys(slug).triage).items()
    }


def set_triage(
    r: redis.Redis,
    slug: str,
    mention_id: str,
    *,
    handled: bool,
    assignee: str = "",
    note: str = "",
    by: str,
) -> Triage:
    if not (by or "").strip():
        raise InvalidInput.one("by", "must not be blank")
    if find_mention(r, slug, mention_id) is None:
        raise InvalidInput.one("mention_id", f"no recent mention {mention_id!r}")
    try:
        triage = Triage(handled=handled, assignee=assignee, note=note, by=by, at=time.time())
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc) from exc
    pipe = r.pipeline()
    pipe.hset(Keys(slug).triage, mention_id, triage.model_dump_json())
    state = "handled" if triage.handled else "open"
    assigned = f", assigned to {triage.assignee}" if triage.assignee else ""
    audit.record(
        pipe,
        slug,
        who=by,
        action="mention.triage",
        what=f"mention {mention_id} {state}{assigned}",
        why=triage.note,
    )
    pipe.execute()
    return triage


def attention_count(r: redis.Redis, slug: str, mentions: list[ScoredMention]) -> int:
    triaged = all_triage(r, slug)
    return sum(needs_attention(m, triaged.get(m.id)) for m in mentions)
