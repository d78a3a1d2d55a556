"""Fixtures of the widget's browser tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .pages import FlakyApi


@pytest.fixture
def flaky_api(web_url) -> Iterator[FlakyApi]:
    """A real HTTP server in front of the real app, whose API answers as the test says."""
    api = FlakyApi(web_url).start()
    yield api
    api.stop()
