"""Generated timelines of mentions, in French or English, for tests, benchmarks and drills.

Each scenario is calm background talk for a small business (about 24 mentions a day, more by
day than by night, mostly positive) with, for all but "calm", one event at a known onset.
`generate` returns mention dicts as the ingest API accepts them, sorted by created_at.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from .errors import InvalidInput

SCENARIOS: dict[str, str] = {
    "calm": "three calm weeks of ordinary talk, no event",
    "burst": "two calm weeks, then a sudden burst of angry mentions (3 a minute for 20 min)",
    "slow_wave": "two calm weeks, then complaints that build up slowly over six hours",
    "viral_negative": "three calm days, then one negative post seen by 1.5 million people",
    "data_leak": "three calm days, then a single mention of leaked customer data",
    "positive_spike": "two calm weeks, then 400 enthusiastic mentions in 30 min (a celebrity)",
    "recovery": "a sudden burst, then two quiet days: the level steps back down",
    "new_site": "a brand-new site: one day of ordinary talk, then a small burst of complaints",
}
# When each scenario's event starts, after the start of its timeline.
ONSETS: dict[str, timedelta | None] = {
    "calm": None,
    "burst": timedelta(days=15, hours=14),
    "slow_wave": timedelta(days=15, hours=9),
    "viral_negative": timedelta(days=3, hours=15),
    "data_leak": timedelta(days=3, hours=11),
    "positive_spike": timedelta(days=15, hours=19),
    "recovery": timedelta(days=3, hours=14),
    "new_site": timedelta(days=1, hours=15),
}
BACKGROUND_PER_DAY = 24
# Share of the day's talk per hour of the day (UTC): quiet nights, busy evenings.
DAY_PROFILE = (
    [0.2] * 7
    + [0.8, 1.2, 1.4, 1.4, 1.5, 1.6, 1.4, 1.3, 1.4, 1.5, 1.7, 1.8, 1.7, 1.4, 1.0]
    + [0.6, 0.3]
)

TEXTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "positive": [
            "I love my new {p}, great quality and fast shipping",
            "Really happy with the {p}, exactly as described",
            "Excellent service, the {p} arrived in two days",
            "The support team was super helpful with my {p}",
            "Best purchase this year, the {p} is amazing",
            "Thank you for the lovely {p}, will definitely order again",
        ],
        "neutral": [
            "Does anyone know when the {p} will be back in stock",
            "Ordered a {p} yesterday, tracking number received",
            "What sizes does the {p} come in",
            "Is the {p} shipped from France or the UK",
        ],
        "negative": [
            "The {p} is a bit smaller than I expected, disappointed",
            "Not great, the colour of my {p} is dull",
            "The {p} arrived with a scratch, annoying",
            "Meh, the {p} feels cheap for the price",
        ],
        "angry": [
            "They charged me twice for my {p} and nobody answers, this is a scam!",
            "Worst company ever, my {p} never arrived and they refuse a refund. Awful!",
            "Scam! I paid for a {p} three weeks ago, no delivery, no answer. Avoid!",
            "Horrible, they took my money for the {p} and vanished. Fraud!",
        ],
        "wave": [
            "The new {p} broke after two days, terrible quality, very disappointed",
            "Really bad quality on the {p} this season, it fell apart, awful",
            "So disappointed, the {p} is terrible now, what happened to this brand",
            "Poor quality {p}, ugly stitching and it ripped, sad and angry",
        ],
        "viral": ["This brand is the worst. Terrible products, rude staff, avoid at all costs."],
        "leak": [
            "My customer data was leaked from their site, I now get phishing emails quoting "
            "my {p} order"
        ],
        "spike": [
            "OMG she wears the {p}, I love it, so beautiful!",
            "Just ordered the {p} everyone is talking about, amazing!",
            "The {p} from the show is gorgeous, love this brand",
        ],
        "products": ["jacket", "sneakers", "dress", "bag", "sweater", "coat", "scarf"],
    },
    "fr": {
        "positive": [
            "J'adore ma nouvelle {p}, très bonne qualité et livraison rapide",
            "Vraiment contente de la {p}, conforme à la description",
            "Excellent service, la {p} est arrivée en deux jours",
            "Le service client a été super sympa pour ma {p}",
            "Meilleur achat de l'année, la {p} est magnifique",
            "Merci pour la jolie {p}, je recommande",
        ],
        "neutral": [
            "Quelqu'un sait quand la {p} sera de nouveau disponible",
            "Commandé une {p} hier, numéro de suivi reçu",
            "Quelles tailles existent pour la {p}",
            "La {p} est expédiée depuis la France",
        ],
        "negative": [
            "La {p} est un peu petite, je suis déçue",
            "Pas terrible, la couleur de ma {p} est terne",
            "La {p} est arrivée avec une rayure, c'est pénible",
            "Bof, la {p} fait un peu bas de gamme pour le prix",
        ],
        "angry": [
            "Ils m'ont débité deux fois pour ma {p} et personne ne répond, c'est une arnaque !",
            "Pire entreprise, ma {p} jamais reçue et ils refusent le remboursement. Horrible !",
            "Arnaque ! J'ai payé une {p} il y a trois semaines, rien reçu, aucune réponse.",
            "Horrible, ils ont pris mon argent pour la {p} et disparu. Escrocs !",
        ],
        "wave": [
            "La nouvelle {p} est cassée après deux jours, qualité horrible, très déçue",
            "Vraiment mauvaise qualité pour la {p} cette saison, nulle, horrible",
            "Tellement déçue, la {p} est nulle maintenant, quelle honte pour cette marque",
            "Qualité pourrie pour la {p}, coutures moches et déchirée, triste et en colère",
        ],
        "viral": ["Cette marque est la pire. Produits nuls, personnel désagréable, à fuir."],
        "leak": [
            "Fuite de données chez eux : mes données personnelles ont été volées, je reçois "
            "des mails de phishing avec ma commande de {p}"
        ],
        "spike": [
            "Elle porte la {p}, j'adore, tellement belle !",
            "Je viens de commander la {p} dont tout le monde parle, magnifique !",
            "La {p} de l'émission est superbe, j'adore cette marque",
        ],
        "products": ["veste", "robe", "jupe", "chemise", "écharpe", "casquette", "paire"],
    },
}


class _Writer:
    """Builds one scenario's mentions with a seeded random source."""

    def __init__(self, name: str, start: datetime, seed: int, lang: str) -> None:
        self.name, self.start, self.lang = name, start, lang
        self.rng = random.Random(f"{name}:{seed}:{lang}")
        self.out: list[dict] = []

    def mention(self, kind: str, at: datetime, reach: int | None = None) -> None:
        words = TEXTS[self.lang]
        text = self.rng.choice(words[kind]).format(p=self.rng.choice(words["products"]))
        self.out.append(
            {
                "source": "scenario",
                "external_id": f"{self.name}-{len(self.out)}",
                "text": text,
                "created_at": at.isoformat(),
                "author": f"user{self.rng.randrange(100_000)}",
                "reach": reach if reach is not None else int(self.rng.lognormvariate(5, 1.2)),
            }
        )

    def background(self, begin: timedelta, end: timedelta, per_day: float = BACKGROUND_PER_DAY):
        """Ordinary talk: 60 % positive, 25 % neutral, 15 % mildly negative."""
        hour = self.start.replace(minute=0, second=0, microsecond=0) + begin
        while hour < self.start + end:
            rate = per_day / 24 * DAY_PROFILE[hour.hour]
            for _ in range(self._poisson(rate)):
                at = hour + timedelta(seconds=self.rng.uniform(0, 3600))
                if self.start + begin <= at < self.start + end:
                    kind = self.rng.choices(["positive", "neutral", "negative"], [60, 25, 15])[0]
                    self.mention(kind, at)
            hour += timedelta(hours=1)

    def burst(self, onset: datetime, count: int, minutes: float, kind: str = "angry") -> None:
        for i in range(count):
            self.mention(kind, onset + timedelta(minutes=minutes * (i + self.rng.random()) / count))

    def ramp(self, onset: datetime, hours: float, peak_per_minute: float) -> None:
        """Complaints whose rate grows linearly from zero to peak_per_minute."""
        for minute in range(int(hours * 60)):
            rate = peak_per_minute * minute / (hours * 60)
            for _ in range(self._poisson(rate)):
                self.mention("wave", onset + timedelta(minutes=minute + self.rng.random()))

    def _poisson(self, mean: float) -> int:
        limit, k, product = math.exp(-mean), 0, self.rng.random()
        while product > limit:
            k += 1
            product *= self.rng.random()
        return k


