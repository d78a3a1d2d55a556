from datetime import UTC, datetime, timedelta

import pytest

from reassure import content, display, ingest, processing
from reassure.errors import InvalidInput
from reassure.levels import KINDS_BY_LEVEL, Level
from reassure.sites import get_site


def block(**fields) -> dict:
    return {"kind": "guarantee", "levels": [0], "locale": "en", "title": "T", "body": "B", **fields}


def test_demo_has_approved_content_in_both_locales_at_every_level(r, demo_token):
    site = get_site(r, "demo")
    for level in Level:
        for locale in ("en", "fr"):
            kinds = {b.kind for b in content.select(r, site, level, locale)}
            assert kinds, (level, locale)
            assert kinds <= set(KINDS_BY_LEVEL[level])


def test_only_approved_blocks_are_served(r, demo_token):
    draft = content.add_block(r, "demo", block(body="draft guarantee"), by="ana")
    served = content.select(r, get_site(r, "demo"), Level.CALM, "en")
    assert draft.id not in [b.id for b in served]
    content.set_status(r, "demo", draft.id, "approved", by="ben")
    served = content.select(r, get_site(r, "demo"), Level.CALM, "en")
    assert draft.id in [b.id for b in served]


def test_crisis_leads_with_the_incident_note(r, demo_token):
    served = content.select(r, get_site(r, "demo"), Level.CRISIS, "fr")
    assert served[0].kind == "incident"


def test_calm_never_shows_an_incident_or_an_offer(r, demo_token):
    kinds = {b.kind for b in content.select(r, get_site(r, "demo"), Level.CALM, "en")}
    assert not kinds & {"incident", "offer"}


def test_a_slot_narrows_the_kinds(r, demo_token):
    served = content.select(r, get_site(r, "demo"), Level.CRISIS, "en", "checkout")
    assert {b.kind for b in served} == {"offer", "guarantee"}


def test_an_unknown_slot_is_named_in_the_error(r, demo_token):
    with pytest.raises(InvalidInput, match="slot"):
        display.page_state(r, "demo", "en", "sidebar")


def test_an_expired_offer_is_not_served(r, demo_token):
    gone = content.add_block(
        r,
        "demo",
        block(
            kind="offer", levels=[3], code="OLD", expires_at=datetime.now(UTC) - timedelta(hours=1)
        ),
        by="ana",
        approve=True,
    )
    served = content.select(r, get_site(r, "demo"), Level.CRISIS, "en")
    assert gone.id not in [b.id for b in served]


@pytest.mark.parametrize(
    ("asked", "served"), [("fr-CA", "fr"), ("en_GB", "en"), ("de", "fr"), (None, "fr")]
)
def test_locale_falls_back_to_the_site_default(r, demo_token, asked, served):
    assert display.page_state(r, "demo", asked)["locale"] == served


def test_a_testimonial_is_drafted_from_a_real_mention_with_consent(r, demo_token):
    ingest.ingest(
        r,
        "demo",
        {
            "mentions": [
                {
                    "source": "reviews",
                    "external_id": "t1",
                    "text": "Lovely shop, fast delivery",
                    "lang": "en",
                }
            ]
        },
    )
    processing.drain(r, "demo")
    mention = next(m for m in processing.recent_mentions(r, "demo") if m.external_id == "t1")
    drafted = content.testimonial_from_mention(r, "demo", mention.id, "Sam", by="ana", consent=True)
    assert (drafted.status, drafted.body, drafted.mention_id) == ("draft", mention.text, mention.id)


def test_a_testimonial_needs_the_authors_consent(r, demo_token):
    with pytest.raises(InvalidInput, match="consent"):
        content.testimonial_from_mention(r, "demo", "1-0", "Sam", by="ana", consent=False)


def test_a_block_of_unknown_kind_is_refused_naming_the_kind(r, demo_token):
    with pytest.raises(InvalidInput) as caught:
        content.add_block(r, "demo", block(kind="banner"), by="ana")
    assert caught.value.problems[0][0] == "kind"


