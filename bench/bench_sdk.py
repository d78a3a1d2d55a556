"""What funnel_sdk costs a page that renders on the server.

    .venv/bin/python bench/bench_sdk.py

Starts an embedded redis-server with the demo site and the real web app (`reassure web`,
gunicorn, one worker), then measures: a cached `state()`, `render_html` of that state, a
revalidated `state()` (a 304 over HTTP), and `state()` with the API stopped (the first call,
then the calls inside `error_backoff`). Prints the figures; no assertions.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

import requests

from funnel_sdk import Client, render_html
from reassure import demo
from reassure.embedded_redis import EmbeddedRedis, free_port
from reassure.store import connect

ROOT = Path(__file__).resolve().parent.parent


def start_web(redis_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "REDIS_URL": redis_url, "REASSURE_WEB_PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "reassure.cli", "web", "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/healthz", timeout=1)
            return process, url
        except requests.RequestException:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the web app did not start")


def per_call(function, number: int) -> float:
    """Seconds per call, best of 5 repeats (as timeit recommends)."""
    return min(timeit.repeat(function, number=number, repeat=5)) / number


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="reassure-bench-") as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis").start()
        try:
            r = connect(server.url)
            demo.create_demo_site(r)
            web, url = start_web(server.url)
            try:
                cached = Client(url, "demo", cache_ttl=3600)
                state = cached.state(locale="en")
                hit = per_call(lambda: cached.state(locale="en"), 20_000)
                render = per_call(lambda: render_html(state), 5_000)
                fresh = Client(url, "demo", cache_ttl=0)
                fresh.state(locale="en")
                revalidated = per_call(lambda: fresh.state(locale="en"), 50)
            finally:
                web.terminate()
                web.wait(10)
            down = Client(url, "demo", cache_ttl=0, retries=0)
            began = time.perf_counter()
            down.state(locale="en")
            first_down = time.perf_counter() - began
            next_down = per_call(lambda: down.state(locale="en"), 1_000)
        finally:
            server.stop()
    blocks = len(state.blocks)
    print(f"cached state():                       {hit * 1e6:8.1f} us")
    print(f"render_html ({blocks} blocks):                {render * 1e6:8.1f} us")
    print(f"revalidated state() (304 over HTTP):  {revalidated * 1e3:8.2f} ms")
    print(f"API down, first call (refused):       {first_down * 1e3:8.2f} ms -> calm default")
    print(f"API down, within error_backoff:       {next_down * 1e6:8.1f} us")


if __name__ == "__main__":
    main()
