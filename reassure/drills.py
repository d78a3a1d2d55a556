"""Drills: rehearse a crisis without touching the live widget (unless staff choose to).

A drill replays a scenario (reassure.scenarios) into a copy of the site, `<slug>-drill`,
with the same settings and approved content. The scenario's timeline is placed so that its
peak falls just before now: the same detector (timeline.run_backtest, with the site's
tuning) gives the transitions, the mentions up to now are ingested into the copy, and the
copy's level is computed — so staff find it in the console mid-crisis and act on it. The
report gives the time to detect (event onset to first rise), the time to first action (drill
start to the first override or content change staff made on the copy) and what the widget
showed at each level.

Staff may opt in, at the start, to show the drill on the live widget: the live site then gets
an ordinary override (state.set_override: validated, in the history and the audit log) at the
copy's level, with a reason naming the drill and a bounded expiry. Only the override touches
the live site — its mentions, buckets and computed level stay real — and it ends as any
override does (expiry, or cleared from the Override page). It is refused while the live site
already has an override (a staff decision is not overwritten by a drill), when the drill is
calm (a calm override would hide real alerts for nothing) and when it would lower the live
site's real level.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta

import redis

from . import audit, content, processing, scenarios, sites, state
from .errors import InvalidInput
from .ingest import store_mentions
from .levels import Level
from .mentions import Mention
from .store import PREFIX, Keys

DRILL_SUFFIX = "-drill"
ACTIONS = ("override.", "content.")  # what counts as staff acting on the drill
LIVE_MINUTES_DEFAULT = 30  # how long a drill shown live stays on the live widget
LIVE_MINUTES_MIN, LIVE_MINUTES_MAX = 5, 120


def available_scenarios() -> dict[str, str]:
    """Scenario name -> description."""
    return dict(scenarios.SCENARIOS)


def drill_slug(slug: str) -> str:
    return slug if is_drill(slug) else f"{slug}{DRILL_SUFFIX}"


def is_drill(slug: str) -> bool:
    return slug.endswith(DRILL_SUFFIX)


def start(
    r: redis.Redis,
    slug: str,
    scenario: str,
    by: str,
    *,
    seed: int = 0,
    lang: str | None = None,
    show_live: bool = False,
    live_minutes: int = LIVE_MINUTES_DEFAULT,
    now: float | None = None,
) -> dict:
    """Reset the drill copy, replay the scenario into it, store and return the drill record.

    With show_live, the live site's widget follows the drill: an override on the live site at
    the copy's level for live_minutes, set by `by`. Whatever would make that unsafe is refused
    before anything is written."""
    now = time.time() if now is None else now
    live = sites.get_site(r, slug)
    problems = []
    if is_drill(slug):
        problems.append(("site", "this is already a drill copy; start the drill from the site"))
    if scenario not in available_scenarios():
        known = ", ".join(sorted(available_scenarios()))
        problems.append(("scenario", f"unknown scenario {scenario!r} (known: {known})"))
    if not (by or "").strip():
        problems.append(("by", "must not be blank"))
    if show_live:
        problems.extend(_live_minutes_problems(live_minutes))
    if problems:
        raise InvalidInput(problems)
    plan = _plan(scenario, seed, lang or live.default_locale, live.tuning, now)
    if show_live:
        planned = Level(plan["transitions"][-1]["to"]) if plan["transitions"] else Level.CALM
        problem = _live_problem(r, slug, planned, now)
        if problem:
            raise InvalidInput.one("show_live", problem)
    drill_id = uuid.uuid4().hex[:10]
    copy = _reset_copy(r, live, by, created_at=plan["first"])
    mentions = [Mention.model_validate(m) for m in plan["mentions"]]
    for chunk in range(0, len(mentions), 500):
        store_mentions(r, copy.slug, mentions[chunk : chunk + 500])
    processing.drain(r, copy.slug)
    copy_level = state.recompute(r, copy.slug, now=now).computed
    live_override, live_note = None, None
    if show_live:
        live_note = _live_problem(r, slug, copy_level, now)  # the live site may have moved
        if live_note is None:
            live_override = _show_live(
                r, slug, copy_level, f"drill {drill_id}: {scenario}", by, live_minutes, now
            )
    record = {
        "id": drill_id,
        "site": slug,
        "drill_site": copy.slug,
        "scenario": scenario,
        "seed": seed,
        "started_by": by.strip(),
        "started_at": now,
        "ready_audit_id": _last_audit_id(r, copy.slug),
        "onset": plan["onset"],
        "mentions": len(mentions),
        "transitions": plan["transitions"],
        "shown": _shown_by_level(r, copy, plan["transitions"]),
        "shown_live": live_override is not None,
        "live_override": live_override,
        "live_note": live_note,
    }
    what = f"scenario {scenario} replayed into {copy.slug} ({len(mentions)} mentions)"
    if live_override:
        what += f"; shown on the live widget at {copy_level.label} for {live_minutes} min"
    elif live_note:
        what += f"; not shown on the live widget: {live_note}"
    pipe = r.pipeline()
    pipe.lpush(Keys(slug).drills, json.dumps(record))
    audit.record(pipe, slug, who=by, action="drill.start", what=what)
    pipe.execute()
    return record


def list_drills(r: redis.Redis, slug: str, limit: int = 20) -> list[dict]:
    return [json.loads(raw) for raw in r.lrange(Keys(slug).drills, 0, limit - 1)]


def report(r: redis.Redis, drill: dict, now: float | None = None) -> dict:
    """The drill record with its measures: time to detect, time to first action, peak, and,
    when it was shown live, how and when the live override ended (live_end)."""
    rises = [t for t in drill["transitions"] if t["to"] > t["from"]]
    detected = None
    if rises and drill["onset"] is not None:
        detected = max(0.0, rises[0]["at"] - drill["onset"])
    action = first_action(r, drill)
    return {
        **drill,
        "peak": max((t["to"] for t in drill["transitions"]), default=0),
        "time_to_detect": detected,
        "first_action": action,
        "time_to_first_action": action["at"] - drill["started_at"] if action else None,
        "shown_live": bool(drill.get("shown_live")),
        "live_end": live_end(r, drill, now),
    }


def live_end(r: redis.Redis, drill: dict, now: float | None = None) -> dict | None:
    """How the drill's live override ended: {"at", "how", "ended"} — cleared or replaced
    (the live audit log says by whom), expired, or still on (ended False, at = its expiry).
    None when the drill was not shown live."""
    shown = drill.get("live_override")
    if not shown:
        return None
    now = time.time() if now is None else now
    since = shown["audit_id"]
    for entry_id, fields in r.xrange(Keys(drill["site"]).audit, since, "+"):
        action = fields.get("action")
        if entry_id == since or action not in ("override.set", "override.clear"):
            continue
        at = float(fields["at"])
        if at >= shown["until"]:
            break
        how = "cleared" if action == "override.clear" else "replaced by another override"
        return {"at": at, "how": f"{how} by {fields.get('who', '?')}", "ended": True}
    if shown["until"] <= now:
        return {"at": shown["until"], "how": "expired", "ended": True}
    return {"at": shown["until"], "how": "still on", "ended": False}


def first_action(r: redis.Redis, drill: dict) -> dict | None:
    """The first override or content change on the drill copy after the replay."""
    low = drill["ready_audit_id"] or "-"
    rows = r.xrange(Keys(drill["drill_site"]).audit, low, "+")
    for entry_id, fields in rows:
        if entry_id != low and fields.get("action", "").startswith(ACTIONS):
            return {"id": entry_id, **fields, "at": float(fields["at"])}
    return None


# -- the replay ------------------------------------------------------------------------------


def _plan(scenario: str, seed: int, lang: str, tuning: sites.Tuning, now: float) -> dict:
    """Where the scenario sits in time: its peak a minute before now. Returns the mentions
    up to now (ingest dicts), the detector's transitions up to now, the onset, the start."""
    from . import timeline

    reference = datetime.fromtimestamp(now, UTC) - timedelta(days=60)
    raw = scenarios.generate(scenario, reference, seed=seed, lang=lang)
    if not raw:
        raise InvalidInput.one("scenario", f"scenario {scenario!r} produced no mention")
    result = timeline.run_backtest(raw, tuning, fallback_lang=lang)
    onset = scenarios.onset(scenario, reference)
    peak = max((t.level for t in result.transitions), default=Level.CALM)
    rise = next((t.time for t in result.transitions if t.level == peak), None)
    anchor = rise or onset or _as_datetime(raw[-1]["created_at"])
    shift = datetime.fromtimestamp(now - 60, UTC) - anchor
    mentions = []
    for m in raw:
        moment = _as_datetime(m["created_at"]) + shift
        if moment.timestamp() <= now:
            mentions.append({**m, "created_at": moment})
    transitions, level = [], Level.CALM
    for t in result.transitions:
        at = (t.time + shift).timestamp()
        if at <= now:
            transitions.append(
                {"at": at, "from": int(level), "to": int(t.level), "reasons": list(t.reasons)}
            )
            level = t.level
    return {
        "mentions": mentions,
        "transitions": transitions,
        "onset": (onset + shift).timestamp() if onset else None,
        "first": mentions[0]["created_at"].timestamp(),
    }


