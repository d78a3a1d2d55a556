"""E-mail notifications through a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
from email import policy

import pytest
from aiosmtpd.controller import Controller

from reassure import notifications, state
from reassure.embedded_redis import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


@pytest.fixture
def inbox(monkeypatch):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("REASSURE_SMTP_URL", f"smtp://127.0.0.1:{controller.port}")
    monkeypatch.setenv("REASSURE_SMTP_FROM", "alerts@shop.example")
    yield handler
    controller.stop()


def test_a_level_change_is_e_mailed_as_plain_text(r, demo_token, inbox, work):
    notifications.add_endpoint(r, "demo", "mailto:care@shop.example", form="email")
    state.set_override(
        r, "demo", {"level": "alert", "reason": "<b>press</b> article", "minutes": 5, "by": "ana"}
    )
    work()

    ((recipients, message),) = inbox.messages
    assert recipients == ["care@shop.example"]
    assert message["From"] == "alerts@shop.example"
    assert message["Subject"] == "[Reassure] demo: level alert (was calm)"
    assert message.get_content_type() == "text/plain"
    assert "Cause: override set by ana: <b>press</b> article" in message.get_content()
    assert (notifications.deliveries(r, "demo")[0]["status"]) == "delivered"


def test_without_smtp_settings_an_e_mail_delivery_fails_with_a_clear_error(
    r, demo_token, work, monkeypatch
):
    monkeypatch.delenv("REASSURE_SMTP_URL", raising=False)
    notifications.add_endpoint(r, "demo", "mailto:care@shop.example", form="email")
    event = notifications.level_change_event("demo", {"at": 1.0, "from": 0, "to": 1, "cause": ""})
    notifications.send_event(r, "demo", event, retry_intervals=())
    work()

    (delivery,) = notifications.deliveries(r, "demo")
    assert delivery["status"] == "failed"
    assert "REASSURE_SMTP_URL" in delivery["last_error"]
