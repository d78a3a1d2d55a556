"""Outgoing notifications: signed webhooks (generic JSON or Slack-compatible) and e-mail, on
every change of the effective level, on mentions that need a human, and, for care-team (CRM)
endpoints, on mentions that match the site's keywords.

Events are only queued here (one RQ job per endpoint and event); `worker.notify` delivers
them with retries and backoff. An event has a stable id, so queuing it again is harmless:
once an endpoint acknowledged it (2xx), an idempotency record stops any further delivery.

Signature (what `funnel_sdk.webhooks.verify` checks): the headers carry
``Reassure-Timestamp`` (epoch seconds of the attempt) and ``Reassure-Signature: v1=<hex>``,
the HMAC-SHA256 of ``f"{timestamp}.{body}"`` under the endpoint's secret. Receivers reject
timestamps outside their replay window and deduplicate on ``Reassure-Event-Id``.

Modules, one job each:

- `endpoints`: where notifications go (`Endpoint`, add/list/get/remove).
- `events`: the event documents and the keyword matching of care mentions.
- `queuing`: the hooks of state and processing, which queue one delivery job per endpoint.
- `delivery`: one attempt to deliver an event (`deliver`, `send`), run by the RQ job.
- `records`: what happened to recent deliveries (`deliveries`).
- `signing`: the signature and headers of a webhook request.
- `forms`: the body of a notification (generic JSON or Slack) and its plain-text summary.
- `mail`: the e-mail form, sent over SMTP.
- `errors`: `DeliveryFailed`.
"""

from __future__ import annotations

from .delivery import SEND_TIMEOUT, SENDING_LOCK_MS, deliver, send
from .endpoints import (
    DEFAULT_EVENTS,
    MAX_ENDPOINTS,
    Endpoint,
    EventType,
    Form,
    add_endpoint,
    get_endpoint,
    list_endpoints,
    remove_endpoint,
)
from .errors import DeliveryFailed
from .events import level_change_event, matched_keywords, mention_event
from .forms import (
    SLACK_HEADER_LIMIT,
    SLACK_TEXT_LIMIT,
    headline,
    render_body,
    slack_payload,
    summary_lines,
)
from .mail import send_email
from .queuing import DELIVER_JOB, RETRY_INTERVALS, level_changed, mentions_processed, send_event
from .records import DELIVERED_TTL, DELIVERIES_CAP, deliveries
from .signing import USER_AGENT, signature, signed_headers

__all__ = [
    "DEFAULT_EVENTS",
    "DELIVERED_TTL",
    "DELIVERIES_CAP",
    "DELIVER_JOB",
    "MAX_ENDPOINTS",
    "RETRY_INTERVALS",
    "SENDING_LOCK_MS",
    "SEND_TIMEOUT",
    "SLACK_HEADER_LIMIT",
    "SLACK_TEXT_LIMIT",
    "USER_AGENT",
    "DeliveryFailed",
    "Endpoint",
    "EventType",
    "Form",
    "add_endpoint",
    "deliver",
    "deliveries",
    "get_endpoint",
    "headline",
    "level_change_event",
    "level_changed",
    "list_endpoints",
    "matched_keywords",
    "mention_event",
    "mentions_processed",
    "remove_endpoint",
    "render_body",
    "send",
    "send_email",
    "send_event",
    "signature",
    "signed_headers",
    "slack_payload",
    "summary_lines",
]
