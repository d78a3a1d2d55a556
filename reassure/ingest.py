"""Durable, idempotent ingest: a mention is in its site's Redis stream before we say yes."""

from __future__ import annotations

from dataclasses import dataclass

import redis

from .dispatch import request_processing
from .mentions import Mention, parse_batch
from .sites import get_site
from .store import Keys

# One atomic step for the whole batch: skip mentions already seen (by source + external_id),
# append the others to the stream and remember them. Redis runs a script as a unit, and with
# AOF on it is written as a unit, so a batch is never half-stored.
_APPEND_NEW = """
local ids = {}
for i = 1, #ARGV, 2 do
  local existing = redis.call('HGET', KEYS[1], ARGV[i])
  if existing then
    ids[#ids + 1] = ''
  else
    local id = redis.call('XADD', KEYS[2], '*', 'm', ARGV[i + 1])
    redis.call('HSET', KEYS[1], ARGV[i], id)
    ids[#ids + 1] = id
  end
end
return ids
"""


@dataclass(frozen=True)
class IngestResult:
    accepted: int
    duplicates: int
    ids: list[str | None]  # stream id per mention, None where it was a duplicate

    def as_dict(self) -> dict:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "ids": self.ids}


def ingest(r: redis.Redis, slug: str, payload: object) -> IngestResult:
    """Validate a batch (all or nothing), store the new mentions, queue their processing."""
    get_site(r, slug)
    mentions = parse_batch(payload)
    return store_mentions(r, slug, mentions)


def store_mentions(r: redis.Redis, slug: str, mentions: list[Mention]) -> IngestResult:
    keys = Keys(slug)
    args: list[str] = []
    for mention in mentions:
        args += [mention.dedup_key, mention.model_dump_json(exclude_none=True)]
    raw_ids = r.eval(_APPEND_NEW, 2, keys.seen, keys.mentions, *args)
    ids = [i or None for i in raw_ids]
    accepted = sum(1 for i in ids if i)
    if accepted:
        request_processing(r, slug)
    return IngestResult(accepted=accepted, duplicates=len(ids) - accepted, ids=ids)
