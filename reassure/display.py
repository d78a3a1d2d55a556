"""What a funnel page shows right now: the effective level and the content that fits it."""

from __future__ import annotations

import redis

from . import content, state
from .sites import get_site


def page_state(
    r: redis.Redis, slug: str, locale: str | None = None, slot: str | None = None
) -> dict:
    """The public state of a site for one page slot, safe to cache and to show to anyone."""
    site = get_site(r, slug)
    current = state.read(r, slug)
    chosen_locale = content.resolve_locale(site, locale)
    blocks = content.select(r, site, current.effective, chosen_locale, slot)
    return {
        "site": site.slug,
        "level": int(current.effective),
        "level_name": current.effective.label,
        "locale": chosen_locale,
        "slot": slot or None,
        "version": current.version,
        "blocks": [block.public() for block in blocks],
    }
