"""Testimonials: the approval queue, approved ones, retiring; quotes shown as text."""

from __future__ import annotations

from reassure import content, ingest, processing

from .driver import log_in, open_page, rendered_markup
from .hostile import HOSTILE_TEXTS, hostile_batch


def draft_from(r, work, batch: dict, external_id: str) -> content.Block:
    ingest.ingest(r, "demo", batch)
    work()
    mention = next(m for m in processing.recent_mentions(r, "demo") if m.external_id == external_id)
    return content.testimonial_from_mention(r, "demo", mention.id, "Sam", by="Bob", consent=True)


def positive(external_id: str, text: str) -> dict:
    return {
        "mentions": [{"source": "reviews", "external_id": external_id, "lang": "en", "text": text}]
    }


def test_a_draft_waits_in_the_queue_and_approving_it_publishes_it(console, r, demo_token, work):
    draft = draft_from(r, work, positive("t1", "Great quality, lovely team"), "t1")
    at = open_page(log_in(console), "testimonials")
    assert "Waiting for approval (1)" in [h.value for h in at.subheader]
    at.button(key=f"t_approve_{draft.id}").click()
    at.run()
    approved = content.get_block(r, "demo", draft.id)
    assert (approved.status, approved.approved_by) == ("approved", "Alice")
    assert "Waiting for approval (0)" in [h.value for h in at.subheader]


def test_retiring_an_approved_testimonial_takes_it_off_pages(console, r, demo_token):
    quote = next(b for b in content.list_blocks(r, "demo") if b.kind == "testimonial")
    at = open_page(log_in(console), "testimonials")
    at.button(key=f"t_retire_{quote.id}").click()
    at.run()
    assert content.get_block(r, "demo", quote.id).status == "retired"


def test_rejecting_a_draft_retires_it(console, r, demo_token, work):
    draft = draft_from(r, work, positive("t2", "Lovely, fast and kind"), "t2")
    at = open_page(log_in(console), "testimonials")
    at.button(key=f"t_reject_{draft.id}").click()
    at.run()
    assert content.get_block(r, "demo", draft.id).status == "retired"


def test_hostile_quotes_are_shown_as_text(console, r, demo_token, work):
    draft = draft_from(r, work, hostile_batch(), "hostile-0")
    at = open_page(log_in(console), "testimonials")
    assert draft.body in [t.value for t in at.text]
    assert draft.body == HOSTILE_TEXTS[0]
    assert not any("<script" in value for value in rendered_markup(at))
    assert not at.get("html")
