"""The widget never hurts the page that embeds it: strict CSP, hostile CSS, colliding names,
untrusted text, the script twice, one global, no layout shift."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from reassure import content, state

from .pages import (
    PAGE_BOXES,
    RENDERS,
    SHADOW_SUMMARY,
    XSS,
    forget_http_cache,
    host_page,
    kinds,
    serve,
    wait_for_local_cache,
    wait_until,
    widget,
)

STRICT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'none'"
)
RECORD_CSP_VIOLATIONS = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    e.violatedDirective + ' ' + e.blockedURI));"""
HOSTILE_PAGE = host_page(
    '<main id="page" class="r c"><h1 id="r" class="r b">Pull en laine</h1>'
    '<p class="t m" id="f">Tricoté au Portugal</p>'
    '<div data-reassure-slot="main" id="b" class="f n"></div>'
    '<p id="below" class="b">Après le widget</p></main><footer class="n">Pied de page</footer>',
    head='<link rel="stylesheet" href="/hostile.css">',
)


def wait_for_renders(page, count: int) -> None:
    wait_until(page, f"performance.getEntriesByName('reassure:render').length >= {count}", 8.0)


def test_strict_csp_page_with_hostile_css_shows_the_widget_as_designed(
    page, flaky_api, demo_token, artifacts, problems
):
    url = flaky_api.page("/hostile", HOSTILE_PAGE, {"Content-Security-Policy": STRICT_CSP})
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    flaky_api.mode, flaky_api.delay = "delay", 0.8
    page.goto(url)
    before = page.evaluate(PAGE_BOXES)  # the state is still on its way

    main = widget(page)
    expect(main).to_have_attribute("data-level", "calm")
    guarantee = main.locator('[data-kind="guarantee"]')
    expect(guarantee).to_be_visible()
    assert guarantee.evaluate("b => getComputedStyle(b).fontSize") == "14px"
    assert guarantee.evaluate("b => getComputedStyle(b).color") == "rgb(31, 35, 40)"
    assert guarantee.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(255, 255, 255)"
    slides = main.locator('[data-kind="testimonial"]')
    assert [slides.nth(i).is_visible() for i in range(slides.count())] == [True, False]
    # the page keeps its own look for the ids and classes the widget also uses
    assert page.locator("#r").evaluate("e => getComputedStyle(e).color") == "rgb(200, 0, 0)"
    assert page.evaluate("window.__csp") == []
    # nothing of the page before the widget moved or changed size
    after = page.evaluate(PAGE_BOXES)
    slot_index = next(i for i, box in enumerate(before) if box[1] == "b")
    assert after[: slot_index + 1] == before[: slot_index + 1]
    page.screenshot(path=artifacts / "widget-hostile-csp.png", full_page=True)
    assert problems.script_errors() == []


def test_revalidating_cached_content_moves_nothing_on_the_page(
    page, flaky_api, demo_token, problems
):
    url = flaky_api.page("/stable", HOSTILE_PAGE, {"Content-Security-Policy": STRICT_CSP})
    page.goto(url)
    expect(widget(page)).to_have_attribute("data-level", "calm")
    wait_for_local_cache(page)

    flaky_api.mode, flaky_api.delay = "delay", 1.0
    page.reload()
    wait_for_renders(page, 1)  # drawn at once from the last known state
    cached = page.evaluate(PAGE_BOXES)
    wait_for_renders(page, 2)  # then again from the network
    assert page.evaluate(PAGE_BOXES) == cached
    assert problems.script_errors() == []


def test_container_reserves_the_last_known_height_while_a_stale_state_is_refetched(
    page, flaky_api, demo_token, problems
):
    url = flaky_api.page("/reserve", HOSTILE_PAGE)
    page.goto(url)
    expect(widget(page)).to_have_attribute("data-level", "calm")
    wait_for_local_cache(page)
    below = page.locator("#below").bounding_box()["y"]
    # The cached state is now a day and more old: too old to show, but its height still counts.
    page.evaluate("""() => { const k = 'reassure:demo:fr', c = JSON.parse(localStorage[k]);
        c.t -= 25 * 3600 * 1000; localStorage[k] = JSON.stringify(c); }""")

    flaky_api.mode, flaky_api.delay = "delay", 1.0
    forget_http_cache(page)
    page.reload()
    wait_until(page, "!!document.querySelector('[data-reassure-slot]').shadowRoot")
    assert page.evaluate(RENDERS) == 0  # nothing stale is shown
    assert page.locator("#below").bounding_box()["y"] == below
    wait_for_renders(page, 1)
    assert page.locator("#below").bounding_box()["y"] == below
    assert problems.script_errors() == []


