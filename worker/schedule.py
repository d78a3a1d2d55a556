"""The periodic schedule, on RQ's own cron scheduler."""

from __future__ import annotations

import logging

import redis
from rq.cron import CronScheduler

from reassure.dispatch import QUEUE_NAME
from reassure.settings import Settings
from reassure.store import raw_client

from .jobs import tick


def build(r: redis.Redis, config: Settings) -> CronScheduler:
    """Every tick_seconds, one pass over every site (stragglers counted, levels recomputed)."""
    scheduler = CronScheduler(connection=raw_client(r), logging_level=logging.WARNING)
    scheduler.register(tick, QUEUE_NAME, interval=config.tick_seconds, result_ttl=0)
    return scheduler


def run(r: redis.Redis, config: Settings) -> None:
    build(r, config).start()
