"""Content library: per level and locale, the blocks by kind. Create, edit, reorder,
approve, retire; a live preview of the real widget at the chosen level and locale (the live
site is untouched); every version kept with who made and approved it."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from console import preview, session
from reassure import content, sites
from reassure.errors import InvalidInput
from reassure.levels import BLOCK_KINDS, KINDS_BY_LEVEL, Level

# Testimonials are made from real mentions (Mentions page), never written here.
WRITABLE_KINDS = [kind for kind in BLOCK_KINDS if kind != "testimonial"]
LEVEL_NAMES = [level.label for level in Level]
FIELD_LABELS = {
    "kind": "Kind",
    "levels": "Levels",
    "locale": "Locale",
    "title": "Title",
    "body": "Text",
    "code": "Offer code",
    "expires_at": "Offer expiry",
    "author": "Shown author",
    "block_ids": "Order",
    "by": "You",
}

page = session.open_page("Content library")
who, slug, r, site = page.who, page.slug, page.r, page.site

cols = st.columns([1, 1, 1])
level = Level.parse(cols[0].selectbox("Level", LEVEL_NAMES, key="content_level"))
locale = cols[1].selectbox("Locale", list(sites.LOCALES), key="content_locale")
show_retired = cols[2].checkbox("Show retired blocks", key="content_retired")


def save(action, success: str) -> None:
    try:
        action()
    except InvalidInput as exc:
        st.error(session.problems_message(exc, FIELD_LABELS))
    else:
        session.flash(success)
        st.rerun()


def expiry_of(day) -> datetime | None:
    return datetime.combine(day, time(23, 59), tzinfo=UTC) if day else None


blocks = [
    b
    for b in content.list_blocks(r, slug)
    if level in b.levels and b.locale == locale and (show_retired or b.status != "retired")
]
order = list(KINDS_BY_LEVEL[level]) + [k for k in BLOCK_KINDS if k not in KINDS_BY_LEVEL[level]]
st.caption(
    f"At {level.label}, pages show, in this order: {', '.join(KINDS_BY_LEVEL[level])}. "
    "Only approved blocks are served; an edit returns a block to draft until approved again."
)

library, live_preview = st.columns([3, 2])

with library:
    if not blocks:
        st.text(f"No block for {level.label} in {locale} yet.")
    for kind in order:
        of_kind = sorted((b for b in blocks if b.kind == kind), key=lambda b: (b.position, b.id))
        if not of_kind:
            continue
        st.subheader(
            f"{kind} ({len(of_kind)})"
            + ("" if kind in KINDS_BY_LEVEL[level] else " · not shown at this level")
        )
        for index, block in enumerate(of_kind):
            with st.container(border=True):
                st.text(f"[{block.status}] {block.title}" if block.title else f"[{block.status}]")
                st.text(block.body)
                details = [f"created by {block.created_by}"]
                if block.approved_by:
                    details.append(f"approved by {block.approved_by}")
                if block.author:
                    details.append(f"author shown as {block.author}")
                if block.code:
                    details.append(f"code {block.code}")
                if block.expires_at:
                    details.append(f"expires {block.expires_at:%Y-%m-%d}")
                st.text(" · ".join(details) + f" · id {block.id}")
                buttons = st.columns(4)
                ids = [b.id for b in of_kind]
                if buttons[0].button(
                    "Approve", key=f"approve_{block.id}", disabled=block.status == "approved"
                ):
                    save(
                        lambda b=block: content.set_status(r, slug, b.id, "approved", by=who),
                        f"Approved: pages at its levels now show it ({block.kind}).",
                    )
                if buttons[1].button(
                    "Retire", key=f"retire_{block.id}", disabled=block.status == "retired"
                ):
                    save(
                        lambda b=block: content.set_status(r, slug, b.id, "retired", by=who),
                        "Retired: pages no longer show it.",
                    )
                if buttons[2].button("Move up", key=f"up_{block.id}", disabled=index == 0):
                    ids[index - 1], ids[index] = ids[index], ids[index - 1]
                    save(lambda ids=ids: content.reorder(r, slug, ids, by=who), "Order saved.")
                if buttons[3].button(
                    "Move down", key=f"down_{block.id}", disabled=index == len(of_kind) - 1
                ):
                    ids[index + 1], ids[index] = ids[index], ids[index + 1]
                    save(lambda ids=ids: content.reorder(r, slug, ids, by=who), "Order saved.")
                with st.expander("Edit and versions"):
                    with st.form(f"edit_{block.id}"):
                        title = st.text_input("Title", value=block.title, max_chars=200)
                        body = st.text_area(
                            "Text",
                            value=block.body,
                            max_chars=2000,
                            disabled=block.kind == "testimonial",
                            help="A testimonial quotes a real mention: its words cannot be edited.",
                        )
                        levels = st.multiselect(
                            "Levels", LEVEL_NAMES, default=[lv.label for lv in block.levels]
                        )
                        changes: dict = {"title": title, "levels": levels}
                        if block.kind != "testimonial":
                            changes["body"] = body
                        if block.kind == "offer":
                            changes["code"] = st.text_input("Offer code", value=block.code or "")
                            changes["expires_at"] = expiry_of(
                                st.date_input(
                                    "Offer expiry",
                                    value=block.expires_at.date() if block.expires_at else None,
                                )
                            )
                        if st.form_submit_button("Save edit"):
                            save(
                                lambda b=block, c=changes: content.update_block(
                                    r, slug, b.id, c, by=who
                                ),
                                "Saved as a draft: approve it to publish the new version.",
                            )
                    versions = content.block_versions(r, slug, block.id)
                    session.show_table(
                        pd.DataFrame(
                            [
                                {
                                    "version": v["version"],
                                    "time": pd.Timestamp(v["at"], unit="s", tz="UTC").tz_convert(
                                        session.viewer_tz()
                                    ),
                                    "by": v["by"],
                                    "action": v["action"],
                                    "status": v["block"].status,
                                    "approved by": v["block"].approved_by or "",
                                    "title": v["block"].title,
                                    "text": v["block"].body,
                                }
                                for v in reversed(versions)
                            ]
                        )
                    )

    st.subheader("New block")
    with st.form("create_block"):
        kind = st.selectbox(
            "Kind", WRITABLE_KINDS, index=None, placeholder="Choose a kind", key="create_kind"
        )
        # No key: the default follows the level being browsed.
        new_levels = st.multiselect("Levels", LEVEL_NAMES, default=[level.label])
        new_title = st.text_input("Title", max_chars=200, key="create_title")
        new_body = st.text_area("Text", max_chars=2000, key="create_body")
        code = st.text_input("Offer code (offers only)", max_chars=60, key="create_code")
        expires = st.date_input("Offer expiry (offers only)", value=None, key="create_expires")
        approve_now = st.checkbox("Approve now (publish at once)", key="create_approve")
        if st.form_submit_button("Create block", type="primary"):
            data: dict = {
                "kind": kind,
                "levels": new_levels,
                "locale": locale,
                "title": new_title,
                "body": new_body,
            }
            if kind == "offer":
                data.update({"code": code or None, "expires_at": expiry_of(expires)})
            if kind == "incident":
                data["updated_at"] = datetime.now(UTC)
            save(
                lambda: content.add_block(r, slug, data, by=who, approve=approve_now),
                "Block created" + (" and approved." if approve_now else " as a draft."),
            )

with live_preview:
    st.subheader(f"Preview: {level.label}, {locale}")
    drafts = st.toggle(
        "Include drafts",
        key="content_preview_drafts",
        help="See drafts in place before approving them.",
    )
    preview_state = content.preview_state(r, slug, level, locale, include_drafts=drafts)
    st.caption(
        f"The real widget with {len(preview_state['blocks'])} block(s); the live site keeps "
        "its own level."
    )
    components.html(preview.widget_page(preview_state), height=640, scrolling=True)
