"""Hand work to the RQ workers. Processing is coalesced per site: however many batches
arrive, at most one processing job per site waits in the queue."""

from __future__ import annotations

import redis
from rq import Queue

from .store import Keys, raw_client

QUEUE_NAME = "reassure"
PROCESS_SITE = "worker.jobs.process_site"
# The flag expires so that a lost enqueue (crash between SET and enqueue) heals by itself;
# the periodic tick also drains every site.
FLAG_SECONDS = 60


def queue(r: redis.Redis) -> Queue:
    return Queue(QUEUE_NAME, connection=raw_client(r))


def request_processing(r: redis.Redis, slug: str) -> bool:
    """Queue a processing job for the site unless one is already waiting. True if queued."""
    if not r.set(Keys(slug).processing_requested, "1", nx=True, ex=FLAG_SECONDS):
        return False
    queue(r).enqueue(PROCESS_SITE, slug, result_ttl=0, failure_ttl=24 * 3600)
    return True


def processing_started(r: redis.Redis, slug: str) -> None:
    """Called by the job before it drains: batches arriving from now on queue a new job."""
    r.delete(Keys(slug).processing_requested)