def _live_minutes_problems(minutes: object) -> list[tuple[str, str]]:
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int | float)
        or not LIVE_MINUTES_MIN <= minutes <= LIVE_MINUTES_MAX
    ):
        return [
            (
                "live_minutes",
                f"must be between {LIVE_MINUTES_MIN} and {LIVE_MINUTES_MAX} minutes",
            )
        ]
    return []


def _live_problem(r: redis.Redis, slug: str, level: Level, now: float) -> str | None:
    """Why the live widget must not follow a drill at `level`, or None when it may."""
    current = state.read(r, slug, now)
    if current.override is not None:
        return (
            f"the live site already has an override ({current.override.level.label} by "
            f"{current.override.by}); clear it first or drill on the copy only"
        )
    if level == Level.CALM:
        return "the drill is calm, so there is nothing to show on the live widget"
    if level < current.computed:
        return (
            f"the live site is at {current.computed.label} for real; a drill at {level.label} "
            "would lower it"
        )
    return None


def _show_live(
    r: redis.Redis, slug: str, level: Level, reason: str, by: str, minutes: float, now: float
) -> dict:
    """Set the live site's override for the drill; returns what was set, with its audit id."""
    after = state.set_override(
        r, slug, {"level": int(level), "reason": reason, "by": by, "minutes": minutes}, now=now
    )
    override = after.override
    audit_id = next(
        entry_id
        for entry_id, fields in r.xrevrange(Keys(slug).audit, "+", "-", count=50)
        if fields.get("action") == "override.set" and fields.get("why") == reason
    )
    return {
        "level": int(override.level),
        "reason": override.reason,
        "by": override.by,
        "set_at": override.set_at,
        "until": override.until,
        "audit_id": audit_id,
    }


