"""The demo site, with approved content in French and English for every level."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import redis

from . import content, sites
from .ingest import store_mentions
from .levels import Level
from .mentions import Mention

DEMO_SLUG = "demo"
ALL = list(Level)

# (kind, levels, {locale: (title, body)}, extra fields)
_BLOCKS = [
    (
        "guarantee",
        [Level.CALM, Level.WATCH],
        {
            "en": (
                "30-day money-back guarantee",
                "Not happy? Send it back within 30 days for a full refund.",
            ),
            "fr": (
                "Satisfait ou remboursé 30 jours",
                "Pas convaincu ? Renvoyez-le sous 30 jours, remboursement intégral.",
            ),
        },
        {},
    ),
    (
        "guarantee",
        [Level.ALERT, Level.CRISIS],
        {
            "en": (
                "60-day guarantee, no questions asked",
                "We extended our guarantee: 60 days, full refund, return shipping on us.",
            ),
            "fr": (
                "Garantie 60 jours, sans justification",
                "Nous avons prolongé notre garantie : 60 jours, remboursement intégral, retour offert.",
            ),
        },
        {},
    ),
    (
        "reassurance",
        ALL,
        {
            "en": ("Secure payment", "Payments are encrypted and handled by a certified provider."),
            "fr": (
                "Paiement sécurisé",
                "Les paiements sont chiffrés et traités par un prestataire certifié.",
            ),
        },
        {},
    ),
    (
        "reassurance",
        [Level.WATCH, Level.ALERT],
        {
            "en": (
                "A real team answers you",
                "Our support team answers every message within 24 hours, 7 days a week.",
            ),
            "fr": (
                "Une vraie équipe vous répond",
                "Notre équipe répond à chaque message sous 24 heures, 7 jours sur 7.",
            ),
        },
        {},
    ),
    (
        "faq",
        [Level.ALERT, Level.CRISIS],
        {
            "en": (
                "Is my order safe?",
                "Yes. Every order is tracked, insured, and refunded in full if it does not arrive.",
            ),
            "fr": (
                "Ma commande est-elle en sécurité ?",
                "Oui. Chaque commande est suivie, assurée, et remboursée intégralement si elle n'arrive pas.",
            ),
        },
        {},
    ),
    (
        "faq",
        [Level.ALERT, Level.CRISIS],
        {
            "en": (
                "How fast are refunds?",
                "Refunds are issued within 3 business days of your request.",
            ),
            "fr": (
                "Sous quel délai suis-je remboursé ?",
                "Le remboursement est émis sous 3 jours ouvrés après votre demande.",
            ),
        },
        {},
    ),
    (
        "incident",
        [Level.CRISIS],
        {
            "en": (
                "We know some orders are late",
                "Some of you had delivery problems this week, and we are sorry. Our team is contacting every affected customer; we will post an update here within 24 hours.",
            ),
            "fr": (
                "Nous savons que des commandes sont en retard",
                "Certains d'entre vous ont eu des problèmes de livraison cette semaine, et nous en sommes désolés. Notre équipe contacte chaque client concerné ; nous publierons un point ici sous 24 heures.",
            ),
        },
        {"updated_at": "now"},
    ),
    (
        "offer",
        [Level.CRISIS],
        {
            "en": ("Our apology: 15 % off", "Use this code on your next order, valid for 14 days."),
            "fr": (
                "Nos excuses : 15 % de réduction",
                "Utilisez ce code sur votre prochaine commande, valable 14 jours.",
            ),
        },
        {"code": "SORRY15", "expires_at": "in 14 days"},
    ),
    (
        "testimonial",
        [Level.CALM, Level.WATCH, Level.ALERT],
        {
            "en": ("", "Arrived in two days, exactly as described. Will order again."),
            "fr": ("", "Reçu en deux jours, conforme à la description. Je recommande."),
        },
        {"author": "Claire M.", "source": "reviews", "rating": 5},
    ),
    (
        "testimonial",
        [Level.CALM, Level.WATCH, Level.ALERT],
        {
            "en": ("", "Customer service sorted out my size exchange in one email."),
            "fr": ("", "Le service client a réglé mon échange de taille en un seul e-mail."),
        },
        {"author": "Julien R.", "source": "reviews", "rating": 4},
    ),
]


def create_demo_site(r: redis.Redis) -> str:
    """Create the demo site with its content; return its admin token."""
    _, token = sites.create_site(
        r,
        slug=DEMO_SLUG,
        name="Maison Demo",
        default_locale="fr",
        slots={"checkout": ["guarantee", "offer"]},
    )
    now = datetime.now(UTC)
    for kind, levels, texts, extra in _BLOCKS:
        for locale, (title, body) in texts.items():
            fields = {
                "kind": kind,
                "levels": levels,
                "locale": locale,
                "title": title,
                "body": body,
            }
            if extra.get("updated_at"):
                fields["updated_at"] = now
            if extra.get("expires_at"):
                fields["expires_at"] = now + timedelta(days=14)
            for name in ("author", "source", "rating", "code"):
                if name in extra:
                    fields[name] = extra[name]
            if kind == "testimonial":
                fields.update(_real_mention(r, fields, now - timedelta(days=3)))
            content.add_block(r, DEMO_SLUG, fields, by="demo", approve=True)
    return token


def _real_mention(r: redis.Redis, fields: dict, when: datetime) -> dict:
    """Testimonials are real mentions: ingest the demo review, then point the block at it."""
    mention = Mention(
        source=fields["source"],
        external_id=f"demo-{fields['locale']}-{fields['author']}",
        text=fields["body"],
        author=fields["author"],
        lang=fields["locale"],
        rating=fields.get("rating"),
        created_at=when,
    )
    result = store_mentions(r, DEMO_SLUG, [mention])
    return {"mention_id": result.ids[0], "date": when.date().isoformat()}
