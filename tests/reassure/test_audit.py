import csv
import io

import pytest

from reassure import audit, content, state
from reassure.errors import InvalidInput


def test_an_override_set_and_cleared_is_audited_with_who_what_and_why(r, demo_token):
    state.set_override(
        r, "demo", {"level": "alert", "reason": "press article", "by": "Ann", "minutes": 60}
    )
    state.clear_override(r, "demo", "Ben")
    latest, earlier = audit.entries(r, "demo", limit=2)
    assert (earlier["who"], earlier["action"], earlier["why"]) == (
        "Ann",
        "override.set",
        "press article",
    )
    assert "alert" in earlier["what"]
    assert (latest["who"], latest["action"]) == ("Ben", "override.clear")


def test_a_refused_override_leaves_no_audit_entry(r, demo_token):
    before = audit.entries(r, "demo")
    with pytest.raises(InvalidInput):
        state.set_override(r, "demo", {"level": "alert", "reason": " ", "by": "Ann", "minutes": 5})
    assert audit.entries(r, "demo") == before


def test_content_changes_are_audited(r, demo_token):
    block = content.add_block(
        r, "demo", {"kind": "faq", "locale": "en", "title": "Q", "body": "A"}, by="Ann"
    )
    content.set_status(r, "demo", block.id, "approved", by="Ben")
    actions = [(e["who"], e["action"]) for e in audit.entries(r, "demo", limit=2)]
    assert actions == [("Ben", "content.approve"), ("Ann", "content.create")]


def test_the_audit_exports_as_csv_with_a_utc_time(r, demo_token):
    audit.record(r, "demo", who="Ann", action="test.note", what='quoted "x", y', why="because")
    rows = list(csv.DictReader(io.StringIO(audit.to_csv(audit.entries(r, "demo", limit=1)))))
    assert rows[0]["what"] == 'quoted "x", y'
    assert rows[0]["time"].endswith("+00:00")
    assert list(rows[0]) == list(audit.CSV_COLUMNS)


def test_an_audit_entry_needs_a_who(r, demo_token):
    with pytest.raises(InvalidInput, match="by"):
        audit.record(r, "demo", who=" ", action="x", what="y")
