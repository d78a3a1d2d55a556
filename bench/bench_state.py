"""Throughput of the public state endpoint against a bare Flask app, same gunicorn settings.

    .venv/bin/python bench/bench_state.py [--duration 10] [--connections 16] [--tool auto]

Starts its own embedded redis-server with the demo site, then for each target runs gunicorn
exactly as `reassure web` does (reassure.cli.web_command, 2 workers) on a free loopback port
and loads GET /v1/sites/demo/state?locale=fr with wrk (or, when wrk is missing, a threaded
Python loop). Prints req/s, p50/p99 latency, and the ratio app/bare. No assertions.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from reassure import demo
from reassure.cli import web_command
from reassure.embedded_redis import EmbeddedRedis, free_port
from reassure.settings import Settings
from reassure.store import connect

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PATH = "/v1/sites/demo/state?locale=fr"
REAL_APP = "widget:create_app()"


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float | None
    p99_ms: float | None
    errors: int  # non-2xx/3xx answers and socket errors
    body_bytes: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per target")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args()

    wrk = shutil.which("wrk") if args.tool in ("auto", "wrk") else None
    if args.tool == "wrk" and not wrk:
        parser.error("wrk not found (apt-get install -y wrk)")

    with tempfile.TemporaryDirectory(prefix="reassure-bench-") as tmp:
        server = EmbeddedRedis(Path(tmp) / "redis").start()
        try:
            demo.create_demo_site(connect(server.url))
            results = [
                run_target("reassure app", REAL_APP, server.url, args, wrk),
                run_target("bare Flask", "bare_app:app", server.url, args, wrk),
            ]
        finally:
            server.stop()
    report(results, args, wrk)
    return 0


def run_target(name: str, app_spec: str, redis_url: str, args, wrk: str | None) -> Result:
    port = free_port()
    config = Settings(redis_url=redis_url, host="127.0.0.1", web_port=port)
    command = web_command(config, workers=args.workers)
    assert command[-1] == REAL_APP, "web_command changed shape; update the bench"
    command[-1] = app_spec
    env = dict(os.environ, REDIS_URL=redis_url)
    paths = [str(ROOT), str(BENCH), env.get("PYTHONPATH")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}{PATH}"
    try:
        body = wait_until_ready(url, process)
        if wrk:
            return run_wrk(name, wrk, url, args, len(body))
        return run_python(name, url, args, len(body))
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float = 30.0) -> bytes:
    deadline = time.monotonic() + timeout
    with requests.Session() as session:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({process.returncode}) before serving {url}")
            try:
                response = session.get(url, timeout=2)
            except requests.ConnectionError:
                time.sleep(0.1)
                continue
            response.raise_for_status()
            for _ in range(100):  # warm both workers: imports, first Redis connections
                session.get(url, timeout=5)
            return response.content
    raise SystemExit(f"{url} did not answer within {timeout}s")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * _UNITS[unit]


def run_wrk(name: str, wrk: str, url: str, args, body_bytes: int) -> Result:
    duration = max(1, round(args.duration))
    out = subprocess.run(
        [wrk, "-t1", f"-c{args.connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))
    seconds = float(re.search(r"requests in ([\d.]+)(\w+),", out).group(1))
    if re.search(r"requests in [\d.]+m,", out):
        seconds *= 60
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Result(
        name,
        total,
        seconds,
        _ms(p50.group(1)) if p50 else None,
        _ms(p99.group(1)) if p99 else None,
        errors,
        body_bytes,
    )


def run_python(name: str, url: str, args, body_bytes: int) -> Result:
    """The fallback load generator: one requests.Session per thread, closed loop."""
    latencies: list[list[float]] = [[] for _ in range(args.connections)]
    errors = [0] * args.connections
    stop_at = time.perf_counter() + args.duration

    def loop(i: int) -> None:
        with requests.Session() as session:
            while True:
                start = time.perf_counter()
                if start >= stop_at:
                    return
                try:
                    ok = session.get(url, timeout=5).status_code < 400
                except requests.RequestException:
                    ok = False
                latencies[i].append((time.perf_counter() - start) * 1000)
                errors[i] += not ok

    begun = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(i,)) for i in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - begun
    flat = sorted(x for per_thread in latencies for x in per_thread)
    p50 = statistics.median(flat) if flat else None
    p99 = flat[min(len(flat) - 1, int(len(flat) * 0.99))] if flat else None
    return Result(name, len(flat), seconds, p50, p99, sum(errors), body_bytes)


def report(results: list[Result], args, wrk: str | None) -> None:
    if wrk:
        words = subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout.split()
        tool = f"wrk {words[1]} (1 thread)" if len(words) > 1 else "wrk (1 thread)"
    elif args.tool == "python":
        tool = "Python threads + requests.Session (--tool python)"
    else:
        tool = "Python threads + requests.Session (wrk not found; apt-get install -y wrk)"
    flags = " ".join(web_command(Settings(), workers=args.workers)[3:-1])
    print(f"GET {PATH} on 127.0.0.1, gunicorn {flags}")
    print(f"load generator: {tool}, {args.connections} connections, {args.duration:g} s/target")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    shared = "shared by load generator, gunicorn and redis"
    print(f"cores: {os.cpu_count()} ({shared}); load average at the end: {load}\n")

    def fmt(value: float | None) -> str:
        return f"{value:.2f}" if value is not None else "n/a"

    print(f"{'target':<14} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'body B':>7}")
    for res in results:
        print(
            f"{res.name:<14} {res.rps:>9.0f} {fmt(res.p50_ms):>8} {fmt(res.p99_ms):>8} "
            f"{res.errors:>7} {res.body_bytes:>7}"
        )
    app, bare = results
    if bare.rps:
        ratio = app.rps / bare.rps
        print(f"\nratio app/bare (req/s): {ratio:.2f}  -> the app serves {ratio:.0%} of bare Flask")
    if app.p50_ms and bare.p50_ms:
        extra = app.p50_ms - bare.p50_ms
        ratio = app.p50_ms / bare.p50_ms
        print(f"p50 latency app/bare: {ratio:.2f}  (+{extra:.2f} ms per request)")
    if app.errors or bare.errors:
        print("warning: some answers were errors; figures include them", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
