"""What a funnel page shows right now: the effective level and the content that fits it."""

from __future__ import annotations

import redis

from . import content, state
from .errors import UnknownSite
from .sites import parse_site
from .store import Keys


def page_state(
    r: redis.Redis, slug: str, locale: str | None = None, slot: str | None = None
) -> dict:
    """The public state of a site for one page slot, safe to cache and to show to anyone."""
    keys = Keys(slug)
    # One round trip: this is the hottest read of the product.
    pipe = r.pipeline(transaction=False)
    pipe.hget(keys.config, "site")
    pipe.hgetall(keys.state)
    pipe.get(keys.override)
    pipe.hvals(keys.content)
    raw_site, stored_state, raw_override, raw_blocks = pipe.execute()
    if raw_site is None:
        raise UnknownSite(slug)
    site = parse_site(raw_site)
    current = state.from_stored(stored_state, raw_override)
    chosen_locale = content.resolve_locale(site, locale)
    blocks = content.choose(
        content.parse_blocks(raw_blocks), site, current.effective, chosen_locale, slot
    )
    return {
        "site": site.slug,
        "level": int(current.effective),
        "level_name": current.effective.label,
        "locale": chosen_locale,
        "slot": slot or None,
        "version": current.version,
        "blocks": [block.public() for block in blocks],
    }
