"""Fixtures for SDK tests: a real local HTTP receiver (for webhooks and flaky servers)."""

from __future__ import annotations

import pytest

from tests.notifications.receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()
