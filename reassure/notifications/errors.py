"""The error of one failed delivery attempt (shared by the webhook and e-mail senders)."""

from __future__ import annotations

from ..errors import ReassureError


class DeliveryFailed(ReassureError):
    """One attempt failed; the job is retried with backoff until its attempts run out."""