def test_editing_an_approved_block_keeps_it_off_pages_until_approved_again(r, demo_token):
    faq = content.add_block(r, "demo", block(kind="faq", levels=[2]), by="ana", approve=True)
    edited = content.update_block(r, "demo", faq.id, {"body": "New answer"}, by="ben")
    assert (edited.status, edited.body) == ("draft", "New answer")
    served = content.select(r, get_site(r, "demo"), Level.ALERT, "en")
    assert faq.id not in [b.id for b in served]
    content.set_status(r, "demo", faq.id, "approved", by="cy")
    served = content.select(r, get_site(r, "demo"), Level.ALERT, "en")
    assert "New answer" in [b.body for b in served if b.id == faq.id]


def test_every_version_is_kept_with_who_made_and_approved_it(r, demo_token):
    faq = content.add_block(r, "demo", block(kind="faq"), by="ana")
    content.set_status(r, "demo", faq.id, "approved", by="ben")
    content.update_block(r, "demo", faq.id, {"body": "Second"}, by="cy")
    versions = content.block_versions(r, "demo", faq.id)
    assert [(v["version"], v["by"], v["action"]) for v in versions] == [
        (1, "ana", "content.create"),
        (2, "ben", "content.approve"),
        (3, "cy", "content.edit"),
    ]
    assert versions[1]["block"].approved_by == "ben"
    assert [v["block"].body for v in versions] == ["B", "B", "Second"]


def test_an_invalid_edit_names_the_field_and_changes_nothing(r, demo_token):
    faq = content.add_block(r, "demo", block(kind="faq"), by="ana")
    with pytest.raises(InvalidInput) as caught:
        content.update_block(r, "demo", faq.id, {"body": "", "status": "approved"}, by="ben")
    assert {name for name, _ in caught.value.problems} == {"status"}
    with pytest.raises(InvalidInput) as caught:
        content.update_block(r, "demo", faq.id, {"body": ""}, by="ben")
    assert caught.value.problems[0][0] == "body"
    assert content.get_block(r, "demo", faq.id) == faq
    assert len(content.block_versions(r, "demo", faq.id)) == 1


def test_a_testimonials_words_cannot_be_edited(r, demo_token):
    quote = next(b for b in content.list_blocks(r, "demo") if b.kind == "testimonial")
    with pytest.raises(InvalidInput, match="real mention"):
        content.update_block(r, "demo", quote.id, {"body": "Even better!"}, by="ben")
    shown = content.update_block(r, "demo", quote.id, {"author": "C. M."}, by="ben")
    assert shown.author == "C. M."


def test_reorder_sets_the_order_pages_show(r, demo_token):
    first = content.add_block(
        r, "demo", block(kind="faq", levels=[2], title="1"), by="a", approve=True
    )
    second = content.add_block(
        r, "demo", block(kind="faq", levels=[2], title="2"), by="a", approve=True
    )
    content.reorder(r, "demo", [second.id, first.id], by="ben")
    faqs = [
        b.id for b in content.select(r, get_site(r, "demo"), Level.ALERT, "en") if b.kind == "faq"
    ]
    assert faqs.index(second.id) < faqs.index(first.id)


def test_reorder_with_an_unknown_block_changes_nothing(r, demo_token):
    before = r.hgetall("reassure:site:demo:content")
    known = content.list_blocks(r, "demo")[0].id
    with pytest.raises(InvalidInput) as caught:
        content.reorder(r, "demo", [known, "nope"], by="ben")
    assert caught.value.problems[0][0] == "block_ids[1]"
    assert r.hgetall("reassure:site:demo:content") == before


def test_a_block_cannot_be_turned_into_a_testimonial(r, demo_token):
    faq = content.add_block(r, "demo", block(kind="faq"), by="ana")
    with pytest.raises(InvalidInput) as caught:
        content.update_block(r, "demo", faq.id, {"kind": "testimonial"}, by="ben")
    assert caught.value.problems[0][0] == "kind"
