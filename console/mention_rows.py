"""Mentions as table rows for the console: every cell plain text or a number, so untrusted
text is never rendered (st.dataframe shows text as text)."""

from __future__ import annotations

import pandas as pd

from reassure import triage
from reassure.mentions import ScoredMention

COLUMNS = [
    "time",
    "source",
    "lang",
    "sentiment",
    "compound",
    "categories",
    "attention",
    "handled",
    "assignee",
    "text",
    "author",
    "id",
]


def frame(mentions: list[ScoredMention], triaged: dict[str, triage.Triage], tz) -> pd.DataFrame:
    rows = []
    for m in mentions:
        t = triaged.get(m.id)
        rows.append(
            {
                "time": m.created_at.astimezone(tz),
                "source": m.source,
                "lang": m.lang,
                "sentiment": m.sentiment,
                "compound": m.compound,
                "categories": ", ".join(m.categories),
                "attention": triage.needs_attention(m, t),
                "handled": bool(t and t.handled),
                "assignee": t.assignee if t else "",
                "text": m.text,
                "author": m.author or "",
                "id": m.id,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def label(mention: ScoredMention) -> str:
    """A one-line choice label (selectbox options are plain text, never markdown)."""
    words = " ".join(mention.text.split())
    short = words if len(words) <= 70 else words[:69] + "…"
    return f"{mention.created_at:%Y-%m-%d %H:%M} · {mention.source} · {mention.sentiment} · {short}"
