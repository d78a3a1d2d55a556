"""Testimonials: the approval queue of drafts made from real mentions, the approved ones
(what pages may quote), and retiring. The product never invents a testimonial: each one
quotes a mention, under the name its author agreed to."""

from __future__ import annotations

import streamlit as st

from console import session
from reassure import content
from reassure.errors import InvalidInput

page = session.open_page("Testimonials")
who, slug, r = page.who, page.slug, page.r
st.caption("Drafts come from positive mentions (Mentions page, with the author's consent).")

testimonials = [b for b in content.list_blocks(r, slug) if b.kind == "testimonial"]


def change(block: content.Block, status: str, message: str) -> None:
    try:
        content.set_status(r, slug, block.id, status, by=who)
    except InvalidInput as exc:
        st.error(session.problems_message(exc))
    else:
        session.flash(message)
        st.rerun()


def card(block: content.Block) -> None:
    with st.container(border=True):
        st.text(block.body)
        source = f"{block.author or 'anonymous'} · {block.source or ''} · {block.date or ''}"
        rating = f" · {block.rating:g}/5" if block.rating is not None else ""
        levels = ", ".join(level.label for level in block.levels)
        st.text(f"{source}{rating} · {block.locale} · levels {levels}")
        st.text(
            f"drafted by {block.created_by}"
            + (f" · approved by {block.approved_by}" if block.approved_by else "")
        )
        cols = st.columns(4)
        if block.status == "draft":
            if cols[0].button("Approve", key=f"t_approve_{block.id}", type="primary"):
                change(block, "approved", "Testimonial approved: pages may now quote it.")
            if cols[1].button("Reject", key=f"t_reject_{block.id}"):
                change(block, "retired", "Draft rejected.")
        elif block.status == "approved":
            if cols[0].button("Retire", key=f"t_retire_{block.id}"):
                change(block, "retired", "Testimonial retired: pages no longer quote it.")
        elif cols[0].button("Back to the queue", key=f"t_requeue_{block.id}"):
            change(block, "draft", "Back in the approval queue.")


for status, heading, empty in (
    ("draft", "Waiting for approval", "No draft waiting."),
    ("approved", "Approved (pages may quote them)", "No approved testimonial."),
    ("retired", "Retired", "None retired."),
):
    group = [b for b in testimonials if b.status == status]
    st.subheader(f"{heading} ({len(group)})")
    if not group:
        st.text(empty)
    for block in group:
        card(block)
