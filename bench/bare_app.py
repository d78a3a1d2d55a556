"""The baseline for bench_state.py: a bare Flask app with one route returning a small JSON,
on the same path as the real state endpoint, served by the same gunicorn settings."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)

_STATE = {
    "site": "demo",
    "level": 0,
    "level_name": "calm",
    "locale": "fr",
    "slot": None,
    "version": 1,
    "blocks": [{"kind": "guarantee", "title": "Satisfait ou remboursé", "body": "30 jours."}],
}


@app.get("/v1/sites/<site>/state")
def state(site: str):
    return _STATE
