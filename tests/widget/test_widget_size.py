"""The widget stays small: what pages download is checked against a budget."""

from __future__ import annotations

import gzip

import requests

from widget import script

from .pages import WIDGET

BUDGET_GZIP_BYTES = 6 * 1024


def test_served_widget_stays_under_6_kb_gzipped(web_url):
    served = requests.get(f"{web_url}/widget.js", timeout=5).content
    assert served == script.load(WIDGET).body
    size = len(gzip.compress(served, compresslevel=9))
    assert size <= BUDGET_GZIP_BYTES, f"widget.js is {size} bytes gzipped"


def test_served_widget_is_the_minified_source():
    source = WIDGET.read_text(encoding="utf-8")
    served = script.load(WIDGET).body.decode()
    assert len(served) < len(source) * 0.75
    assert "reassure:render" in served and "adoptedStyleSheets" in served
