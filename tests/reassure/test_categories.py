"""Critical categories and calls for a human, in French and English."""

import pytest

from reassure.categories import CATEGORIES, categories_of, intents_of
from reassure.scoring import score


@pytest.mark.parametrize(
    ("text", "lang", "category"),
    [
        ("They leaked my data, my password was stolen", "en", "data_leak"),
        ("Fuite de données chez eux, mes données ont été volées", "fr", "data_leak"),
        ("This is fraud, they charged me twice", "en", "fraud"),
        ("Ce sont des escrocs, débité deux fois", "fr", "fraud"),
        ("Total scam, and the reviews are fake reviews", "en", "scam"),
        ("Arnaque, que des faux avis", "fr", "scam"),
        ("My lawyer is preparing a class action", "en", "legal"),
        ("Je vais porter plainte auprès de la DGCCRF", "fr", "legal"),
        ("The website is down again, can't pay", "en", "outage"),
        ("Le site est en panne, impossible de payer", "fr", "outage"),
        ("Still waiting for my parcel, I want a refund", "en", "refund_delivery"),
        ("Colis perdu, toujours pas reçu, remboursez-moi", "fr", "refund_delivery"),
        ("Their shop got hacked, and now a boycott campaign", "en", "attack"),
        ("Site piraté, campagne de dénigrement et fake news", "fr", "attack"),
    ],
)
def test_each_category_is_found_in_both_languages(text, lang, category):
    assert category in categories_of(text, lang)


def test_every_category_has_a_severity_from_zero_to_three():
    assert all(0 <= c.severity <= 3 and c.min_mentions >= 1 for c in CATEGORIES.values())


def test_ordinary_talk_has_no_category():
    assert categories_of("Lovely dress, fast shipping, thanks", "en") == []
    assert categories_of("Jolie robe, livraison rapide, merci", "fr") == []


def test_words_inside_other_words_do_not_count():
    assert categories_of("I bought a scampi sandwich and a courtyard chair", "en") == []


@pytest.mark.parametrize(
    ("text", "lang", "intent"),
    [
        ("I want my money back now", "en", "refund demand"),
        ("Je veux être remboursé", "fr", "refund demand"),
        ("I will sue you, see you in court", "en", "legal threat"),
        ("Mon avocat vous enverra une mise en demeure", "fr", "legal threat"),
        ("This is unacceptable, nobody answers", "en", "direct complaint"),
        ("C'est inadmissible, personne ne répond", "fr", "direct complaint"),
    ],
)
def test_calls_for_a_human_are_found(text, lang, intent):
    assert intent in intents_of(text, lang)


def test_a_negative_mention_with_high_reach_needs_a_human():
    scored = score("Terrible product, avoid", "en", reach=250_000)
    assert scored.attention_reasons == ["negative mention seen by 250,000 people"]


def test_a_refund_demand_needs_a_human():
    assert "refund demand" in score("Awful. I want my money back!", "en").attention_reasons


def test_a_data_leak_needs_a_human_even_when_the_tone_is_neutral():
    scored = score("My data was leaked from your site", "en")
    assert scored.sentiment != "positive"
    assert scored.attention_reasons == ["critical category: data leak or security breach"]


def test_a_positive_mention_raises_no_category_and_no_flag():
    scored = score("No scam at all, I love this shop, refund was quick!", "en", reach=10**6)
    assert scored.sentiment == "positive"
    assert (scored.categories, scored.attention_reasons) == ([], [])


def test_an_ordinary_complaint_does_not_need_a_human():
    assert score("The colour is a bit dull, disappointed", "en").attention_reasons == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Toujours pas reçu ma commande, c'est une honte", "fr"),
        ("Je ne recommande pas, la qualité est mauvaise", "fr"),
        ("Still no news about my order, this is a shame", "en"),
        ("The quality is bad and I would not recommend it", "en"),
    ],
)
def test_the_language_is_detected_without_the_statistical_model_for_clear_text(text, lang):
    from reassure.scoring import detect_language

    assert detect_language(text, fallback="fr" if lang == "en" else "en") == lang
