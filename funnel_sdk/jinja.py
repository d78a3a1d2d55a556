"""A Jinja2 helper: ``{{ reassure_block("checkout") }}`` renders a page slot's blocks.

    from jinja2 import Environment
    from funnel_sdk import Client
    from funnel_sdk.jinja import install

    env = Environment(autoescape=True)
    install(env, Client("https://reassure.example.com", "my-shop"), locale="fr")
    env.from_string('{{ reassure_block("checkout") }}').render()

Needs Jinja2 (``pip install jinja2``); the rest of the SDK does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from jinja2 import Environment
from markupsafe import Markup

from .client import Client
from .render import render_html

LocaleSource = str | Callable[[], str | None] | None


def make_helper(client: Client, locale: LocaleSource = None) -> Callable[..., Markup]:
    """The template function. ``locale`` is a fixed locale or a callable giving the one of
    the current request; a template may still pass ``locale=`` itself."""
    default_locale = locale

    def reassure_block(
        slot: str | None = None,
        kinds: Iterable[str] | None = None,
        locale: str | None = None,
        heading_level: int = 3,
    ) -> Markup:
        chosen = locale or (default_locale() if callable(default_locale) else default_locale)
        state = client.state(locale=chosen, slot=slot)
        return Markup(render_html(state, slot=slot, kinds=kinds, heading_level=heading_level))

    return reassure_block


def install(
    env: Environment, client: Client, *, locale: LocaleSource = None, name: str = "reassure_block"
) -> None:
    """Make ``reassure_block(slot, kinds=None, locale=None)`` available in every template of
    ``env``. It never raises into rendering unless the client is strict: when the API is
    down it shows the last known blocks, else nothing."""
    env.globals[name] = make_helper(client, locale)
