"""Keyboard use, focus order, motion and axe-core checks of the widget in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from reassure import state

from .pages import AXE, host_page, serve, widget

PAGE = host_page(
    "<main><h1>Boutique</h1>"
    '<div data-reassure-slot="main"></div><div data-reassure-slot="checkout"></div></main>',
    head="<title>Boutique</title>",
)
# What has the keyboard focus, looking through the widget's shadow root.
FOCUSED = """() => { let e = document.activeElement;
    while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;
    return e ? (e.getAttribute('aria-label') || e.textContent).trim() : null; }"""


def open_shop(page: Page, web_url: str, level: str | None, r, **attrs: str) -> None:
    if level:
        state.set_override(r, "demo", {"level": level, "reason": "t", "minutes": 5, "by": "t"})
    extra = " ".join(f'data-{k}="{v}"' for k, v in attrs.items())
    html = PAGE if not extra else PAGE.replace('data-site="demo"', f'data-site="demo" {extra}')
    serve(page, web_url + "/shop", html)
    page.goto(web_url + "/shop")
    expect(widget(page)).to_have_attribute("data-level", level or "calm")


def tab_to(page: Page, label: str, limit: int = 25) -> list[str]:
    """Press Tab until `label` has the focus; returns every label focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
        if seen[-1] == label:
            return seen
    raise AssertionError(f"{label!r} never got the focus; went through {seen}")


def test_carousel_moves_with_the_keyboard_alone(page, web_url, r, demo_token, problems):
    open_shop(page, web_url, None, r)
    slides = widget(page).locator('[data-kind="testimonial"]')
    first = slides.nth(0).text_content()

    tab_to(page, "Suivant")
    page.keyboard.press("Enter")
    expect(slides.nth(1)).to_be_visible()
    expect(slides.nth(0)).to_be_hidden()
    expect(widget(page).locator(".n .m")).to_have_text("2 / 2")
    page.keyboard.press("ArrowRight")
    expect(slides.nth(0)).to_be_visible()
    assert slides.nth(0).text_content() == first
    page.keyboard.press("ArrowLeft")
    expect(slides.nth(1)).to_be_visible()
    assert problems.script_errors() == []


def test_carousel_turns_by_itself_but_holds_while_hovered(page, web_url, r, demo_token):
    page.clock.install()
    open_shop(page, web_url, None, r)
    slides = widget(page).locator('[data-kind="testimonial"]')
    expect(slides.nth(0)).to_be_visible()

    page.clock.run_for(7500)
    expect(slides.nth(1)).to_be_visible()
    slides.nth(1).hover()
    page.clock.run_for(15_000)
    expect(slides.nth(1)).to_be_visible()
    page.mouse.move(0, 0)
    page.clock.run_for(7500)
    expect(slides.nth(0)).to_be_visible()


def test_carousel_stands_still_for_readers_who_prefer_reduced_motion(page, web_url, r, demo_token):
    page.clock.install()
    page.emulate_media(reduced_motion="reduce")
    open_shop(page, web_url, None, r)
    slides = widget(page).locator('[data-kind="testimonial"]')
    page.clock.run_for(30_000)
    expect(slides.nth(0)).to_be_visible()
    expect(widget(page).get_by_role("button", name="Pause")).to_have_count(0)


def test_pause_button_stops_the_carousel(page, web_url, r, demo_token):
    page.clock.install()
    open_shop(page, web_url, None, r)
    pause = widget(page).get_by_role("button", name="Pause")
    pause.click()
    page.mouse.move(0, 0)
    expect(pause).to_have_attribute("aria-pressed", "true")
    page.clock.run_for(30_000)
    expect(widget(page).locator('[data-kind="testimonial"]').nth(0)).to_be_visible()


def test_faq_and_copy_button_work_from_the_keyboard_in_reading_order(
    page, web_url, r, demo_token, problems
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_shop(page, web_url, "crisis", r)
    main = widget(page)
    questions = main.locator("summary")

    # the main slot comes first in the page: its copy button, then its questions, in order
    seen = tab_to(page, "Copier le code")
    assert seen == ["Copier le code"]
    assert tab_to(page, questions.nth(0).text_content()) == [questions.nth(0).text_content()]
    page.keyboard.press("Enter")
    expect(main.locator("details").nth(0)).to_have_attribute("open", "")
    expect(main.locator("details").nth(0).locator("p")).to_be_visible()

    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "Copier le code"
    page.keyboard.press("Enter")
    expect(main.locator('[data-kind="offer"] button')).to_have_text("Copié")
    code = main.locator('[data-kind="offer"] code').text_content()
    assert page.evaluate("navigator.clipboard.readText()") == code
    assert problems.script_errors() == []


@pytest.mark.parametrize(
    ("level", "theme"), [("calm", "light"), ("crisis", "light"), ("crisis", "dark")]
)
def test_axe_finds_no_serious_or_critical_violation(page, web_url, r, demo_token, level, theme):
    assert AXE.exists(), "axe-core is missing: run `npm ci` (`make test` does)"
    open_shop(page, web_url, level, r, theme=theme)
    page.add_script_tag(path=AXE)
    report = page.evaluate(
        """async () => { const r = await axe.run(document);
            return {
              violations: r.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ': ' + v.nodes.map(n => JSON.stringify(n.target)).join(', ')),
              // nodes inside the widget's shadow roots have nested selectors
              widgetNodesChecked: r.passes.flatMap(v => v.nodes)
                .filter(n => Array.isArray(n.target[0])).length,
            }; }"""
    )
    assert report["violations"] == []
    assert report["widgetNodesChecked"] > 10
