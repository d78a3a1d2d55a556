"""The worker's jobs and the periodic schedule, run by real RQ workers."""

from __future__ import annotations

from reassure import ingest, state
from reassure.dispatch import queue
from reassure.levels import Level
from reassure.store import Keys


def test_the_periodic_tick_counts_stragglers_and_recomputes_every_site(r, demo_token, work):
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {"source": "x", "external_id": f"t{i}", "text": "Fraud, they stole my money!"}
                for i in range(12)
            ]
        },
    )
    queue(r).empty()  # as if the processing job had been lost
    r.delete(Keys("demo").processing_requested)
    queue(r).enqueue("worker.jobs.tick")
    work()
    assert state.read(r, "demo").computed == Level.CRISIS


def test_the_schedule_enqueues_the_tick(r):
    from reassure.settings import Settings
    from worker import schedule

    schedule.build(r, Settings()).enqueue_jobs()
    assert [job.func_name for job in queue(r).jobs] == ["worker.jobs.tick"]
