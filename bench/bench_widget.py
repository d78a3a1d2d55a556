"""The widget's cost to a page: download size, time to first render, long tasks.

    .venv/bin/python bench/bench_widget.py [--runs 8] [--throttle 1 4]

Starts its own embedded redis-server with the demo site and the web app under gunicorn
(`reassure web`, 1 worker) on a free loopback port, then loads the demo page in headless
Chromium (Debian's package, driven by Playwright):

- uncached: a fresh browser context per run (empty HTTP cache and local storage);
- cached: the same page again in the same context (the widget draws its last known state
  from local storage at once, then revalidates).

Printed per CPU throttling rate (1 = this machine, 4 = a mid-range phone, as Chrome's
DevTools emulate it): median and worst DOMContentLoaded -> first render (the widget's
`reassure:render` performance mark), and long tasks (PerformanceObserver "longtask", > 50 ms)
seen during the load, with their total. Also the gzip size of the source and of what is
served. No assertions.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from demo_app import running_demo
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from widget import script  # noqa: E402  (after the path is set, run as a plain script)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WATCH_LONG_TASKS = """window.__long = [];
try { new PerformanceObserver(l => l.getEntries().forEach(e => window.__long.push(e.duration)))
  .observe({type: 'longtask', buffered: true}); } catch (e) {}"""
FIRST_RENDER = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const dcl = nav.domContentLoadedEventStart;
  const mark = performance.getEntriesByName('reassure:render')[0];
  const done = part => (performance.getEntriesByType('resource')
    .find(e => e.name.includes(part)) || {responseEnd: NaN}).responseEnd - dcl;
  return [mark ? mark.startTime - dcl : NaN, done('/widget.js'), done('/state')];
}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=8, help="page loads per measure")
    parser.add_argument("--throttle", type=float, nargs="+", default=[1, 4])
    args = parser.parse_args()

    source = (ROOT / "static" / "widget.js").read_bytes()
    served = script.load(ROOT / "static" / "widget.js").body
    print(f"widget.js source: {len(source)} B, gzip {len(gzip.compress(source, 9))} B")
    print(
        f"widget.js served: {len(served)} B, gzip {len(gzip.compress(served, 9))} B (budget 6144)"
    )
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")

    with (
        tempfile.TemporaryDirectory() as tmp,
        running_demo(Path(tmp)) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            for rate in args.throttle:
                measure(browser, url + "/demo", rate, args.runs)
        finally:
            browser.close()
    return 0


def measure(browser: Browser, url: str, rate: float, runs: int) -> None:
    timings: dict[str, list[list[float]]] = {"uncached": [], "cached": []}
    long_tasks: dict[str, list[float]] = {"with widget": [], "page alone": []}
    for _ in range(runs):
        for name in long_tasks:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            try:
                page = context.new_page()
                page.add_init_script(WATCH_LONG_TASKS)
                if name == "page alone":  # the same page, its widget script never answers
                    page.route("**/widget.js", lambda route: route.abort())
                if rate > 1:
                    session = context.new_cdp_session(page)
                    session.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                for visit in timings:
                    page.goto(url)
                    # Wait by the clock: Playwright's own waiting helpers run scripts in the
                    # page, which would show up as long tasks of the page.
                    page.wait_for_timeout(1000)
                    if name == "with widget":
                        timings[visit].append(page.evaluate(FIRST_RENDER))
                    long_tasks[name] += page.evaluate("window.__long")
            finally:
                context.close()
    print(f"\nCPU throttling x{rate:g}, {runs} runs (ms after DOMContentLoaded, median / worst)")
    for visit, rows in timings.items():
        render, script_end, state_end = zip(*rows, strict=True)
        print(
            f"  {visit:8}: first render {_fmt(render)}   widget.js loaded {_fmt(script_end)}"
            f"   state answered {_fmt(state_end)}"
        )
    for name, tasks in long_tasks.items():
        print(
            f"  long tasks (> 50 ms), {name:11}, {2 * runs} loads: {len(tasks):3}, total"
            f" {sum(tasks):5.0f} ms" + (f", longest {max(tasks):.0f} ms" if tasks else "")
        )


def _fmt(values: tuple[float, ...]) -> str:
    present = [v for v in values if v == v]  # NaN: not fetched on that visit (from cache)
    if not present:
        return "     -       "
    return f"{statistics.median(present):6.1f} / {max(present):6.1f}"


if __name__ == "__main__":
    raise SystemExit(main())
