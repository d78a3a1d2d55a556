"""Score and aggregate a site's mentions, exactly once.

Each batch is read from the site's stream through a consumer group. Scoring happens in
Python; then one script acknowledges each entry and applies its counters in the same atomic
step, and only for entries whose acknowledgement succeeds. So a worker killed mid-batch
leaves its entries pending (the next job claims them), and an entry is never counted twice
even if two jobs race for it.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime

import redis

from . import buckets, notifications, scoring
from .buckets import Counts
from .mentions import Mention, ScoredMention
from .sites import get_site
from .store import MENTION_GROUP, Keys

RECENT_CAP = 1000

# KEYS: the stream, the recent list. ARGV: group, minute-bucket and hour-bucket key prefixes,
# their TTLs, the recent cap, minutes and hours per bucket key; then four per entry: id, epoch
# minute ('' for an entry deleted from the stream), counters as "metric=amount ...", and the
# scored mention's JSON. Flat arguments, not JSON: nothing to encode in Python or decode in Lua.
_ACK_AND_APPLY = """
local sums, ttls, applied = {}, {}, 0
local function add(key, field, amount)
  local fields = sums[key]
  if not fields then
    fields = {}
    sums[key] = fields
  end
  fields[field] = (fields[field] or 0) + amount
end
for i = 9, #ARGV, 4 do
  if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
    applied = applied + 1
    local minute = tonumber(ARGV[i + 1])
    if minute then
      local hour = math.floor(minute / 60)
      local minute_key = ARGV[2] .. math.floor(minute / ARGV[7])
      local hour_key = ARGV[3] .. math.floor(hour / ARGV[8])
      ttls[minute_key], ttls[hour_key] = ARGV[4], ARGV[5]
      for metric, amount in string.gmatch(ARGV[i + 2], '(%S+)=(%S+)') do
        add(minute_key, minute .. ':' .. metric, tonumber(amount))
        add(hour_key, hour .. ':' .. metric, tonumber(amount))
      end
      redis.call('LPUSH', KEYS[2], ARGV[i + 3])
    end
  end
end
-- Counters summed per field first: one HINCRBY per bucket field, not one per mention.
for key, fields in pairs(sums) do
  for field, amount in pairs(fields) do
    redis.call('HINCRBY', key, field, amount)
  end
  redis.call('EXPIRE', key, ttls[key])
end
redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[6]) - 1)
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


def score_batch(entries: list, fallback_lang: str) -> list[tuple[str, ScoredMention | None]]:
    """Score stream entries (None for one deleted from the stream) in three passes: parse,
    score, build. Each pass keeps its own code and data hot in the CPU caches, which makes
    a batch about a fifth faster than scoring entry by entry."""
    now = datetime.now(UTC)
    parsed = [(entry_id, _parse(entry_id, fields, now)) for entry_id, fields in entries]
    results = [
        scoring.score(m.text, m.lang, fallback_lang, m.reach) if m else None for _, (m, _) in parsed
    ]
    return [
        (entry_id, _scored(mention, entry_id, created, result) if mention else None)
        for (entry_id, (mention, created)), result in zip(parsed, results, strict=True)
    ]


def _parse(entry_id: str, fields: dict | None, now: datetime) -> tuple[Mention | None, datetime]:
    if not fields or "m" not in fields:
        return None, now
    mention = Mention.model_validate_json(fields["m"])
    created = mention.created_at or datetime.fromtimestamp(int(entry_id.split("-")[0]) / 1000, UTC)
    return mention, min(created, now)  # clamp the small clock skew we tolerate


def score_mention(
    mention: Mention, mention_id: str, created: datetime, fallback_lang: str
) -> ScoredMention:
    """Sentiment, language, categories and attention flags: the one scoring step that the
    live path and the backtest share."""
    result = scoring.score(mention.text, mention.lang, fallback_lang, mention.reach)
    return _scored(mention, mention_id, created, result)


def _scored(
    mention: Mention, mention_id: str, created: datetime, result: scoring.Score
) -> ScoredMention:
    return ScoredMention.model_validate(  # from a dict: pydantic-core's fastest way in
        {
            "id": mention_id,
            "source": mention.source,
            "external_id": mention.external_id,
            "text": mention.text,
            "created_at": created,
            "author": mention.author,
            "lang": result.lang,
            "reach": mention.reach,
            "rating": mention.rating,
            "url": mention.url,
            "compound": result.compound,
            "sentiment": result.sentiment,
            "categories": result.categories,
            "needs_attention": bool(result.attention_reasons),
            "attention_reasons": result.attention_reasons,
        }
    )


def counts_of(mention: ScoredMention) -> Counts:
    negative = mention.sentiment == "negative"
    return Counts(
        n=1,
        neg=int(negative),
        pos=int(mention.sentiment == "positive"),
        sent_milli=round(mention.compound * 1000),
        reach_neg=(mention.reach or 0) if negative else 0,
        categories=dict.fromkeys(mention.categories, 1),
    )


def apply_batch(r: redis.Redis, slug: str, entries: list, fallback_lang: str) -> int:
    if not entries:
        return 0
    keys = Keys(slug)
    args: list = [
        MENTION_GROUP,
        keys.minute_bucket(""),
        keys.hour_bucket(""),
        buckets.MINUTE_KEY_TTL,
        buckets.HOUR_KEY_TTL,
        RECENT_CAP,
        buckets.MINUTES_PER_KEY,
        buckets.HOURS_PER_KEY,
    ]
    scored_mentions = []  # for notifications (flagged, customer care)
    for entry_id, scored in score_batch(entries, fallback_lang):
        if scored is None:
            args += [entry_id, "", "", ""]
            continue
        counters = " ".join(f"{metric}={amount}" for metric, amount in counts_of(scored).items())
        minute = int(scored.created_at.timestamp() // 60)
        args += [entry_id, minute, counters, scored.model_dump_json()]
        scored_mentions.append(scored)
    notifications.mentions_processed(r, slug, scored_mentions)  # event ids make this idempotent
    # Registered, the script is sent once and then called by its SHA.
    return int(r.register_script(_ACK_AND_APPLY)(keys=[keys.mentions, keys.recent], args=args))


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
