import pytest

from reassure import ingest
from reassure.errors import InvalidInput, UnknownSite
from reassure.store import Keys


def mention(i: int = 1, **fields) -> dict:
    return {"source": "reviews", "external_id": f"r{i}", "text": "Great shop", **fields}


def test_an_accepted_mention_is_in_the_stream_before_the_call_returns(r, demo_token):
    before = r.xlen(Keys("demo").mentions)
    result = ingest.ingest(r, "demo", {"mentions": [mention()]})
    assert result.accepted == 1
    assert r.xlen(Keys("demo").mentions) == before + 1


def test_ingest_is_idempotent_by_source_and_external_id(r, demo_token):
    ingest.ingest(r, "demo", {"mentions": [mention(1)]})
    again = ingest.ingest(r, "demo", {"mentions": [mention(1), mention(1, source="forum")]})
    assert (again.accepted, again.duplicates) == (1, 1)


def test_duplicates_inside_one_batch_are_stored_once(r, demo_token):
    result = ingest.ingest(r, "demo", {"mentions": [mention(7), mention(7)]})
    assert (result.accepted, result.duplicates) == (1, 1)


def test_one_bad_mention_rejects_the_whole_batch_and_stores_nothing(r, demo_token):
    before = r.xlen(Keys("demo").mentions)
    with pytest.raises(InvalidInput) as caught:
        ingest.ingest(r, "demo", {"mentions": [mention(1), mention(2, text="")]})
    assert caught.value.problems[0][0] == "mentions[1].text"
    assert r.xlen(Keys("demo").mentions) == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"mentions": [mention(text="x" * 5001)]}, "mentions[0].text"),
        ({"mentions": [mention(reach="many")]}, "mentions[0].reach"),
        ({"mentions": [{"source": "reviews", "text": "hi"}]}, "mentions[0].external_id"),
        ({"mentions": [mention(created_at="2999-01-01T00:00:00Z")]}, "mentions[0].created_at"),
        ({"mentions": [mention(colour="red")]}, "mentions[0].colour"),
        ({"mentions": []}, "mentions"),
        ({"items": []}, "mentions"),
        ([mention()], "body"),
    ],
)
def test_bad_input_names_the_wrong_field(r, demo_token, payload, field):
    with pytest.raises(InvalidInput) as caught:
        ingest.ingest(r, "demo", payload)
    assert field in [f for f, _ in caught.value.problems]


def test_ingest_for_an_unknown_site_is_refused(r):
    with pytest.raises(UnknownSite):
        ingest.ingest(r, "nope", {"mentions": [mention()]})


def test_many_batches_queue_a_single_processing_job(r, demo_token):
    from reassure.dispatch import queue

    queue(r).empty()
    r.delete(Keys("demo").processing_requested)
    for i in range(5):
        ingest.ingest(r, "demo", {"mentions": [mention(100 + i)]})
    assert queue(r).count == 1
