"""funnel_sdk against the real app (gunicorn) and a real Redis, with real RQ workers."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
import requests

from funnel_sdk import (
    ApiError,
    AuthError,
    Block,
    Client,
    ConnectionFailed,
    IngestResult,
    InvalidRequest,
    Mention,
    NotFound,
    State,
    TokenRequired,
)
from reassure import processing
from reassure.embedded_redis import free_port
from reassure.store import Keys

NEGATIVE_EN = [
    "This is a scam, terrible service, I want my money back!",
    "Worst purchase ever. Awful quality and rude support.",
    "Horrible experience, the product broke after one day. Never again.",
    "Disgusting customer service, they ignored my complaint. Avoid!",
    "Terrible, awful, useless. I hate this company.",
]


def negative_burst(count: int, prefix: str = "burst") -> list[dict]:
    return [
        {
            "source": "twitter",
            "external_id": f"{prefix}-{i}",
            "text": NEGATIVE_EN[i % len(NEGATIVE_EN)],
            "lang": "en",
        }
        for i in range(count)
    ]


@pytest.fixture
def public(web_url, demo_token):
    with Client(web_url, "demo") as client:
        yield client


@pytest.fixture
def admin(web_url, demo_token):
    with Client(web_url, "demo", token=demo_token) as client:
        yield client


class CountingSession(requests.Session):
    def __init__(self) -> None:
        super().__init__()
        self.bodies: list[bytes] = []

    def request(self, method, url, *args, **kwargs):
        self.bodies.append(kwargs.get("data") or b"")
        return super().request(method, url, *args, **kwargs)


# -- public state ---------------------------------------------------------------------------


def test_state_returns_the_demo_calm_content_as_typed_blocks(public):
    state = public.state(locale="en")

    assert isinstance(state, State)
    assert (state.level, state.level_name, state.locale, state.slot) == (0, "calm", "en", None)
    assert state.site == "demo"
    assert all(isinstance(block, Block) for block in state.blocks)
    kinds = [b.kind for b in state.blocks]
    assert kinds == ["testimonial", "testimonial", "guarantee", "reassurance"]
    claire = next(b for b in state.of_kind("testimonial") if b.author == "Claire M.")
    assert claire.body == "Arrived in two days, exactly as described. Will order again."
    assert (claire.source, claire.rating) == ("reviews", 5.0)
    assert isinstance(claire.date, dt.date)
    assert claire.id
    assert state.of_kind("guarantee")[0].title == "30-day money-back guarantee"


def test_state_is_immutable(public):
    state = public.state()

    with pytest.raises(AttributeError):
        state.level = 3  # type: ignore[misc]
    assert isinstance(state.blocks, tuple)


def test_state_without_locale_serves_the_site_default_locale(public):
    assert public.state().locale == "fr"


def test_state_of_a_slot_shows_only_the_slot_kinds(public):
    state = public.state(locale="fr", slot="checkout")

    assert state.slot == "checkout"
    assert {b.kind for b in state.blocks} == {"guarantee"}


def test_strict_state_of_an_unknown_slot_raises_invalid_request_naming_slot(public):
    with pytest.raises(InvalidRequest) as caught:
        public.state(slot="sidebar", strict=True)

    assert caught.value.status == 422
    assert caught.value.field_names == ("slot",)


def test_strict_state_of_an_unknown_site_raises_not_found(web_url, demo_token):
    with Client(web_url, "no-such-site") as client, pytest.raises(NotFound) as caught:
        client.state(strict=True)

    assert caught.value.status == 404
    assert caught.value.code == "unknown_site"


# -- ingest and processing ------------------------------------------------------------------


def test_ingest_stores_new_mentions_and_returns_their_stream_ids(admin, r):
    result = admin.ingest(negative_burst(3, "stored"))

    assert isinstance(result, IngestResult)
    assert (result.accepted, result.duplicates, result.requests) == (3, 0, 1)
    stream = Keys("demo").mentions
    for stream_id in result.ids:
        assert r.xrange(stream, stream_id, stream_id)


def test_ingest_accepts_mention_objects_with_datetimes(admin, work, r):
    when = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3)
    mention = Mention(
        source="reviews",
        external_id="obj-1",
        text="Lovely shop, quick delivery.",
        created_at=when,
        author="Ana",
        lang="en",
        rating=5,
        reach=120,
    )

    result = admin.ingest([mention])
    work()

    assert result.accepted == 1
    stored = processing.find_mention(r, "demo", result.ids[0] or "")
    assert stored is not None
    assert stored.created_at == when
    assert (stored.author, stored.rating, stored.reach, stored.sentiment) == (
        "Ana",
        5.0,
        120,
        "positive",
    )


def test_ingesting_the_same_external_ids_again_counts_duplicates(admin):
    mentions = negative_burst(4, "again")
    admin.ingest(mentions)

    result = admin.ingest(mentions + negative_burst(1, "fresh"))

    assert (result.accepted, result.duplicates) == (1, 4)
    assert result.ids[:4] == (None, None, None, None)


def test_ingest_sends_at_most_500_mentions_per_request_and_sums_the_totals(web_url, demo_token):
    session = CountingSession()
    mentions = (
        {"source": "forum", "external_id": f"bulk-{i}", "text": f"Post number {i}", "lang": "en"}
        for i in range(1200)
    )
    with Client(web_url, "demo", token=demo_token, session=session) as client:
        result = client.ingest(mentions)

    assert (result.accepted, result.duplicates, result.requests) == (1200, 0, 3)
    assert [body.count(b'"external_id"') for body in session.bodies] == [500, 500, 200]


def test_an_invalid_mention_raises_invalid_request_naming_the_field(admin):
    with pytest.raises(InvalidRequest) as caught:
        admin.ingest([{"source": "reviews", "external_id": "empty", "text": ""}])

    assert caught.value.status == 422
    assert "mentions[0].text" in caught.value.field_names


def test_an_invalid_mention_in_a_later_batch_is_named_by_its_index_in_the_whole_input(admin):
    mentions = negative_burst(600, "later")
    mentions[550] = {**mentions[550], "lang": "de"}

    with pytest.raises(InvalidRequest) as caught:
        admin.ingest(mentions)

    assert caught.value.field_names == ("mentions[550].lang",)


def test_processing_a_burst_of_negative_mentions_raises_the_state_to_crisis(admin, public, work):
    admin.ingest(negative_burst(15))
    assert public.state().level == 0

    work()

    state = public.state(locale="en")
    assert (state.level, state.level_name) == (3, "crisis")
    assert state.blocks[0].kind == "incident"
    assert admin.admin_state()["computed"] == 3


# -- override -------------------------------------------------------------------------------


def test_set_override_changes_the_level_pages_show(admin, public):
    answer = admin.set_override("crisis", "drill", minutes=10, by="ana")

    assert answer["effective"] == 3
    assert answer["override"]["by"] == "ana"
    state = public.state(locale="en")
    assert state.level == 3
    offer = state.of_kind("offer")[0]
    assert offer.code == "SORRY15"
    assert isinstance(offer.expires_at, dt.datetime)


def test_set_override_until_a_datetime(admin, public):
    until = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)

    answer = admin.set_override(2, "press article", until=until)

    assert answer["override"]["until"] == pytest.approx(until.timestamp())
    assert public.state().level == 2


def test_clear_override_returns_pages_to_the_computed_level(admin, public):
    admin.set_override(3, "drill", minutes=10)

    answer = admin.clear_override(by="ana")

    assert (answer["effective"], answer["override"]) == (0, None)
    assert public.state().level == 0
    assert admin.history()[0]["cause"] == "override cleared by ana"


def test_an_override_without_expiry_raises_invalid_request_naming_until(admin):
    with pytest.raises(InvalidRequest) as caught:
        admin.set_override(3, "drill")

    assert caught.value.field_names == ("until",)


# -- errors ---------------------------------------------------------------------------------


def test_a_wrong_token_raises_auth_error(web_url, demo_token):
    with Client(web_url, "demo", token="wrong") as client, pytest.raises(AuthError) as caught:
        client.admin_state()

    assert (caught.value.status, caught.value.code) == (401, "invalid_token")


def test_an_admin_call_on_an_unknown_site_raises_not_found(web_url, demo_token):
    with Client(web_url, "nope", token=demo_token) as client, pytest.raises(NotFound):
        client.admin_state()


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.admin_state(),
        lambda c: c.ingest([]),
        lambda c: c.set_override(3, "drill", minutes=5),
        lambda c: c.clear_override(),
    ],
    ids=["admin_state", "ingest", "set_override", "clear_override"],
)
def test_an_admin_call_without_token_raises_token_required_before_any_request(call):
    # Nothing listens there: a request would raise ConnectionFailed instead.
    with Client(f"http://127.0.0.1:{free_port()}", "demo") as client, pytest.raises(TokenRequired):
        call(client)


def test_strict_state_from_an_unreachable_base_url_raises_connection_failed():
    client = Client(f"http://127.0.0.1:{free_port()}", "demo", strict=True)

    with client, pytest.raises(ConnectionFailed):
        client.state()


def test_a_server_that_does_not_answer_in_time_raises_connection_failed():
    with socket.socket() as silent:  # accepts connections (kernel backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        client = Client(f"http://127.0.0.1:{port}", "demo", timeout=0.3, retries=0, strict=True)
        with client, pytest.raises(ConnectionFailed, match="no answer within"):
            client.state()


def test_api_errors_share_one_base_class_and_name_status_and_code(web_url, demo_token):
    with Client(web_url, "nope", strict=True) as client, pytest.raises(ApiError) as caught:
        client.state()

    assert isinstance(caught.value, NotFound)
    assert "404 unknown_site" in str(caught.value)


def test_a_base_url_without_scheme_is_refused_at_construction():
    with pytest.raises(ValueError, match="base_url"):
        Client("localhost:8000", "demo")
