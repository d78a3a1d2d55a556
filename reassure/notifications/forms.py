"""Forms: the body of a notification as generic JSON or a Slack message, and the plain-text
headline and summary shared by Slack and e-mail."""

from __future__ import annotations

import json

# Slack's documented limits (Block Kit): section text 3000, header text 150, 10 context items.
SLACK_TEXT_LIMIT = 3000
SLACK_HEADER_LIMIT = 150


def render_body(form: str, event: dict) -> bytes:
    payload = slack_payload(event) if form == "slack" else event
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def headline(event: dict) -> str:
    data, site = event["data"], event["site"]
    if event["type"] == "level_change":
        return f"{site}: level {data['to_name']} (was {data['from_name'] or 'unset'})"
    if event["type"] == "care_mention":
        return f"{site}: a customer-care mention ({', '.join(data['matched_keywords'])})"
    return f"{site}: a mention needs a human"


def summary_lines(event: dict) -> list[str]:
    """The event in plain text lines (untrusted mention text included as is)."""
    data = event["data"]
    if event["type"] == "level_change":
        lines = [f"Cause: {data['cause']}"] if data["cause"] else []
        return lines + [f"- {reason}" for reason in data["reasons"]]
    mention = data["mention"]
    who = mention["author"] or "someone"
    lines = [f"{who} on {mention['source']}:", mention["text"]]
    if mention["attention_reasons"]:
        lines.append("Why: " + "; ".join(mention["attention_reasons"]))
    if mention["url"]:
        lines.append(mention["url"])
    return lines


def slack_payload(event: dict) -> dict:
    """A Slack incoming-webhook message: fallback text plus Block Kit header, section and
    context blocks, within Slack's length limits. Untrusted text is escaped for mrkdwn
    (&, <, >) so it cannot ping @channel or forge links."""
    title = headline(event)
    body = _slack_escape("\n".join(summary_lines(event)))
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(title, SLACK_HEADER_LIMIT)}},
    ]
    if body:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": _cut(body, SLACK_TEXT_LIMIT)}}
        )
    blocks.append({"type": "divider"})
    context = f"Reassure · {_slack_escape(event['site'])} · {event['type']} · {event['created_at']}"
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})
    return {"text": _cut(_slack_escape(title), SLACK_TEXT_LIMIT), "blocks": blocks}


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
