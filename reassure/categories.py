"""Critical categories and calls for a human, found with French and English lexicons.

Each language has one compiled regular expression for the categories (one named group per
category) and one for the attention intents, so matching a mention is a single scan of its
text. Lexicons cover the three families of crisis: technical failure (outage, data leak),
commercial practice (fraud, scam or fake reviews, refund or delivery wave, legal) and
external attack (hacking, disinformation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    severity: int  # impact of one mention, 0-3
    min_mentions: int  # mentions (in the impact window) before the category counts
    wave_mentions: int  # from this many on, the impact rises one step


CATEGORIES: dict[str, Category] = {
    c.id: c
    for c in (
        Category("data_leak", "data leak or security breach", 3, 1, 3),
        Category("fraud", "fraud accusation", 2, 1, 3),
        Category("scam", "scam or fake reviews", 1, 2, 5),
        Category("legal", "legal action or regulator", 2, 1, 3),
        Category("outage", "outage or technical failure", 1, 2, 5),
        Category("refund_delivery", "refund or delivery wave", 1, 3, 5),
        Category("attack", "external attack or disinformation", 2, 1, 3),
    )
}

_LEXICON: dict[str, dict[str, list[str]]] = {
    "en": {
        "data_leak": [
            r"data (?:leak|breach)",
            r"leak(?:ed)? (?:my |our |customer )?(?:data|emails?|"
            r"passwords?|card)",
            r"(?:data|card|password)s? (?:was|were|got|have been) "
            r"(?:leaked|stolen|exposed)",
            r"security breach",
            r"breach of (?:my )?data",
            r"credit card (?:numbers? )?(?:stolen|leaked)",
            r"gdpr",
        ],
        "fraud": [
            r"fraud\w*",
            r"stole my money",
            r"charged (?:me )?twice",
            r"unauthori[sz]ed "
            r"(?:charge|payment|debit)s?",
            r"identity theft",
            r"phishing",
        ],
        "scam": [
            r"scam(?:s|med|mers?|ming)?",
            r"fake reviews?",
            r"rip ?off",
            r"ripped (?:me )?off",
            r"con artists?",
        ],
        "legal": [
            r"lawyers?",
            r"attorney",
            r"su(?:e|ing) (?:you|them)",
            r"lawsuit",
            r"class action",
            r"legal action",
            r"court",
            r"regulators?",
            r"consumer protection",
            r"ftc",
            r"trading standards",
        ],
        "outage": [
            r"(?:site|website|app|server|checkout|payment)s? (?:is |are )?(?:down|broken|"
            r"not working|crash\w*)",
            r"outage",
            r"can'?t (?:log ?in|pay|check ?out|connect)",
            r"error 50\d",
            r"bug(?:s|gy|ged)?",
        ],
        "refund_delivery": [
            r"refund\w*",
            r"money back",
            r"never (?:arrived|received|delivered)",
            r"(?:still )?waiting for my (?:order|parcel|package|delivery)",
            r"lost (?:parcel|"
            r"package|order)",
            r"late delivery",
            r"chargeback",
        ],
        "attack": [
            r"hack(?:ed|ers?|ing)?",
            r"ddos",
            r"ransomware",
            r"boycott\w*",
            r"fake news",
            r"disinformation",
            r"smear campaign",
        ],
    },
    "fr": {
        "data_leak": [
            r"fuite de (?:mes |nos )?donn[ée]es",
            r"donn[ée]es (?:personnelles|bancaires)? ?"
            r"(?:ont [ée]t[ée] |sont )?(?:vol[ée]es|fuit[ée]es|expos[ée]es|pirat[ée]es)",
            r"faille de s[ée]curit[ée]",
            r"violation de donn[ée]es",
            r"rgpd",
            r"cnil",
            r"num[ée]ro de carte (?:vol[ée]|pirat[ée])",
        ],
        "fraud": [
            r"fraud\w*",
            r"escroc\w*",
            r"vol[ée] mon argent",
            r"d[ée]bit[ée] deux fois",
            r"pr[ée]l[èe]vement (?:non autoris[ée]|frauduleux)",
            r"usurpation d'identit[ée]",
            r"hame[çc]onnage",
            r"phishing",
        ],
        "scam": [r"arnaque\w*", r"faux avis", r"avis bidons?", r"pigeon\w*", r"voleurs?"],
        "legal": [
            r"avocats?",
            r"porter plainte",
            r"plainte",
            r"tribunal",
            r"proc[èe]s",
            r"justice",
            r"dgccrf",
            r"mise en demeure",
            r"action de groupe",
            r"association de consommateurs",
            r"huissier",
        ],
        "outage": [
            r"(?:site|appli\w*|serveur|paiement)s? (?:est |sont )?(?:en panne|hs|plant[ée]|"
            r"inaccessible|ne marche plus|ne fonctionne plus)",
            r"panne",
            r"impossible de "
            r"(?:payer|me connecter|commander)",
            r"erreur 50\d",
            r"bug\w*",
            r"beug\w*",
        ],
        "refund_delivery": [
            r"rembours\w*",
            r"jamais (?:re[çc]u|arriv[ée]|livr[ée])",
            r"toujours pas re[çc]u",
            r"colis perdu",
            r"retard de livraison",
            r"livraison en retard",
        ],
        "attack": [
            r"pirat[ée]s?",
            r"piratage",
            r"hackers?",
            r"ddos",
            r"ran[çc]ongiciel",
            r"boycott\w*",
            r"fake news",
            r"d[ée]sinformation",
            r"infox",
            r"campagne de d[ée]nigrement",
        ],
    },
}

# What makes a negative mention a call for a human even without a category: someone
# demanding money back, threatening legal action, or complaining to the brand directly.
_INTENTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "refund demand": [
            r"(?:i )?want (?:a |my )(?:refund|money back)",
            r"refund me",
            r"give me my money back",
            r"demand a refund",
        ],
        "legal threat": [
            r"(?:my |a )lawyer",
            r"(?:will|going to|gonna) sue",
            r"see you in court",
            r"report(?:ing)? you to",
            r"legal action",
            r"file a complaint",
        ],
        "direct complaint": [
            r"unacceptable",
            r"disgrace\w*",
            r"never again",
            r"shame on you",
            r"complain\w*",
            r"worst (?:customer )?service",
            r"nobody (?:answers|replies|responds)",
        ],
    },
    "fr": {
        "refund demand": [
            r"(?:je )?veux (?:[êe]tre )?rembours[ée]e?s?",
            r"remboursez(?:-moi)?",
            r"rendez(?:-moi)? mon argent",
            r"exige (?:un|le) remboursement",
        ],
        "legal threat": [
            r"mon avocat",
            r"porter plainte",
            r"porte plainte",
            r"au tribunal",
            r"dgccrf",
            r"mise en demeure",
            r"je vais vous attaquer",
        ],
        "direct complaint": [
            r"inadmissible",
            r"inacceptable",
            r"honteux",
            r"scandaleux",
            r"plus jamais",
            r"r[ée]clamation",
            r"personne ne r[ée]pond",
            r"pire service",
        ],
    },
}


@dataclass(frozen=True)
class Found:
    categories: list[str]  # ids of CATEGORIES
    intents: list[str]  # "refund demand", "legal threat", "direct complaint"


def _compile(lang: str) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One pattern for every category and intent of a language, a named group each; the
    text is lowercased once, so the pattern needs no IGNORECASE (which is slower)."""
    names: dict[str, tuple[str, str]] = {}
    branches = []
    for kind, groups in (("category", _LEXICON[lang]), ("intent", _INTENTS[lang])):
        for name, patterns in groups.items():
            group = f"g{len(names)}"
            names[group] = (kind, name)
            branches.append(f"(?P<{group}>{'|'.join(patterns)})")
    return re.compile(rf"\b(?:{'|'.join(branches)})\b"), names


_PATTERNS = {lang: _compile(lang) for lang in _LEXICON}


def find(text: str, lang: str) -> Found:
    """Critical categories and calls for a human in a text, in one scan."""
    pattern, names = _PATTERNS.get(lang, _PATTERNS["en"])
    categories, intents = set(), set()
    for match in pattern.finditer(text.lower()):
        kind, name = names[match.lastgroup]
        (categories if kind == "category" else intents).add(name)
    return Found(sorted(categories), sorted(intents))


def categories_of(text: str, lang: str) -> list[str]:
    """The critical categories a text mentions, as ids of CATEGORIES."""
    return find(text, lang).categories


def intents_of(text: str, lang: str) -> list[str]:
    """Refund demands, legal threats and direct complaints found in a text."""
    return find(text, lang).intents
