import pytest

from reassure import audit, sites
from reassure.errors import InvalidInput


def test_settings_change_is_saved_merged_and_audited(r, demo_token):
    updated = sites.update_site(
        r,
        "demo",
        {"tuning": {"sensitivity": "high"}, "allowed_origins": ["https://shop.example/"]},
        by="Ann",
    )
    assert updated.tuning.sensitivity == "high"
    assert sites.get_site(r, "demo").allowed_origins == ["https://shop.example"]
    assert sites.get_site(r, "demo").tuning.window_minutes == updated.tuning.window_minutes
    entry = audit.entries(r, "demo", limit=1)[0]
    assert (entry["who"], entry["action"]) == ("Ann", "site.settings")
    assert "sensitivity" in entry["what"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"allowed_origins": ["javascript:alert(1)"]}, "allowed_origins[0]"),
        ({"allowed_origins": ["https://shop.example/path"]}, "allowed_origins[0]"),
        ({"tuning": {"cooldown_minutes": -5}}, "tuning.cooldown_minutes"),
        ({"tuning": {"sensitivity": "extreme"}}, "tuning.sensitivity"),
        ({"slug": "other"}, "slug"),
    ],
)
def test_an_invalid_setting_is_refused_by_name_and_nothing_is_written(
    r, demo_token, changes, field
):
    before = r.hgetall("reassure:site:demo:config")
    with pytest.raises(InvalidInput) as caught:
        sites.update_site(r, "demo", {"name": "New name", **changes}, by="Ann")
    assert field in [name for name, _ in caught.value.problems]
    assert r.hgetall("reassure:site:demo:config") == before
