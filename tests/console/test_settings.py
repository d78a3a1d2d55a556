"""Settings: tuning with a calibration preview, origins, token rotation, webhooks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from reassure import audit, ingest, notifications, sites

from .driver import button, errors, log_in, open_page, successes


def config(r) -> dict:
    return r.hgetall("reassure:site:demo:config")


def test_saving_the_sensitivity_is_stored_and_audited(console, r, demo_token):
    at = open_page(log_in(console), "settings")
    at.selectbox(key="tuning_demo_sensitivity").select("high")
    button(at, "Save detector settings").click()
    at.run()
    assert "Detector settings saved" in successes(at)
    assert sites.get_site(r, "demo").tuning.sensitivity == "high"
    assert audit.entries(r, "demo", limit=1)[0]["who"] == "Alice"


def test_an_invalid_threshold_is_refused_naming_it_and_nothing_is_saved(console, r, demo_token):
    at = open_page(log_in(console), "settings")
    before = config(r)
    at.number_input(key="tuning_demo_cooldown_minutes").set_value(-5)
    button(at, "Save detector settings").click()
    at.run()
    assert "tuning.cooldown_minutes" in errors(at)
    assert "Nothing was saved" in errors(at)
    assert config(r) == before


def test_the_calibration_preview_compares_settings_without_saving(console, r, demo_token, work):
    ten_minutes_ago = (datetime.now(UTC) - timedelta(minutes=10)).isoformat()
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {
                    "source": "x",
                    "external_id": f"c{i}",
                    "lang": "en",
                    "created_at": ten_minutes_ago,
                    "text": "Scam! Terrible, they stole my money, awful",
                }
                for i in range(12)
            ]
        },
    )
    work()
    at = open_page(log_in(console), "settings")
    before = config(r)
    at.selectbox(key="tuning_demo_sensitivity").select("low")
    at.slider(key="calibration_days").set_value(1)
    button(at, "Preview calibration").click()
    at.run()
    assert not at.exception
    summary = next(t.value for t in at.text if t.value.startswith("Last 1 day(s)"))
    assert "with the current settings" in summary and "Nothing is saved yet" in summary
    table = next(t.value for t in at.dataframe if "settings" in t.value.columns)
    assert {"current settings", "candidate settings"} <= set(table["settings"])
    assert config(r) == before


def test_an_invalid_embed_origin_is_refused_by_name(console, r, demo_token):
    at = open_page(log_in(console), "settings")
    before = config(r)
    next(t for t in at.text_area if t.label.startswith("Allowed embed origins")).input(
        "https://shop.example\njavascript:alert(1)"
    )
    button(at, "Save site settings").click()
    at.run()
    assert "allowed_origins[1]" in errors(at)
    assert config(r) == before


def test_allowed_origins_are_saved(console, r, demo_token):
    at = open_page(log_in(console), "settings")
    next(t for t in at.text_area if t.label.startswith("Allowed embed origins")).input(
        "https://shop.example\nhttps://checkout.example:8443/"
    )
    button(at, "Save site settings").click()
    at.run()
    assert sites.get_site(r, "demo").allowed_origins == [
        "https://shop.example",
        "https://checkout.example:8443",
    ]


def test_token_rotation_shows_the_new_token_once_and_the_old_one_stops(console, r, demo_token):
    at = open_page(log_in(console), "settings")
    at.checkbox(key="rotate_confirm").check().run()
    at.button(key="rotate_token").click()
    at.run()
    shown = [c.value for c in at.code]
    assert len(shown) == 1
    assert sites.token_is_valid(r, "demo", shown[0])
    assert not sites.token_is_valid(r, "demo", demo_token)
    assert audit.entries(r, "demo", limit=1)[0]["action"] == "site.token_rotated"
    at.run()
    assert not at.code  # shown once


def test_a_webhook_with_a_bad_url_is_refused_and_a_good_one_is_listed(console, r, demo_token):
    at = open_page(log_in(console), "settings")
    at.text_input(key="endpoint_url").input("ftp://nope")
    button(at, "Add endpoint").click()
    at.run()
    assert "url" in errors(at).lower()
    assert notifications.list_endpoints(r, "demo") == []
    at.text_input(key="endpoint_url").input("https://hooks.example/reassure")
    at.selectbox(key="endpoint_form").select("slack")
    button(at, "Add endpoint").click()
    at.run()
    [endpoint] = notifications.list_endpoints(r, "demo")
    assert (endpoint.url, endpoint.form) == ("https://hooks.example/reassure", "slack")
    assert [c.value for c in at.code] == [endpoint.secret]
