"""The Jinja2 helper, the Flask extension and the example landing page, on the real API."""

from __future__ import annotations

import importlib.util

import pytest
from flask import Flask, render_template_string
from jinja2 import Environment

from funnel_sdk import Client
from funnel_sdk.flask_ext import Reassure
from funnel_sdk.jinja import install
from reassure import state as site_state
from reassure.embedded_redis import free_port
from tests.conftest import ROOT
from tests.sdk.html_outline import outline


def load_example():
    spec = importlib.util.spec_from_file_location("landing", ROOT / "examples/landing/app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_jinja_helper_renders_a_slot_of_the_live_state(web_url, demo_token):
    env = Environment(autoescape=True)
    install(env, Client(web_url, "demo"), locale="en")

    html = env.from_string('<main>{{ reassure_block("checkout") }}</main>').render()

    parsed = outline(html)
    assert parsed.with_class("reassure--slot-checkout")
    assert [a["class"] for a in parsed.with_class("reassure__block")] == [
        "reassure__block reassure__block--guarantee"
    ]
    assert "&lt;" not in html.split(">", 1)[1][:10]  # the fragment is markup, not escaped text


def test_the_jinja_helper_renders_nothing_when_the_api_is_down():
    env = Environment(autoescape=True)
    install(env, Client(f"http://127.0.0.1:{free_port()}", "demo", retries=0))

    assert env.from_string("<main>{{ reassure_block() }}</main>").render() == "<main></main>"


@pytest.fixture
def flask_app(web_url, demo_token):
    app = Flask(__name__)
    app.config.update(REASSURE_URL=web_url, REASSURE_SITE="demo")
    Reassure(app)
    return app


def test_the_flask_extension_follows_the_request_language(flask_app):
    template = "{{ reassure_block(kinds=['guarantee']) }}"
    with flask_app.test_request_context(headers={"Accept-Language": "en-GB,en;q=0.8"}):
        english = render_template_string(template)
    with flask_app.test_request_context(headers={"Accept-Language": "fr-FR"}):
        french = render_template_string(template)

    assert outline(english).with_class("reassure")[0]["lang"] == "en"
    assert outline(french).with_class("reassure")[0]["lang"] == "fr"


def test_the_flask_extension_gives_views_the_typed_state(flask_app, r):
    site_state.set_override(r, "demo", {"level": 2, "reason": "x", "minutes": 5, "by": "t"})
    reassure = Reassure(client=Client(flask_app.config["REASSURE_URL"], "demo"))
    reassure.init_app(flask_app)

    with flask_app.test_request_context():
        assert reassure.state().level_name == "alert"


def test_the_example_landing_page_renders_the_blocks_without_any_script(web_url, demo_token):
    app = load_example().create_app(web_url, "demo")

    response = app.test_client().get("/", headers={"Accept-Language": "en"})

    assert response.status_code == 200
    parsed = outline(response.get_data(as_text=True))
    assert "script" not in parsed.tag_names()
    assert parsed.event_handlers() == []
    assert parsed.with_class("reassure--level-calm")
    assert "30-day money-back guarantee" in parsed.text


def test_the_example_checkout_follows_a_crisis_with_the_offer(web_url, demo_token, r):
    site_state.set_override(r, "demo", {"level": 3, "reason": "x", "minutes": 5, "by": "t"})
    app = load_example().create_app(web_url, "demo")

    response = app.test_client().get("/checkout", headers={"Accept-Language": "en"})

    parsed = outline(response.get_data(as_text=True))
    assert parsed.with_class("reassure--level-crisis")
    assert "SORRY15" in parsed.text


def test_the_example_page_still_renders_when_the_api_is_down():
    app = load_example().create_app(f"http://127.0.0.1:{free_port()}", "demo")

    response = app.test_client().get("/")

    assert response.status_code == 200
    assert "reassure__block" not in response.get_data(as_text=True)
