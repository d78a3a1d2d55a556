"""What funnel_sdk costs a page that renders on the server.

    .venv/bin/python bench/bench_sdk.py

Starts an embedded redis-server with the demo site and the real web app (`reassure web`,
gunicorn, one worker), then measures: a cached `state()`, `render_html` of that state, a
revalidated `state()` (a 304 over HTTP), and `state()` with the API stopped (the first call,
then the calls inside `error_backoff`). Prints the figures; no assertions.
"""

from __future__ import annotations

import tempfile
import time
import timeit
from pathlib import Path

from demo_app import running_demo

from funnel_sdk import Client, render_html


def per_call(function, number: int) -> float:
    """Seconds per call, best of 5 repeats (as timeit recommends)."""
    return min(timeit.repeat(function, number=number, repeat=5)) / number


def main() -> None:
    with (
        tempfile.TemporaryDirectory(prefix="reassure-bench-") as tmp,
        running_demo(Path(tmp)) as url,
    ):
        cached = Client(url, "demo", cache_ttl=3600)
        state = cached.state(locale="en")
        hit = per_call(lambda: cached.state(locale="en"), 20_000)
        render = per_call(lambda: render_html(state), 5_000)
        fresh = Client(url, "demo", cache_ttl=0)
        fresh.state(locale="en")
        revalidated = per_call(lambda: fresh.state(locale="en"), 50)
    # The product is stopped now: the same address refuses connections.
    down = Client(url, "demo", cache_ttl=0, retries=0)
    began = time.perf_counter()
    down.state(locale="en")
    first_down = time.perf_counter() - began
    next_down = per_call(lambda: down.state(locale="en"), 1_000)
    blocks = len(state.blocks)
    print(f"cached state():                       {hit * 1e6:8.1f} us")
    print(f"render_html ({blocks} blocks):                {render * 1e6:8.1f} us")
    print(f"revalidated state() (304 over HTTP):  {revalidated * 1e3:8.2f} ms")
    print(f"API down, first call (refused):       {first_down * 1e3:8.2f} ms -> calm default")
    print(f"API down, within error_backoff:       {next_down * 1e6:8.1f} us")


if __name__ == "__main__":
    main()
