"""Score and aggregate a site's mentions, exactly once.

Each batch is read from the site's stream through a consumer group. Scoring happens in
Python; then one script acknowledges each entry and applies its counters in the same atomic
step, and only for entries whose acknowledgement succeeds. So a worker killed mid-batch
leaves its entries pending (the next job claims them), and an entry is never counted twice
even if two jobs race for it.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime

import redis

from . import buckets, scoring
from .buckets import Counts
from .mentions import Mention, ScoredMention
from .sites import get_site
from .store import MENTION_GROUP, Keys

RECENT_CAP = 1000

_ACK_AND_APPLY = """
local applied = 0
local ttls = cjson.decode(ARGV[3])
for _, entry in ipairs(cjson.decode(ARGV[2])) do
  if redis.call('XACK', KEYS[1], ARGV[1], entry[1]) == 1 then
    applied = applied + 1
    for _, inc in ipairs(entry[2]) do
      redis.call('HINCRBY', inc[1], inc[2], inc[3])
    end
    if entry[3] ~= '' then
      redis.call('LPUSH', KEYS[2], entry[3])
    end
  end
end
for key, ttl in pairs(ttls) do
  redis.call('EXPIRE', key, ttl)
end
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
return applied
"""


def consumer_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def drain(r: redis.Redis, slug: str, *, batch_size: int = 500, claim_idle_ms: int = 30_000) -> int:
    """Process every waiting mention of a site: orphans of dead workers first, then new ones.
    Returns how many mentions this call counted."""
    site = get_site(r, slug)
    keys = Keys(slug)
    consumer = consumer_name()
    counted = 0
    cursor = "0-0"
    while True:
        reply = r.xautoclaim(
            keys.mentions, MENTION_GROUP, consumer, claim_idle_ms, cursor, count=batch_size
        )
        cursor, entries = reply[0], reply[1]
        counted += apply_batch(r, slug, entries, site.default_locale)
        if cursor == "0-0":
            break
    while True:
        reply = r.xreadgroup(MENTION_GROUP, consumer, {keys.mentions: ">"}, count=batch_size)
        entries = reply[0][1] if reply else []
        if not entries:
            return counted
        counted += apply_batch(r, slug, entries, site.default_locale)


def score_entry(entry_id: str, fields: dict | None, fallback_lang: str) -> ScoredMention | None:
    """Score one stream entry; None for an entry that was deleted from the stream."""
    if not fields or "m" not in fields:
        return None
    mention = Mention.model_validate_json(fields["m"])
    result = scoring.score(mention.text, mention.lang, fallback_lang)
    created = mention.created_at or datetime.fromtimestamp(int(entry_id.split("-")[0]) / 1000, UTC)
    created = min(created, datetime.now(UTC))  # clamp the small clock skew we tolerate
    return ScoredMention(
        id=entry_id,
        **mention.model_dump(exclude={"created_at", "lang"}),
        created_at=created,
        lang=result.lang,
        compound=result.compound,
        sentiment=result.sentiment,
    )


def counts_of(mention: ScoredMention) -> Counts:
    negative = mention.sentiment == "negative"
    return Counts(
        n=1,
        neg=int(negative),
        pos=int(mention.sentiment == "positive"),
        sent_milli=round(mention.compound * 1000),
        reach_neg=(mention.reach or 0) if negative else 0,
    )


def apply_batch(r: redis.Redis, slug: str, entries: list, fallback_lang: str) -> int:
    if not entries:
        return 0
    keys = Keys(slug)
    payload, ttls = [], {}
    for entry_id, fields in entries:
        scored = score_entry(entry_id, fields, fallback_lang)
        if scored is None:
            payload.append([entry_id, [], ""])
            continue
        incs = buckets.increments(slug, scored.created_at.timestamp(), counts_of(scored))
        for key, _, _ in incs:
            ttls[key] = buckets.key_ttl(key)
        payload.append([entry_id, [list(i) for i in incs], scored.model_dump_json()])
    return int(
        r.eval(
            _ACK_AND_APPLY,
            2,
            keys.mentions,
            keys.recent,
            MENTION_GROUP,
            json.dumps(payload),
            json.dumps(ttls) if ttls else "{}",
            RECENT_CAP,
        )
    )


def recent_mentions(r: redis.Redis, slug: str, limit: int = 200) -> list[ScoredMention]:
    return [ScoredMention.model_validate_json(x) for x in r.lrange(Keys(slug).recent, 0, limit - 1)]


def find_mention(r: redis.Redis, slug: str, mention_id: str) -> ScoredMention | None:
    for mention in recent_mentions(r, slug, RECENT_CAP):
        if mention.id == mention_id:
            return mention
    return None


def backlog(r: redis.Redis, slug: str) -> dict:
    """Pending (delivered, not yet counted) and waiting (never delivered) entries."""
    keys = Keys(slug)
    for group in r.xinfo_groups(keys.mentions):
        if group["name"] == MENTION_GROUP:
            return {"pending": group["pending"], "lag": group.get("lag")}
    return {"pending": 0, "lag": None}
