"""Sentiment, language, critical categories and calls for a human, for one mention.

VADER scores English and the French VADER lexicon scores French. The language, when the
source does not say, is decided from cheap evidence first (common function words and French
diacritics, one regex scan each); the statistical identifier (py3langid, ~100 µs a call)
only settles the texts that evidence leaves ambiguous.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import cache

from .categories import CATEGORIES, Found, find

# VADER's conventional cut-offs on the compound score.
NEGATIVE_BELOW = -0.05
POSITIVE_ABOVE = 0.05
# Below this confidence the identifier's guess is no better than the site's default locale.
MIN_LANG_CONFIDENCE = 0.7
# Evidence needed to skip the identifier: this many more hits for one language.
LANG_MARGIN = 2
# A negative mention seen by this many people needs a human, whatever it says.
ATTENTION_REACH = 10_000

_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœ']+")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common function words of each language (none shared), for the cheap first decision.
_FRENCH_WORDS = _word_set(
    """le la les des du de et est une un je pas ne pour que qui mon ma mes avec très sur au aux
    ce cette il elle nous vous ils toujours plus mais c'est j'ai n'est rien merci bonjour chez
    depuis après votre notre leur sont été quand sera quelqu'un sait nouveau en ont ai suis où
    donc aussi jamais trop vraiment parce y ça tout tous être avoir fait sans lui moi ces ses
    sa même bien"""
)
_ENGLISH_WORDS = _word_set(
    """the and is was my i you to of for it this not with have they are on at but very me
    after still what does anyone just from your our their been were will would can't don't
    i'm it's thanks thank when why who about ever in nobody two an be so all any got has had
    no or if out up by we he she them only never again too really because there"""
)
_FRENCH_LETTERS = frozenset("éèêëàâçùûôîïœ")


@dataclass(frozen=True)
class Score:
    lang: str
    compound: float
    categories: list[str] = field(default_factory=list)
    attention_reasons: list[str] = field(default_factory=list)

    @property
    def sentiment(self) -> str:
        if self.compound <= NEGATIVE_BELOW:
            return "negative"
        if self.compound >= POSITIVE_ABOVE:
            return "positive"
        return "neutral"


@cache
def _analyzer(lang: str):
    if lang == "fr":
        with warnings.catch_warnings():  # fuzzywuzzy warns about its pure-Python fallback
            warnings.simplefilter("ignore")
            from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer
        return SentimentIntensityAnalyzer()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _language_identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(["en", "fr"])
    return identifier


def detect_language(text: str, fallback: str = "en") -> str:
    words = set(_WORD.findall(text.lower()))
    french = len(words & _FRENCH_WORDS) + min(2, len(_FRENCH_LETTERS.intersection(text)))
    english = len(words & _ENGLISH_WORDS)
    if french - english >= LANG_MARGIN:
        return "fr"
    if english - french >= LANG_MARGIN:
        return "en"
    lang, confidence = _language_identifier().classify(text)
    return lang if confidence >= MIN_LANG_CONFIDENCE else fallback


def score(
    text: str, lang: str | None = None, fallback_lang: str = "en", reach: int | None = None
) -> Score:
    """Sentiment, language, categories and, when a human should look, the reasons why."""
    lang = lang or detect_language(text, fallback_lang)
    compound = round(float(_analyzer(lang).polarity_scores(text)["compound"]), 4)
    if compound >= POSITIVE_ABOVE:  # plainly positive: no category, no call for a human
        return Score(lang=lang, compound=compound)
    found = find(text, lang)
    negative = compound <= NEGATIVE_BELOW
    return Score(
        lang=lang,
        compound=compound,
        categories=found.categories,
        attention_reasons=attention_reasons(found, negative, reach),
    )


def attention_reasons(found: Found, negative: bool, reach: int | None) -> list[str]:
    """Why a mention needs a human: negative with high reach, a critical category, or a
    refund demand, legal threat or direct complaint. Empty when it does not."""
    reasons = []
    if negative and reach and reach >= ATTENTION_REACH:
        reasons.append(f"negative mention seen by {reach:,} people")
    critical = [c for c in found.categories if CATEGORIES[c].severity >= 2]
    if critical and (negative or any(CATEGORIES[c].severity >= 3 for c in critical)):
        reasons += [f"critical category: {CATEGORIES[c].label}" for c in critical]
    if negative:
        reasons += found.intents
    return reasons


def warm_up() -> None:
    """Load lexicons and the language model before forking workers, so each job starts fast."""
    for lang in ("en", "fr"):
        _analyzer(lang)
    _language_identifier()