def _calm(w: _Writer) -> None:
    w.background(timedelta(0), timedelta(days=21))


def _burst(w: _Writer) -> None:
    onset = w.start + ONSETS["burst"]
    w.background(timedelta(0), ONSETS["burst"] + timedelta(days=1))
    w.burst(onset, 60, 20)


def _slow_wave(w: _Writer) -> None:
    onset = w.start + ONSETS["slow_wave"]
    w.background(timedelta(0), ONSETS["slow_wave"] + timedelta(days=1))
    w.ramp(onset, 6, 0.8)


def _viral_negative(w: _Writer) -> None:
    w.background(timedelta(0), ONSETS["viral_negative"] + timedelta(days=1))
    w.mention("viral", w.start + ONSETS["viral_negative"], reach=1_500_000)


def _data_leak(w: _Writer) -> None:
    w.background(timedelta(0), ONSETS["data_leak"] + timedelta(days=1))
    w.mention("leak", w.start + ONSETS["data_leak"], reach=150)


def _positive_spike(w: _Writer) -> None:
    onset = w.start + ONSETS["positive_spike"]
    w.background(timedelta(0), ONSETS["positive_spike"] + timedelta(days=1))
    for i in range(400):
        at = onset + timedelta(minutes=30 * (i + w.rng.random()) / 400)
        w.mention("spike", at, reach=int(w.rng.lognormvariate(8, 1.5)))
    w.burst(onset, 4, 30, kind="negative")  # the usual grumbles, a little more of them


