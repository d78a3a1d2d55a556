"""Content library page: create, edit, approve, retire, reorder, preview, versions."""

from __future__ import annotations

from reassure import content
from reassure.levels import Level

from .driver import button, errors, log_in, open_page, successes


def open_library(console, level: str = "crisis", locale: str = "en"):
    at = open_page(log_in(console), "content")
    at.selectbox(key="content_level").select(level)
    at.selectbox(key="content_locale").select(locale)
    return at.run()


def snapshot(r) -> dict:
    return {k: r.dump(k) for k in sorted(r.keys("reassure:site:demo:*")) if "events" not in k}


def test_the_library_lists_the_blocks_of_the_level_and_locale_by_kind(console, r, demo_token):
    at = open_library(console, "crisis", "en")
    headers = [h.value for h in at.subheader]
    assert headers[:4] == ["incident (1)", "offer (1)", "faq (2)", "guarantee (1)"]
    shown = [t.value for t in at.text]
    assert "We know some orders are late" in " ".join(shown)


def test_creating_a_block_with_no_text_is_refused_naming_the_field(console, r, demo_token):
    at = open_library(console)
    before = snapshot(r)
    at.selectbox(key="create_kind").select("faq")
    at.text_input(key="create_title").input("Empty")
    button(at, "Create block").click()
    at.run()
    assert "Text:" in errors(at)
    assert "Nothing was saved" in errors(at)
    assert snapshot(r) == before


def test_creating_a_block_without_a_kind_is_refused(console, r, demo_token):
    at = open_library(console)
    before = snapshot(r)
    at.text_area(key="create_body").input("Some words")
    button(at, "Create block").click()
    at.run()
    assert "Kind:" in errors(at)
    assert snapshot(r) == before


def test_a_new_draft_is_not_served_until_approved_from_the_page(console, r, demo_token):
    at = open_library(console, "crisis", "en")
    at.selectbox(key="create_kind").select("faq")
    at.text_input(key="create_title").input("Can I cancel?")
    at.text_area(key="create_body").input("Yes, at any time, in one click.")
    button(at, "Create block").click()
    at.run()
    assert "Block created as a draft." in successes(at)
    draft = next(b for b in content.list_blocks(r, "demo") if b.title == "Can I cancel?")
    assert (draft.status, draft.created_by) == ("draft", "Alice")
    assert draft.id not in [
        b.id for b in content.select(r, content.get_site(r, "demo"), Level.CRISIS, "en")
    ]
    at.button(key=f"approve_{draft.id}").click()
    at.run()
    assert content.get_block(r, "demo", draft.id).approved_by == "Alice"
    assert draft.id in [
        b.id for b in content.select(r, content.get_site(r, "demo"), Level.CRISIS, "en")
    ]


def test_retire_takes_a_block_off_pages(console, r, demo_token):
    at = open_library(console)
    incident = next(
        b for b in content.list_blocks(r, "demo") if b.kind == "incident" and b.locale == "en"
    )
    at.button(key=f"retire_{incident.id}").click()
    at.run()
    assert content.get_block(r, "demo", incident.id).status == "retired"


def test_move_down_reorders_blocks_of_one_kind(console, r, demo_token):
    at = open_library(console, "crisis", "en")
    faqs = sorted(
        (b for b in content.list_blocks(r, "demo") if b.kind == "faq" and b.locale == "en"),
        key=lambda b: (b.position, b.id),
    )
    at.button(key=f"down_{faqs[0].id}").click()
    at.run()
    served = [
        b.id
        for b in content.select(r, content.get_site(r, "demo"), Level.CRISIS, "en")
        if b.kind == "faq"
    ]
    assert served == [faqs[1].id, faqs[0].id]


def test_an_edit_becomes_a_draft_version_signed_by_the_editor(console, r, demo_token):
    at = open_library(console, "crisis", "en")
    incident = next(
        b for b in content.list_blocks(r, "demo") if b.kind == "incident" and b.locale == "en"
    )
    body = next(t for t in at.text_area if t.label == "Text" and t.value == incident.body)
    body.input("Orders are shipping again. We will post a final update tonight.")
    save = [b for b in at.button if b.label == "Save edit" and b.form_id == f"edit_{incident.id}"]
    save[0].click()
    at.run()
    versions = content.block_versions(r, "demo", incident.id)
    assert versions[-1]["by"] == "Alice"
    assert versions[-1]["block"].body.startswith("Orders are shipping again")
    assert versions[-1]["block"].status == "draft"


def test_the_preview_renders_the_real_widget_for_the_chosen_level(console, r, demo_token):
    at = open_library(console, "crisis", "fr")
    frames = at.get("iframe")
    assert len(frames) == 1
    page = frames[0].proto.srcdoc
    assert 'data-site="demo"' in page and 'data-locale="fr"' in page
    assert "Nous savons que des commandes sont en retard" in page
    assert "attachShadow" in page  # the real widget.js, inlined