def _as_datetime(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _reset_copy(r: redis.Redis, live: sites.Site, by: str, created_at: float) -> sites.Site:
    """Wipe the drill copy and recreate it from the live site's settings and approved content."""
    slug = drill_slug(live.slug)
    for key in r.scan_iter(match=f"{PREFIX}:site:{slug}:*", count=500):
        r.delete(key)
    r.srem(Keys.SITES, slug)
    fields = live.model_dump(exclude={"slug", "name", "created_at", "allowed_origins"})
    copy, _ = sites.create_site(
        r, slug=slug, name=f"{live.name} (drill)"[:120], created_at=created_at, **fields
    )
    for block in content.list_blocks(r, live.slug):
        if block.status == "approved":
            data = block.model_dump(exclude={"status", "approved_by", "created_by"})
            content.add_block(r, slug, data, by=by, approve=True)
    return copy


def _last_audit_id(r: redis.Redis, slug: str) -> str | None:
    last = r.xrevrange(Keys(slug).audit, "+", "-", count=1)
    return last[0][0] if last else None


def _shown_by_level(r: redis.Redis, copy: sites.Site, transitions: list[dict]) -> list[dict]:
    """What the widget showed at each level the drill went through (default locale)."""
    levels = [Level.CALM] + [Level(t["to"]) for t in transitions]
    seen, shown = set(), []
    blocks = content.list_blocks(r, copy.slug)
    for level in levels:
        if level in seen:
            continue
        seen.add(level)
        chosen = content.choose(blocks, copy, level, copy.default_locale)
        shown.append(
            {
                "level": level.label,
                "locale": copy.default_locale,
                "blocks": [{"kind": b.kind, "title": b.title, "body": b.body} for b in chosen],
            }
        )
    return shown