def _recovery(w: _Writer) -> None:
    onset = w.start + ONSETS["recovery"]
    w.background(timedelta(0), ONSETS["recovery"] + timedelta(days=2))
    w.burst(onset, 60, 20)


def _new_site(w: _Writer) -> None:
    w.background(timedelta(0), ONSETS["new_site"] + timedelta(hours=12))
    w.burst(w.start + ONSETS["new_site"], 8, 10)


_BUILDERS: dict[str, Callable[[_Writer], None]] = {
    "calm": _calm,
    "burst": _burst,
    "slow_wave": _slow_wave,
    "viral_negative": _viral_negative,
    "data_leak": _data_leak,
    "positive_spike": _positive_spike,
    "recovery": _recovery,
    "new_site": _new_site,
}


def onset(name: str, start: datetime) -> datetime | None:
    """When the scenario's event begins (None for calm)."""
    _check(name, "en")
    delta = ONSETS[name]
    return start + delta if delta is not None else None


def generate(name: str, start: datetime, *, seed: int = 0, lang: str = "en") -> list[dict]:
    """The scenario's mentions, as the ingest API accepts them, sorted by created_at."""
    _check(name, lang)
    writer = _Writer(name, start, seed, lang)
    _BUILDERS[name](writer)
    mentions = sorted(writer.out, key=lambda m: m["created_at"])
    for i, mention in enumerate(mentions):
        mention["external_id"] = f"{name}-{seed}-{lang}-{i}"
    return mentions


def _check(name: str, lang: str) -> None:
    if name not in SCENARIOS:
        raise InvalidInput.one("name", f"unknown scenario; known: {', '.join(SCENARIOS)}")
    if lang not in TEXTS:
        raise InvalidInput.one("lang", "must be en or fr")
