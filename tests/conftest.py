"""Shared fixtures: a real redis-server, real RQ workers, the real app over real HTTP."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
import requests
from playwright.sync_api import Browser, Page, sync_playwright
from rq import SimpleWorker
from streamlit.testing.v1 import AppTest

from reassure import demo, staff
from reassure.dispatch import QUEUE_NAME
from reassure.embedded_redis import EmbeddedRedis, free_port
from reassure.store import connect, raw_client

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """One real redis-server (AOF on) for the whole run; each test starts from an empty db."""
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def r(redis_server) -> redis.Redis:
    client = connect(redis_server.url)
    client.flushall()
    return client


@pytest.fixture
def demo_token(r) -> str:
    """The demo site with its approved content; returns its admin token."""
    return demo.create_demo_site(r)


def run_worker(r: redis.Redis) -> None:
    """Run a real RQ worker in this process until the queue is empty."""
    SimpleWorker([QUEUE_NAME], connection=raw_client(r)).work(burst=True)


@pytest.fixture
def work(r):
    """Call work() to let a real RQ worker process everything queued so far."""
    return lambda: run_worker(r)


def wait_for_http(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


def child_env(redis_url: str, **extra: str) -> dict:
    env = dict(os.environ)
    env.update({"REDIS_URL": redis_url, "PYTHONPATH": str(ROOT), **extra})
    return env


@contextmanager
def web_app(redis_url: str, **env: str) -> Iterator[str]:
    """Run the Flask app under gunicorn, as `reassure web` does, on a free port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "reassure.cli", "web", "--workers", "1"],
        env=child_env(redis_url, REASSURE_WEB_PORT=str(port), **env),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/healthz")
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def web_url(redis_server) -> Iterator[str]:
    """The app for the whole run; its rate limit is out of the way of the tests."""
    with web_app(
        redis_server.url, REASSURE_SSE_SECONDS="20", REASSURE_EVENTS_RATE_LIMIT="100000 per minute"
    ) as url:
        yield url


@pytest.fixture
def worker_process(redis_server):
    """A real `reassure worker` process, for tests where work must happen on its own."""
    process = subprocess.Popen(
        [sys.executable, "-m", "reassure.cli", "worker"],
        env=child_env(redis_server.url),
        cwd=ROOT,
    )
    yield process
    if process.poll() is None:
        process.terminate()
        process.wait(10)


def port_is_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def console(r, redis_server, monkeypatch) -> AppTest:
    """A fresh console session (Streamlit's AppTest) on the test Redis, password set."""
    from tests.console.driver import APP, PASSWORD

    monkeypatch.setenv("REDIS_URL", redis_server.url)
    staff.set_password(r, PASSWORD)
    staff.add_account(r, "alice", "Alice", PASSWORD)  # the staff member the tests act as
    return AppTest.from_file(APP, default_timeout=30)


# -- headless Chromium (Debian's package, driven by Playwright) -------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Chromium itself logs every failed request as a console error; that is the browser's
# network log, not a script error, so it is the one message tests may ignore.
NETWORK_NOISE = "Failed to load resource"


@dataclass
class PageProblems:
    """What a page said that a host page's owner would not want to see."""

    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text), every message
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def console_output(self) -> list[str]:
        """Everything logged to the console, except Chromium's own failed-request lines."""
        return [
            f"{kind}: {text}" for kind, text in self.console if not text.startswith(NETWORK_NOISE)
        ]

    def script_errors(self) -> list[str]:
        errors = [line for line in self.console_output() if line.startswith("error: ")]
        return errors + self.page_errors


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser: Browser, problems: PageProblems) -> Iterator[Page]:
    """A fresh context (empty HTTP cache) and page, recording console errors, uncaught
    errors and dialogs into `problems`."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(5000)

    def on_dialog(dialog) -> None:
        problems.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("console", lambda message: problems.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("dialog", on_dialog)
    yield page
    context.close()
