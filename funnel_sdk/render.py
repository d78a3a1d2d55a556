"""Server-side rendering of a state as an HTML fragment: escaped, accessible, no script.

Every text (testimonials are what real people wrote) is escaped, so markup in it shows as
text. The CSS class names are stable, BEM-style, and part of the SDK's interface:

    .reassure                      the region (a <section> with an aria-label)
    .reassure--level-{calm|watch|alert|crisis}, .reassure--slot-{slot}
    .reassure__block               one block; .reassure__block--{kind} for its kind
    .reassure__title, .reassure__body, .reassure__quote, .reassure__meta,
    .reassure__author, .reassure__source, .reassure__date, .reassure__rating,
    .reassure__offer, .reassure__code, .reassure__expires, .reassure__updated

FAQ blocks are <details>/<summary> (open and close without JavaScript); testimonials are
<figure>/<blockquote>/<figcaption>; dates are <time datetime="...">.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from html import escape

from .models import Block, State

LABELS = {
    "en": {
        "region": "Shop with confidence",
        "code": "Code",
        "until": "valid until",
        "updated": "Updated",
        "rated": "Rated {rating} out of 5",
    },
    "fr": {
        "region": "Achetez en confiance",
        "code": "Code",
        "until": "valable jusqu'au",
        "updated": "Mis à jour le",
        "rated": "Noté {rating} sur 5",
    },
}
_CLASS_SAFE = re.compile(r"[^a-z0-9_-]+")


def render_html(
    state: State,
    slot: str | None = None,
    kinds: Iterable[str] | None = None,
    *,
    heading_level: int = 3,
) -> str:
    """The blocks of ``state`` as an HTML fragment ("" when there is nothing to show).
    ``kinds`` keeps only those kinds (in the state's order); ``slot`` names the region in
    the class list (default: the state's slot); ``heading_level`` is that of block titles."""
    wanted = set(kinds) if kinds is not None else None
    blocks = [b for b in state.blocks if wanted is None or b.kind in wanted]
    if not blocks:
        return ""
    labels = LABELS.get(state.locale, LABELS["en"])
    slot = slot or state.slot
    classes = ["reassure", f"reassure--level-{_class(state.level_name)}"]
    if slot:
        classes.append(f"reassure--slot-{_class(slot)}")
    heading = min(max(int(heading_level), 2), 6)
    inner = "\n".join(_block(b, labels, heading) for b in blocks)
    lang = f' lang="{_attr(state.locale)}"' if state.locale else ""
    return (
        f'<section class="{" ".join(classes)}" data-level="{_attr(state.level_name)}"{lang} '
        f'aria-label="{_attr(labels["region"])}">\n{inner}\n</section>'
    )


def _block(block: Block, labels: dict[str, str], heading: int) -> str:
    kind_class = f"reassure__block reassure__block--{_class(block.kind)}"
    if block.kind == "testimonial":
        return _testimonial(block, labels, kind_class)
    if block.kind == "faq":
        summary = f'<summary class="reassure__title">{_text(block.title or block.body)}</summary>'
        body = _paragraphs(block.body) if block.title else ""
        return f'<details class="{kind_class}">{summary}{body}</details>'
    parts = []
    if block.title:
        parts.append(f'<h{heading} class="reassure__title">{_text(block.title)}</h{heading}>')
    parts.append(_paragraphs(block.body))
    if block.kind == "offer" and (block.code or block.expires_at):
        parts.append(_offer(block, labels))
    if block.kind == "incident" and block.updated_at:
        updated = _time(block.updated_at, "reassure__updated")
        parts.append(f'<p class="reassure__meta">{_text(labels["updated"])} {updated}</p>')
    return f'<div class="{kind_class}">{"".join(parts)}</div>'


def _testimonial(block: Block, labels: dict[str, str], kind_class: str) -> str:
    meta = []
    if block.author:
        meta.append(f'<span class="reassure__author">{_text(block.author)}</span>')
    if block.source:
        meta.append(f'<span class="reassure__source">{_text(block.source)}</span>')
    if block.date:
        meta.append(_time(block.date, "reassure__date"))
    if block.rating is not None:
        rating = f"{block.rating:g}"
        label = labels["rated"].format(rating=rating)
        stars = "★" * round(block.rating) + "☆" * (5 - round(block.rating))
        meta.append(
            f'<span class="reassure__rating" role="img" aria-label="{_attr(label)}">{stars}</span>'
        )
    caption = f'<figcaption class="reassure__meta">{" · ".join(meta)}</figcaption>' if meta else ""
    quote = f'<blockquote class="reassure__quote">{_paragraphs(block.body)}</blockquote>'
    return f'<figure class="{kind_class}">{quote}{caption}</figure>'


def _offer(block: Block, labels: dict[str, str]) -> str:
    parts = []
    if block.code:
        parts.append(
            f'{_text(labels["code"])} <code class="reassure__code">{_text(block.code)}</code>'
        )
    if block.expires_at:
        parts.append(f"{_text(labels['until'])} {_time(block.expires_at, 'reassure__expires')}")
    return f'<p class="reassure__offer">{" · ".join(parts)}</p>'


def _paragraphs(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        f'<p class="reassure__body">{"<br>".join(_text(line) for line in p.splitlines())}</p>'
        for p in paragraphs
    )


def _time(value: date | datetime, css_class: str) -> str:
    shown = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    return f'<time class="{css_class}" datetime="{_attr(value.isoformat())}">{shown}</time>'


def _text(value: str) -> str:
    return escape(value, quote=False)


def _attr(value: str) -> str:
    return escape(value, quote=True)


def _class(value: str) -> str:
    return _CLASS_SAFE.sub("-", value.lower()).strip("-") or "x"
