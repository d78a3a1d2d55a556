"""Start an RQ worker on the reassure queue, with the scoring models loaded before forking."""

from __future__ import annotations

import logging

import redis
from rq import Worker

from reassure import scoring
from reassure.dispatch import QUEUE_NAME
from reassure.store import raw_client


def run(r: redis.Redis, burst: bool = False) -> bool:
    scoring.warm_up()
    worker = Worker([QUEUE_NAME], connection=raw_client(r))
    # with_scheduler: jobs retried with a backoff (notification deliveries) wait in RQ's
    # scheduled registry; a worker holding the scheduler lock puts them back when due.
    return worker.work(burst=burst, logging_level=logging.WARNING, with_scheduler=True)
