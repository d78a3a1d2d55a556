"""The Slack form: a valid incoming-webhook message, with untrusted text neutralised."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reassure import notifications, state
from reassure.mentions import ScoredMention
from tests.notifications.slack_schema import mrkdwn_texts, problems

HOSTILE = "<!channel> <https://evil.example|click here> & <script>alert(1)</script>"


def a_mention(text: str = HOSTILE, **fields) -> ScoredMention:
    return ScoredMention(
        id="1700000000000-0",
        source="twitter",
        external_id="t-1",
        text=text,
        created_at=datetime(2026, 11, 22, 12, 0, tzinfo=UTC),
        author="<@U123> Mallory",
        lang="en",
        compound=-0.8,
        sentiment="negative",
        **fields,
    )


def test_the_schema_refuses_what_slack_refuses():
    too_long_header = {"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}
    mrkdwn_header = {"type": "header", "text": {"type": "mrkdwn", "text": "*x*"}}
    assert problems({"text": "t", "blocks": [too_long_header]})
    assert problems({"text": "t", "blocks": [mrkdwn_header]})
    assert problems({"text": "t", "blocks": [{"type": "section"}]})
    assert problems({"text": "t", "blocks": [{"type": "divider"}] * 51})
    assert problems({"blocks": [{"type": "divider"}]})  # no fallback text


def test_a_slack_level_change_delivered_by_the_worker_is_valid_slack(r, demo_token, receiver, work):
    notifications.add_endpoint(r, "demo", receiver.url, form="slack")
    state.set_override(r, "demo", {"level": 3, "reason": HOSTILE, "minutes": 5, "by": "ana"})
    work()

    message = receiver.requests[0].json()
    assert problems(message) == []
    assert message["blocks"][0]["text"]["text"] == "demo: level crisis (was calm)"


@pytest.mark.parametrize("event_type", ["needs_attention", "care_mention"])
def test_a_mention_in_slack_form_keeps_hostile_text_inert(event_type):
    matched = ["refund"] if event_type == "care_mention" else None
    event = notifications.mention_event("demo", a_mention(), event_type, matched)

    message = notifications.slack_payload(event)

    assert problems(message) == []
    for text in mrkdwn_texts(message):
        assert "<" not in text and ">" not in text  # no @channel ping, no forged link
    section = message["blocks"][1]["text"]["text"]
    assert "&lt;!channel&gt;" in section
    assert "&amp; &lt;script&gt;" in section


def test_a_very_long_mention_is_cut_to_slack_limits():
    event = notifications.mention_event("demo", a_mention("word " * 2000), "needs_attention")

    message = notifications.slack_payload(event)

    assert problems(message) == []
    assert message["blocks"][1]["text"]["text"].endswith("…")


def test_a_level_change_with_many_reasons_stays_within_slack_limits():
    entry = {"at": 1.0, "from": 1, "to": 3, "cause": "detector", "reasons": ["r" * 400] * 20}

    message = notifications.slack_payload(notifications.level_change_event("demo", entry))

    assert problems(message) == []
