"""What a funnel page shows right now: the effective level and the content that fits it."""

from __future__ import annotations

import redis

from . import content, state
from .errors import UnknownSite
from .levels import Level
from .sites import Site, parse_site
from .store import Keys


def page_state(
    r: redis.Redis, slug: str, locale: str | None = None, slot: str | None = None
) -> dict:
    """The public state of a site for one page slot, safe to cache and to show to anyone.

    `slots` tells the widget which kinds each named slot shows, so that one request serves
    every slot of a page. `version` bumps on every change of level, override or content."""
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
    chosen_locale, blocks = _content_with_fallback(
        content.parse_blocks(raw_blocks), site, current.effective, locale, slot
    )
    return {
        "site": site.slug,
        "level": int(current.effective),
        "level_name": current.effective.label,
        "locale": chosen_locale,
        "slot": slot or None,
        "version": current.version,
        "slots": site.slots,
        "blocks": [block.public() for block in blocks],
    }


def locale_chain(site: Site, requested: str | None) -> list[str]:
    """The locales to try, in order: fr-CA -> fr, then the site's default, then English."""
    chain = [content.resolve_locale(site, requested), site.default_locale, "en"]
    return list(dict.fromkeys(chain))


def _content_with_fallback(
    blocks: list[content.Block], site: Site, level: Level, requested: str | None, slot: str | None
) -> tuple[str, list[content.Block]]:
    """The first locale of the chain that has something to show; else the first locale."""
    chain = locale_chain(site, requested)
    for candidate in chain:
        chosen = content.choose(blocks, site, level, candidate, slot)
        if chosen:
            return candidate, chosen
    return chain[0], []
