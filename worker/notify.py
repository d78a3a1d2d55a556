"""RQ job: deliver one notification event to one endpoint (retried with backoff by RQ)."""

from __future__ import annotations

from rq import get_current_job

from reassure import notifications

from .jobs import _redis


def deliver(slug: str, endpoint_id: str, event: dict) -> str:
    """One attempt; raising lets RQ retry it. The last attempt records the delivery as
    failed, so staff see it in the deliveries list."""
    job = get_current_job()
    last_attempt = job is None or not job.retries_left
    return notifications.deliver(_redis(), slug, endpoint_id, event, last_attempt=last_attempt)
