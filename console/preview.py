"""The content preview: the real static/widget.js, in a sandboxed page of its own, fed the
state of a chosen level and locale instead of the live API — so staff see exactly what the
widget draws without changing what the live site shows."""

from __future__ import annotations

import html
import json
from pathlib import Path

WIDGET_JS = Path(__file__).resolve().parent.parent / "static" / "widget.js"

# Stands in for the API inside the preview page only: every state request gets the preview
# state, live events are off (the widget falls back to polling, which gets the same state)
# and beacons go nowhere, so previews never count as impressions.
_API_STAND_IN = """
(function () {
  var state = %s;
  window.EventSource = undefined;
  window.fetch = function (url) {
    var body = String(url).indexOf("/state") >= 0 ? JSON.stringify(state) : null;
    return Promise.resolve(new Response(body, {
      status: body ? 200 : 204, headers: {"Content-Type": "application/json"}
    }));
  };
  if (navigator.sendBeacon) navigator.sendBeacon = function () { return true; };
})();
"""


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element, whatever the strings contain."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def widget_page(state: dict, widget_js: str | None = None) -> str:
    """A complete HTML page that runs the real widget against `state`."""
    source = WIDGET_JS.read_text() if widget_js is None else widget_js
    source = source.replace("</script", "<\\/script")  # cannot end its element early
    site = html.escape(state["site"], quote=True)
    locale = html.escape(state["locale"], quote=True)
    return (
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        # The widget derives its API address from its own URL; an inline script has none,
        # so give the page a base (never contacted: the stand-in answers every request).
        '<base href="https://preview.invalid/">'
        "<style>body{margin:0;padding:8px;font-family:system-ui,sans-serif;background:#fff}"
        "</style></head><body>"
        '<div data-reassure-slot="main"></div>'
        f"<script>{_API_STAND_IN % script_json(state)}</script>"
        f'<script data-site="{site}" data-locale="{locale}">{source}</script>'
        "</body></html>"
    )
