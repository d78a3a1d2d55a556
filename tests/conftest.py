"""Shared fixtures: a real redis-server, real RQ workers, the real app over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from rq import SimpleWorker

from reassure import demo
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


@pytest.fixture(scope="session")
def web_url(redis_server) -> str:
    """The Flask app under gunicorn, as in production, on a free port."""
    port = free_port()
    env = child_env(redis_server.url, REASSURE_WEB_PORT=str(port), REASSURE_SSE_SECONDS="20")
    process = subprocess.Popen(
        [sys.executable, "-m", "reassure.cli", "web", "--workers", "1"],
        env=env,
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