def test_markup_in_every_text_field_is_shown_as_text(page, web_url, r, demo_token, problems):
    fields = {"title": "T" + XSS, "body": "B" + XSS}
    for kind, extra in [
        ("testimonial", {"author": "A" + XSS, "source": "S" + XSS, "date": "D" + XSS}),
        ("reassurance", {}),
        ("guarantee", {}),
        ("faq", {}),
        ("offer", {"code": "C" + XSS}),
        ("incident", {}),
    ]:
        block = {"kind": kind, "locale": "fr", "levels": [0, 3], **fields, **extra}
        content.add_block(r, "demo", block, by="test", approve=True)
    serve(page, web_url + "/xss", host_page('<div data-reassure-slot="main"></div>'))
    page.goto(web_url + "/xss")
    main = widget(page)

    for level in ("calm", "crisis"):
        state.set_override(r, "demo", {"level": level, "reason": "t", "minutes": 5, "by": "t"})
        expect(main).to_have_attribute("data-level", level)
        text = main.evaluate("root => root.textContent")
        shown = {k for k in kinds(main)}
        expected = ["T", "B"] + (["A", "S", "D"] if "testimonial" in shown else [])
        expected += ["C"] if "offer" in shown else []
        for prefix in expected:
            assert prefix + XSS in text, prefix
    page.wait_for_timeout(300)  # give a broken image's onerror the time it would need
    assert page.evaluate("window.__xss") is None
    assert all(root["images"] == 0 for root in page.evaluate(SHADOW_SUMMARY))
    assert problems.dialogs == [] and problems.script_errors() == []


def test_script_included_twice_renders_one_widget_per_container(
    page, web_url, demo_token, problems
):
    html = host_page(
        '<div data-reassure-slot="checkout"></div><div data-reassure-slot="main"></div>'
        '<script src="/widget.js" data-site="demo" async></script>'
    )
    serve(page, web_url + "/twice", html)
    page.goto(web_url + "/twice")
    page.wait_for_load_state("load")  # both async scripts have run by now
    expect(widget(page, "main")).to_have_attribute("data-level", "calm")
    expect(widget(page, "checkout")).to_have_attribute("data-level", "calm")

    roots = page.evaluate(SHADOW_SUMMARY)
    assert [(root["slot"], root["roots"]) for root in roots] == [("checkout", 1), ("main", 1)]
    assert problems.script_errors() == []


def test_the_widget_adds_one_global_and_nothing_else(page, web_url, demo_token, problems):
    page.add_init_script("window.__before = Object.keys(window)")
    page.goto(web_url + "/demo")
    expect(widget(page)).to_have_attribute("data-level", "calm")
    added = page.evaluate(
        "Object.keys(window).filter(k => !window.__before.includes(k) && k !== '__before')"
    )
    assert added == ["Reassure"]


def test_embedded_on_another_origin_it_renders_follows_changes_and_counts_quietly(
    page, web_url, flaky_api, r, demo_token, problems
):
    from reassure import impressions

    html = host_page('<div data-reassure-slot="main"></div>').replace(
        'src="/widget.js"', f'src="{web_url}/widget.js"'
    )
    # The page comes from another port (another origin) of the loopback, over real HTTP:
    # Chromium lets only a loopback page call a loopback API.
    page.goto(flaky_api.page("/product", html))
    main = widget(page)
    expect(main).to_have_attribute("data-level", "calm")

    state.set_override(r, "demo", {"level": "crisis", "reason": "t", "minutes": 5, "by": "t"})
    expect(main).to_have_attribute("data-level", "crisis", timeout=5000)
    wait = time.monotonic() + 5
    while not impressions.counts(r, "demo")["incident"]["impressions"]:
        assert time.monotonic() < wait, "no impression counted"
        time.sleep(0.1)
    assert problems.console_output() == []
