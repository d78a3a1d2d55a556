"""Events: the JSON documents sent for a level change or a mention, with stable ids, and the
keyword matching that routes customer-care mentions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime

from ..levels import Level


def _event(event_id: str, event_type: str, slug: str, data: dict, at: float) -> dict:
    created = datetime.fromtimestamp(at, UTC).isoformat()
    return {"id": event_id, "type": event_type, "site": slug, "created_at": created, "data": data}


def level_change_event(slug: str, entry: dict) -> dict:
    """The event for one recorded transition (an entry of `state.history`)."""
    before, after = entry["from"], entry["to"]
    data = {
        "from": before,
        "from_name": None if before is None else Level(before).label,
        "to": after,
        "to_name": Level(after).label,
        "cause": entry.get("cause", ""),
        "reasons": list(entry.get("reasons") or []),
        "override": entry.get("override"),
    }
    return _event(f"level:{entry['at']:.6f}:{after}", "level_change", slug, data, entry["at"])


def mention_event(slug: str, mention, event_type: str, matched: list[str] | None = None) -> dict:
    """The event for a scored mention; its id is the mention's, so reprocessing the same
    mention never notifies twice."""
    data = {
        "mention": {
            "id": mention.id,
            "source": mention.source,
            "external_id": mention.external_id,
            "author": mention.author,
            "text": mention.text,
            "url": mention.url,
            "lang": mention.lang,
            "created_at": mention.created_at.isoformat(),
            "sentiment": mention.sentiment,
            "reach": mention.reach,
            "categories": list(mention.categories),
            "attention_reasons": list(mention.attention_reasons),
        }
    }
    if matched is not None:
        data["matched_keywords"] = matched
    at = mention.created_at.timestamp()
    return _event(f"{event_type}:{mention.id}", event_type, slug, data, at)


def matched_keywords(text: str, keywords: Iterable[str]) -> list[str]:
    """The keywords found in the text as whole words, ignoring case and accents
    ("Remboursement" matches "remboursement", "order number" matches "Order  Number")."""
    folded = _fold(text)
    found = []
    for keyword in keywords:
        words = _fold(keyword).split()
        if words and re.search(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", folded):
            found.append(keyword)
    return found


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
