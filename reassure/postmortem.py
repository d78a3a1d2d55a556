"""Post-mortems: for one episode (the effective level above calm, from the first rise back
to calm), a timeline of what happened — first signal, transitions, overrides, content
changes and what pages showed, volumes per hour — exportable as Markdown and CSV."""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import redis

from . import audit, buckets, content, state
from .levels import Level
from .sites import Site, get_site

LEAD_MINUTES = 120  # how far before the first rise we look for the first signal
CSV_COLUMNS = ("time", "kind", "level", "detail")


@dataclass(frozen=True)
class Episode:
    start: float
    end: float | None  # None while it lasts
    peak: Level

    def label(self) -> str:
        begin = _iso(self.start)
        finish = _iso(self.end) if self.end else "ongoing"
        return f"{begin} → {finish} (peak {self.peak.label})"


@dataclass(frozen=True)
class Row:
    time: float
    kind: str  # first signal, transition, override, content, shown, volume
    level: str
    detail: str


def episodes(r: redis.Redis, slug: str) -> list[Episode]:
    """Episodes from the history of the effective level, newest first."""
    found, opened, peak = [], None, Level.CALM
    for entry in reversed(state.history(r, slug, limit=state.HISTORY_CAP)):
        to = Level(entry["to"])
        if opened is None and to > Level.CALM:
            opened, peak = entry["at"], to
        elif opened is not None:
            peak = max(peak, to)
            if to == Level.CALM:
                found.append(Episode(opened, entry["at"], peak))
                opened = None
    if opened is not None:
        found.append(Episode(opened, None, peak))
    return list(reversed(found))


def timeline(r: redis.Redis, slug: str, episode: Episode, now: float | None = None) -> list[Row]:
    now = time.time() if now is None else now
    site = get_site(r, slug)
    start, end = episode.start, episode.end or now
    lead = start - LEAD_MINUTES * 60
    rows = _first_signal(r, slug, lead, start)
    for entry in state.history(r, slug, limit=state.HISTORY_CAP):
        if start <= entry["at"] <= end:
            rows += _history_rows(r, site, entry)
    for entry in audit.entries(r, slug, limit=5000, since=lead):
        if entry["at"] <= end and entry["action"].startswith("content."):
            detail = f"{entry['action']} by {entry['who']}: {entry['what']}{_suffix(entry['why'])}"
            rows.append(Row(entry["at"], "content", "", detail))
    rows += _volumes(r, slug, lead, end)
    return sorted(rows, key=lambda row: (row.time, row.kind))


def _history_rows(r: redis.Redis, site: Site, entry: dict) -> list[Row]:
    """An override set or cleared, and a change of level with what pages then showed."""
    to, cause = Level(entry["to"]), entry.get("cause", "")
    rows = []
    if cause.startswith("override"):
        rows.append(Row(entry["at"], "override", to.label, cause))
    if entry.get("from") != entry["to"]:
        reasons = "; ".join(entry.get("reasons") or [])
        detail = f"{_label(entry.get('from'))} → {to.label}: {cause}{_suffix(reasons)}"
        rows.append(Row(entry["at"], "transition", to.label, detail))
        rows.append(Row(entry["at"], "shown", to.label, _shown(r, site, to, entry["at"])))
    return rows


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([_iso(row.time), row.kind, row.level, row.detail])
    return out.getvalue()


def to_markdown(site: Site, episode: Episode, rows: list[Row]) -> str:
    """A readable report. Cells are escaped, so mention-borne text stays literal."""
    lines = [
        f"# Post-mortem: {_md(site.name)} ({site.slug})",
        "",
        f"- Episode: {episode.label()}",
        f"- Peak level: {episode.peak.label}",
        f"- Generated: {_iso(time.time())}",
        "",
        "| time (UTC) | kind | level | detail |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {_iso(r.time)} | {r.kind} | {r.level} | {_md(r.detail)} |" for r in rows]
    return "\n".join(lines) + "\n"


def _first_signal(r: redis.Redis, slug: str, lead: float, start: float) -> list[Row]:
    first, last = int(lead // 60), int(start // 60) + 1
    counts = buckets.minutes(r, slug, first, last)
    for minute in range(first, last):
        c = counts.get(minute)
        if c and c.neg:
            detail = f"first negative mention(s) before the rise: {c.neg} of {c.n} that minute"
            return [Row(minute * 60.0, "first signal", "", detail)]
    return []


def _volumes(r: redis.Redis, slug: str, lead: float, end: float) -> list[Row]:
    first, last = int(lead // 3600), int(end // 3600) + 1
    counts = buckets.hours(r, slug, first, last)
    return [
        Row(hour * 3600.0, "volume", "", f"{c.n} mention(s), {c.neg} negative, {c.pos} positive")
        for hour in range(first, last)
        if (c := counts.get(hour)) and c.n
    ]


def blocks_at(r: redis.Redis, slug: str, moment: float) -> list[content.Block]:
    """The library as it stood at a moment, rebuilt from every block's versions."""
    out = []
    for block in content.list_blocks(r, slug):
        versions = content.block_versions(r, slug, block.id)
        if not versions:  # stored before versions were kept: all we know is its present
            out.append(block)
            continue
        earlier = [v for v in versions if v["at"] <= moment]
        if earlier:
            out.append(earlier[-1]["block"])
    return out


def _shown(r: redis.Redis, site: Site, level: Level, moment: float) -> str:
    chosen = content.choose(blocks_at(r, site.slug, moment), site, level, site.default_locale)
    if not chosen:
        return f"pages showed nothing ({site.default_locale})"
    names = ", ".join(f"{b.kind} {b.title or b.body[:30]!r}" for b in chosen)
    return f"pages showed ({site.default_locale}): {names}"


def _label(value: int | None) -> str:
    return "none" if value is None else Level(value).label


def _suffix(text: str) -> str:
    return f" — {text}" if text else ""


def _md(text: str) -> str:
    """Escape Markdown and HTML so a table cell shows the text as written."""
    out = str(text).replace("\\", "\\\\").replace("\n", " ")
    for char in "|*_`[]()<>#!~":
        out = out.replace(char, "\\" + char)
    return out


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S")
