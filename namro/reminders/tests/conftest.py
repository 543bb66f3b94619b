"""A real SMTP server on the loopback for the reminder tests, and the settings they share."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Mailbox:
    """What the loopback server received, decoded."""

    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


def subject(message: EmailMessage) -> str:
    """The decoded subject. Python's mail package folds a long encoded subject onto its own
    line ("Subject:" then the encoded words), which unfolds with a leading space."""
    return str(message["Subject"]).strip()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Any:
    """Start an SMTP server on 127.0.0.1 and point Django's SMTP backend at it."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "namro <namro@example.test>"
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _reminder_settings(settings: Any) -> None:
    settings.NAMRO_REMIND_DAYS = [7, 1]
    settings.NAMRO_STALE_DAYS = 14
    settings.NAMRO_ESCALATE_AFTER = 3
    settings.NAMRO_REMIND_ON_DAYS_OFF = False
    settings.NAMRO_SITE_URL = "http://namro.example.test"
    settings.NAMRO_SWEEP_HOUR = 6
