"""The audit log: an append-only record of what staff (or API clients) changed on a site —
overrides, content, settings, triage — with who, when, what and why.

It is a Redis stream: entries are only ever appended, each with a server-assigned id that
orders them, and nothing in the product edits or deletes one."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import redis

from .errors import InvalidInput
from .store import Keys

CSV_COLUMNS = ("time", "who", "action", "what", "why")


def record(r: redis.Redis, slug: str, *, who: str, action: str, what: str, why: str = "") -> None:
    """Append one entry. `r` may be a pipeline, so the entry lands with the change it records."""
    who = (who or "").strip()
    if not who:
        raise InvalidInput.one("by", "must not be blank: the audit log names who acted")
    if not action:
        raise InvalidInput.one("action", "must not be blank")
    r.xadd(
        Keys(slug).audit,
        {
            "at": f"{datetime.now(UTC).timestamp():.3f}",
            "who": who,
            "action": action,
            "what": what or "",
            "why": why or "",
        },
    )


def entries(r: redis.Redis, slug: str, limit: int = 500, since: float | None = None) -> list[dict]:
    """Newest first: dicts with id, at (epoch seconds), who, action, what, why."""
    low = f"{int(since * 1000)}-0" if since else "-"
    rows = r.xrevrange(Keys(slug).audit, "+", low, count=limit)
    return [{"id": entry_id, **fields, "at": float(fields["at"])} for entry_id, fields in rows]


def to_csv(rows: list[dict]) -> str:
    """CSV with an ISO 8601 UTC time column, as spreadsheets expect."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        when = datetime.fromtimestamp(row["at"], UTC).isoformat(timespec="seconds")
        writer.writerow({**row, "time": when})
    return out.getvalue()
