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
