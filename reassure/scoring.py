"""Sentiment: VADER for English, the French VADER lexicon for French, language detected
when the source does not say."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cache

# VADER's conventional cut-offs on the compound score.
NEGATIVE_BELOW = -0.05
POSITIVE_ABOVE = 0.05
# Below this confidence the detector's guess is no better than the site's default locale.
MIN_LANG_CONFIDENCE = 0.7


@dataclass(frozen=True)
class Score:
    lang: str
    compound: float

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
    lang, confidence = _language_identifier().classify(text)
    return lang if confidence >= MIN_LANG_CONFIDENCE else fallback


def score(text: str, lang: str | None = None, fallback_lang: str = "en") -> Score:
    lang = lang or detect_language(text, fallback_lang)
    compound = _analyzer(lang).polarity_scores(text)["compound"]
    return Score(lang=lang, compound=round(float(compound), 4))


def warm_up() -> None:
    """Load lexicons and the language model before forking workers, so each job starts fast."""
    for lang in ("en", "fr"):
        _analyzer(lang)
    _language_identifier()
