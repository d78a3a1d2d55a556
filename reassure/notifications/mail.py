"""E-mail: the plain-text form of a notification, sent through the configured SMTP server."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from .. import settings
from .endpoints import Endpoint
from .errors import DeliveryFailed
from .forms import headline, summary_lines


def send_email(endpoint: Endpoint, event: dict) -> int:
    """Plain-text e-mail through the SMTP server of REASSURE_SMTP_URL (smtp:// or smtps://,
    user and password in the URL when the server needs them)."""
    config = settings.load()
    if not config.smtp_url:
        raise DeliveryFailed("e-mail is not configured: set REASSURE_SMTP_URL")
    server = urlsplit(config.smtp_url)
    message = EmailMessage()
    message["Subject"] = f"[Reassure] {headline(event)}"
    message["From"] = config.smtp_from
    message["To"] = unquote(urlsplit(endpoint.url).path)
    message["Reassure-Event-Id"] = event["id"]
    message.set_content("\n".join(summary_lines(event)) + "\n")
    smtp_class = smtplib.SMTP_SSL if server.scheme == "smtps" else smtplib.SMTP
    try:
        with smtp_class(server.hostname or "localhost", server.port or 25, timeout=10) as smtp:
            smtp.ehlo()
            if server.scheme == "smtp" and smtp.has_extn("starttls"):
                smtp.starttls()  # encrypt whenever the server offers it
                smtp.ehlo()
            if server.username:
                smtp.login(unquote(server.username), unquote(server.password or ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryFailed(f"SMTP: {exc}") from exc
    return 250
