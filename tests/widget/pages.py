"""Helpers for the widget's browser tests: host pages, a misbehaving API over real HTTP, and
ways to read what the widget drew inside its shadow roots."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
from playwright.sync_api import Browser, BrowserContext, Locator, Page

from tests.conftest import PageProblems
from widget import script

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "static" / "widget.js"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
XSS = '<img src=x onerror="window.__xss=1">'

# Every shadow root the widget made, and what is inside it.
SHADOW_SUMMARY = """() => [...document.querySelectorAll('*')].filter(e => e.shadowRoot).map(e => ({
    slot: e.getAttribute('data-reassure-slot'),
    roots: e.shadowRoot.querySelectorAll('.r').length,
    shown: [...e.shadowRoot.querySelectorAll('.r')].filter(r => !r.hidden).length,
    kinds: [...e.shadowRoot.querySelectorAll('[data-kind]')].map(b => b.dataset.kind),
    text: e.shadowRoot.textContent,
    images: e.shadowRoot.querySelectorAll('img').length,
}))"""

# Positions of the page's own elements (the light DOM), to see whether anything moved.
PAGE_BOXES = """() => [...document.body.querySelectorAll('*')]
    .filter(e => !e.closest('reassure-widget'))
    .map(e => { const r = e.getBoundingClientRect();
                return [e.tagName, e.id, r.x, r.y, r.width]; })"""

RENDERS = "() => performance.getEntriesByName('reassure:render').length"


def wait_until(page: Page, expression: str, timeout: float = 5.0) -> None:
    """Poll `expression` with page.evaluate (which, unlike wait_for_function, also works on
    a page whose CSP forbids eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout}s: {expression}"
        page.wait_for_timeout(50)


def wait_for_local_cache(page: Page) -> None:
    """The widget stores the last known state (and heights) shortly after a fresh render."""
    wait_until(
        page,
        "Object.keys(localStorage).some(k => k.startsWith('reassure:') && "
        "JSON.parse(localStorage[k]).h)",
    )


def forget_http_cache(page: Page) -> None:
    """Empty the browser's HTTP cache (local storage stays), as a later visit would find it."""
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")


def widget(page: Page, slot: str = "main") -> Locator:
    """The widget's root inside a slot (Playwright's CSS locators pierce open shadow roots)."""
    return page.locator(f'[data-reassure-slot="{slot}"] [data-level]')


def kinds(root: Locator) -> list[str]:
    return root.locator("[data-kind]").evaluate_all("blocks => blocks.map(b => b.dataset.kind)")


def host_page(body: str, lang: str = "fr", head: str = "", script_attrs: str = "") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{head}</head><body>"
        f'{body}<script src="/widget.js" data-site="demo" {script_attrs} async></script>'
        "</body></html>"
    )


def serve(page: Page, url: str, html: str, headers: dict | None = None) -> None:
    """Answer `url` with our own HTML page, on the app's origin (so /widget.js is the real one)."""
    page.route(
        url,
        lambda route: route.fulfill(
            status=200, content_type="text/html", body=html, headers=headers or {}
        ),
    )


def watch(page: Page, problems: PageProblems) -> Page:
    page.set_default_timeout(5000)
    page.on("console", lambda message: problems.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("dialog", lambda dialog: (problems.dialogs.append(dialog.message), dialog.dismiss()))
    return page


@contextmanager
def phone(browser: Browser, problems: PageProblems) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 740}, is_mobile=True, has_touch=True
    )
    try:
        yield watch(context.new_page(), problems)
    finally:
        context.close()


class FlakyApi:
    """A real HTTP server standing in front of the real app. It serves the host page and the
    real widget script, and answers the API the way `mode` says: "ok" (passes through to the
    app), "delay" (passes through after `delay` seconds), "slow" (5 s, then passes through),
    "http-500", "garbage", "wrong-shape" or "down" (closes the connection unanswered)."""

    def __init__(self, app_url: str) -> None:
        self.app_url = app_url
        self.mode = "ok"
        self.delay = 1.0
        self.pages: dict[str, tuple[str, dict]] = {}
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def page(self, path: str, html: str, headers: dict | None = None) -> str:
        self.pages[path] = (html, headers or {})
        return self.url + path

    def start(self) -> FlakyApi:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test output quiet
                pass

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                if path in api.pages:
                    html, headers = api.pages[path]
                    return self._send(200, "text/html", html.encode(), headers)
                if path == "/favicon.ico":
                    return self._send(204, "image/x-icon", b"", {})
                if path in ("/widget.js", "/hostile.css"):
                    return self._static(path)
                api.requests.append(self.path)
                return self._api()

            def do_POST(self) -> None:
                self._api()

            def _static(self, path: str) -> None:
                if path == "/widget.js":
                    body = script.load(WIDGET).body
                    return self._send(200, "text/javascript", body, {})
                return self._send(200, "text/css", HOSTILE_CSS.encode(), {})

            def _api(self) -> None:
                mode = api.mode
                if mode == "down":
                    self.close_connection = True
                    return
                if mode == "http-500":
                    return self._send(500, "application/json", b'{"error": {}}', {})
                if mode == "garbage":
                    return self._send(200, "application/json", b"<html>502 Bad Gateway", {})
                if mode == "wrong-shape":
                    return self._send(200, "application/json", b'{"blocks": "x", "level": 9}', {})
                if mode in ("slow", "delay"):
                    time.sleep(5.0 if mode == "slow" else api.delay)
                self._pass_through()

            def _pass_through(self) -> None:
                try:
                    self._copy_answer()
                except (requests.RequestException, OSError):
                    self.close_connection = True  # the app or the page went away mid-answer

            def _copy_answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                answer = requests.request(
                    self.command,
                    api.app_url + self.path,
                    data=self.rfile.read(length) if length else None,
                    headers={"Content-Type": self.headers.get("Content-Type", "text/plain")},
                    stream=True,
                    timeout=30,
                )
                with answer:
                    self.send_response(answer.status_code)
                    for name in ("Content-Type", "Cache-Control", "ETag"):
                        if name in answer.headers:
                            self.send_header(name, answer.headers[name])
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for chunk in answer.iter_content(chunk_size=None):
                        self.wfile.write(chunk)
                        self.wfile.flush()

            def _send(self, status: int, kind: str, body: bytes, headers: dict) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler


# A stylesheet that tries everything to break an embedded widget, and the page's own rules
# for elements whose ids and classes collide with the widget's.
HOSTILE_CSS = """
* { all: unset; }
div { display: none; }
.main-block, main, p, h1, footer { display: block; }
#r, .r, .b, .f, .m, .t, .n { display: block; color: rgb(200, 0, 0) !important;
  font-size: 30px !important; background: rgb(0, 0, 200) !important; }
button, summary, details, blockquote { font-size: 40px !important; color: red !important; }
[data-kind] { display: none !important; }
[hidden] { display: block !important; }
"""
