"""Mentions: filters, text as text, triage, and testimonial drafts with consent."""

from __future__ import annotations

from reassure import content, ingest, processing, triage

from .driver import button, errors, log_in, open_page, rendered_markup, table_cells
from .hostile import HOSTILE_TEXTS, assert_shown_as_text, hostile_batch


def seed(r, work) -> None:
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {
                    "source": "reviews",
                    "external_id": "p1",
                    "lang": "en",
                    "text": "Wonderful shop, fast delivery, lovely service!",
                },
                {
                    "source": "twitter",
                    "external_id": "n1",
                    "lang": "en",
                    "reach": 2_000_000,
                    "text": "Terrible scam, they stole my money. Awful!",
                },
                {
                    "source": "forum",
                    "external_id": "f1",
                    "lang": "fr",
                    "text": "Livraison rapide, très contente",
                },
            ]
        },
    )
    work()


def shown_ids(at) -> list[str]:
    return list(next(t.value for t in at.dataframe if "text" in t.value.columns)["id"])


def mention_id(r, external_id: str) -> str:
    return next(m.id for m in processing.recent_mentions(r, "demo") if m.external_id == external_id)


def test_filters_narrow_the_table(console, r, demo_token, work):
    seed(r, work)
    at = open_page(log_in(console), "mentions")
    assert len(shown_ids(at)) == 3  # the last 24 h by default
    at.multiselect(key="mentions_source").set_value(["twitter"]).run()
    assert shown_ids(at) == [mention_id(r, "n1")]
    at.multiselect(key="mentions_source").set_value([]).run()
    at.multiselect(key="mentions_lang").set_value(["fr"]).run()
    at.multiselect(key="mentions_sentiment").set_value(["positive"]).run()
    assert shown_ids(at) == [mention_id(r, "f1")]


def test_needs_attention_filter_shows_only_flagged_unhandled_mentions(console, r, demo_token, work):
    seed(r, work)
    at = open_page(log_in(console), "mentions")
    at.checkbox(key="mentions_attention").check().run()
    assert shown_ids(at) == [mention_id(r, "n1")]
    triage.set_triage(r, "demo", mention_id(r, "n1"), handled=True, by="Bob")
    at.run()
    assert "No mention matches these filters." in [t.value for t in at.text]


def test_time_range_hides_older_mentions(console, r, demo_token, work):
    seed(r, work)
    at = open_page(log_in(console), "mentions")
    at.selectbox(key="mentions_range").select("7 days").run()
    assert len(shown_ids(at)) == 3 + 4  # the demo's own reviews are three days old
    at.selectbox(key="mentions_range").select("1 h").run()
    assert len(shown_ids(at)) == 3


def test_triage_from_the_page_is_saved_and_signed(console, r, demo_token, work):
    seed(r, work)
    at = open_page(log_in(console), "mentions")
    at.selectbox(key="mentions_chosen").select(mention_id(r, "n1")).run()
    next(c for c in at.checkbox if c.label == "Handled").check()
    next(t for t in at.text_input if t.label == "Assignee").input("Ben")
    next(t for t in at.text_area if t.label == "Note").input("called the customer")
    button(at, "Save triage").click()
    at.run()
    assert not at.exception
    saved = triage.all_triage(r, "demo")[mention_id(r, "n1")]
    assert (saved.handled, saved.assignee, saved.note, saved.by) == (
        True,
        "Ben",
        "called the customer",
        "Alice",
    )


def test_promoting_without_consent_is_refused_and_nothing_is_saved(console, r, demo_token, work):
    seed(r, work)
    before = len(content.list_blocks(r, "demo"))
    at = open_page(log_in(console), "mentions")
    at.selectbox(key="mentions_chosen").select(mention_id(r, "p1")).run()
    at.text_input(key="promote_name").input("Sam")
    button(at, "Create testimonial draft").click()
    at.run()
    assert "Consent" in errors(at)
    assert "Nothing was saved" in errors(at)
    assert len(content.list_blocks(r, "demo")) == before


def test_promoting_with_consent_creates_a_draft_quoting_the_mention(console, r, demo_token, work):
    seed(r, work)
    at = open_page(log_in(console), "mentions")
    at.selectbox(key="mentions_chosen").select(mention_id(r, "p1")).run()
    at.text_input(key="promote_name").input("Sam B.")
    at.checkbox(key="promote_consent").check()
    button(at, "Create testimonial draft").click()
    at.run()
    assert not at.error
    draft = next(b for b in content.list_blocks(r, "demo") if b.mention_id == mention_id(r, "p1"))
    assert (draft.status, draft.author, draft.created_by) == ("draft", "Sam B.", "Alice")
    assert draft.body == "Wonderful shop, fast delivery, lovely service!"


def test_a_negative_mention_cannot_become_a_testimonial(console, r, demo_token, work):
    seed(r, work)
    at = open_page(log_in(console), "mentions")
    at.selectbox(key="mentions_chosen").select(mention_id(r, "n1")).run()
    at.text_input(key="promote_name").input("Sam")
    at.checkbox(key="promote_consent").check()
    button(at, "Create testimonial draft").click()
    at.run()
    assert "negative mention cannot become a testimonial" in errors(at)


def test_hostile_mentions_are_shown_as_text_in_the_table_and_the_detail(
    console, r, demo_token, work
):
    ingest.ingest(r, "demo", hostile_batch())
    work()
    at = open_page(log_in(console), "mentions")
    assert_shown_as_text(table_cells(at), rendered_markup(at), at)
    chosen = at.selectbox(key="mentions_chosen").value
    full = next(m.text for m in processing.recent_mentions(r, "demo") if m.id == chosen)
    assert f"Full text:\n{full}" in [t.value for t in at.text]
    assert full in HOSTILE_TEXTS
