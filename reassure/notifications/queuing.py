"""Queuing: one RQ delivery job per endpoint and event (called from state._record and
processing.apply_batch); `worker.notify` runs the jobs."""

from __future__ import annotations

import logging

import redis

from .. import dispatch
from ..store import Keys
from .endpoints import Endpoint, list_endpoints
from .events import level_change_event, matched_keywords, mention_event
from .records import _track

log = logging.getLogger(__name__)

DELIVER_JOB = "worker.notify.deliver"
# Backoff between attempts, in seconds: about 5 hours in all before a delivery is "failed".
RETRY_INTERVALS: tuple[int, ...] = (10, 60, 300, 1800, 3 * 3600)


def level_changed(r: redis.Redis, slug: str, entry: dict) -> int:
    """Queue a level_change event for a recorded transition whose level really changed.
    Never raises: a notification problem must not stop the level from being recorded."""
    if (entry.get("from") or 0) == entry["to"]:
        return 0
    return _safely(lambda: send_event(r, slug, level_change_event(slug, entry)))


def mentions_processed(r: redis.Redis, slug: str, mentions: list) -> int:
    """Queue needs_attention events for flagged mentions and care_mention events for
    mentions matching a care endpoint's keywords. Never raises."""
    return _safely(lambda: _queue_mention_events(r, slug, mentions))


def _safely(action) -> int:
    try:
        return action()
    except Exception:  # notifications are secondary to recording what happened
        log.exception("could not queue notifications")
        return 0


def _queue_mention_events(r: redis.Redis, slug: str, mentions: list) -> int:
    endpoints = list_endpoints(r, slug) if mentions else []
    if not endpoints:
        return 0
    queued = 0
    for mention in mentions:
        if mention.needs_attention:
            event = mention_event(slug, mention, "needs_attention")
            queued += send_event(r, slug, event, endpoints)
        for endpoint in endpoints:
            if not endpoint.wants("care_mention"):
                continue
            matched = matched_keywords(mention.text, endpoint.keywords)
            if matched:
                event = mention_event(slug, mention, "care_mention", matched)
                queued += send_event(r, slug, event, [endpoint])
    return queued


def send_event(
    r: redis.Redis,
    slug: str,
    event: dict,
    endpoints: list[Endpoint] | None = None,
    retry_intervals: tuple[int, ...] = RETRY_INTERVALS,
) -> int:
    """Queue one delivery job per endpoint that wants this event and has not received it
    yet. Returns how many were queued."""
    from rq import Retry  # RQ is only needed where jobs are queued

    endpoints = list_endpoints(r, slug) if endpoints is None else endpoints
    keys = Keys(slug)
    queue = dispatch.queue(r)
    queued = 0
    for endpoint in endpoints:
        if not endpoint.wants(event["type"]) or r.exists(keys.delivered(endpoint.id, event["id"])):
            continue
        _track(r, keys, endpoint, event, status="queued")
        queue.enqueue(
            DELIVER_JOB,
            slug,
            endpoint.id,
            event,
            retry=Retry(max=len(retry_intervals), interval=list(retry_intervals))
            if retry_intervals
            else None,
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
            description=f"notify {slug} {event['type']} -> {endpoint.id}",
        )
        queued += 1
    return queued
