import pytest

from reassure import audit, ingest, processing, triage
from reassure.errors import InvalidInput


def one_mention(r) -> str:
    ingest.ingest(
        r,
        "demo",
        {"mentions": [{"source": "forum", "external_id": "m1", "text": "Where is my parcel?"}]},
    )
    processing.drain(r, "demo")
    return next(m.id for m in processing.recent_mentions(r, "demo") if m.external_id == "m1")


def test_triage_is_saved_and_audited(r, demo_token):
    mention_id = one_mention(r)
    triage.set_triage(
        r, "demo", mention_id, handled=True, assignee="Ben", note="refunded", by="Ann"
    )
    saved = triage.all_triage(r, "demo")[mention_id]
    assert (saved.handled, saved.assignee, saved.note, saved.by) == (True, "Ben", "refunded", "Ann")
    entry = audit.entries(r, "demo", limit=1)[0]
    assert (entry["action"], entry["who"], entry["why"]) == ("mention.triage", "Ann", "refunded")


def test_triage_of_an_unknown_mention_is_refused_and_nothing_saved(r, demo_token):
    with pytest.raises(InvalidInput, match="mention_id"):
        triage.set_triage(r, "demo", "0-1", handled=True, by="Ann")
    assert triage.all_triage(r, "demo") == {}


def test_a_flagged_mention_needs_attention_until_handled(r, demo_token):
    mention = processing.find_mention(r, "demo", one_mention(r))
    flagged = mention.model_copy(update={"needs_attention": True})
    assert triage.needs_attention(flagged, None)
    assert triage.needs_attention(flagged, triage.Triage(handled=False, note="looking"))
    assert not triage.needs_attention(flagged, triage.Triage(handled=True))
    assert not triage.needs_attention(mention, None)
