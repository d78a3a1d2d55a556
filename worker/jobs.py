"""The jobs RQ workers run. Each one is a few calls into reassure."""

from __future__ import annotations

import redis
from rq import get_current_job

from reassure import dispatch, processing, settings, sites, state
from reassure.store import connect, text_client


def _redis() -> redis.Redis:
    """The server of the worker running this job; REDIS_URL when called outside a worker."""
    job = get_current_job()
    return text_client(job.connection) if job else connect(settings.load().redis_url)


def process_site(slug: str) -> dict:
    """Score and count every waiting mention of a site, then recompute its level."""
    r = _redis()
    config = settings.load()
    dispatch.processing_started(r, slug)
    counted = processing.drain(
        r, slug, batch_size=config.batch_size, claim_idle_ms=config.claim_idle_ms
    )
    current = state.recompute(r, slug)
    return {"site": slug, "counted": counted, "level": int(current.effective)}


def tick() -> list[dict]:
    """The periodic pass over every site: count stragglers (entries orphaned by a dead
    worker included) and recompute levels, so a level also falls when talk stops."""
    r = _redis()
    return [process_site(slug) for slug in sites.list_sites(r)]
