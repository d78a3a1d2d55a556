"""Mentions: what people say, filterable (time range, source, sentiment, category, language,
needs attention), always shown as text. Staff triage a mention (handled, assignee, note) and
turn a positive one into a testimonial draft, with the author's consent and display name."""

from __future__ import annotations

import time

import streamlit as st

from console import mention_rows, session
from reassure import content, processing, triage
from reassure.errors import InvalidInput

RANGES = {"1 h": 3600, "6 h": 6 * 3600, "24 h": 24 * 3600, "7 days": 7 * 86400, "All": None}
TRIAGE_LABELS = {"note": "Note", "assignee": "Assignee", "mention_id": "Mention", "by": "You"}
PROMOTE_LABELS = {
    "consent": "Consent",
    "display_name": "Display name",
    "mention_id": "Mention",
    "locale": "Locale",
}

page = session.open_page("Mentions")
who, slug, r = page.who, page.slug, page.r

mentions = processing.recent_mentions(r, slug, limit=processing.RECENT_CAP)
triaged = triage.all_triage(r, slug)
frame = mention_rows.frame(mentions, triaged, session.viewer_tz())

with st.container(border=True):
    cols = st.columns([1, 2, 2, 2, 1, 1])
    span = cols[0].selectbox("Time range", list(RANGES), index=2, key="mentions_range")
    sources = cols[1].multiselect("Source", sorted(frame["source"].unique()), key="mentions_source")
    moods = cols[2].multiselect(
        "Sentiment", ["negative", "neutral", "positive"], key="mentions_sentiment"
    )
    known_categories = sorted({c for m in mentions for c in m.categories})
    categories = cols[3].multiselect("Category", known_categories, key="mentions_category")
    langs = cols[4].multiselect("Language", sorted(frame["lang"].unique()), key="mentions_lang")
    attention_only = cols[5].checkbox("Needs attention", key="mentions_attention")

shown = frame
if RANGES[span]:
    since = time.time() - RANGES[span]
    shown = shown[[t.timestamp() >= since for t in shown["time"]]]
if sources:
    shown = shown[shown["source"].isin(sources)]
if moods:
    shown = shown[shown["sentiment"].isin(moods)]
if categories:
    wanted = set(categories)
    shown = shown[[bool(wanted & set(c.split(", "))) for c in shown["categories"]]]
if langs:
    shown = shown[shown["lang"].isin(langs)]
if attention_only:
    shown = shown[shown["attention"]]

st.caption(f"{len(shown)} of {len(frame)} recent mentions.")
if shown.empty:
    st.text("No mention matches these filters.")
    st.stop()
session.show_table(
    shown,
    compound=st.column_config.NumberColumn("compound", format="%.3f"),
    text=st.column_config.TextColumn("text", width="large"),
    attention=st.column_config.CheckboxColumn("attention"),
    handled=st.column_config.CheckboxColumn("handled"),
)

by_id = {m.id: m for m in mentions}
chosen_id = st.selectbox(
    "Mention to work on",
    list(shown["id"]),
    format_func=lambda mention_id: mention_rows.label(by_id[mention_id]),
    key="mentions_chosen",
)
mention = by_id[chosen_id]
st.text(f"Full text:\n{mention.text}")
reasons = mention.attention_reasons
if reasons:
    st.text("Flagged because: " + "; ".join(reasons))

left, right = st.columns(2)
with left, st.form("triage"):
    st.subheader("Triage")
    current = triaged.get(chosen_id) or triage.Triage()
    handled = st.checkbox("Handled", value=current.handled)
    assignee = st.text_input("Assignee", value=current.assignee, max_chars=120)
    note = st.text_area("Note", value=current.note, max_chars=1000)
    if st.form_submit_button("Save triage"):
        try:
            triage.set_triage(
                r, slug, chosen_id, handled=handled, assignee=assignee, note=note, by=who
            )
        except InvalidInput as exc:
            st.error(session.problems_message(exc, TRIAGE_LABELS))
        else:
            session.flash("Triage saved.")
            st.rerun()

with right, st.form("promote"):
    st.subheader("Make it a testimonial")
    st.caption(
        "Only with the author's consent, under the name they agreed to. The draft waits for "
        "approval on the Testimonials page; its words cannot be edited."
    )
    display_name = st.text_input("Display name", max_chars=120, key="promote_name")
    locale = st.selectbox(
        "Locale",
        ["en", "fr"],
        index=["en", "fr"].index(mention.lang) if mention.lang in ("en", "fr") else 0,
        key="promote_locale",
    )
    consent = st.checkbox("The author agreed to be quoted under this name", key="promote_consent")
    if st.form_submit_button("Create testimonial draft"):
        try:
            draft = content.testimonial_from_mention(
                r, slug, chosen_id, display_name, by=who, consent=consent, locale=locale
            )
        except InvalidInput as exc:
            st.error(session.problems_message(exc, PROMOTE_LABELS))
        else:
            session.flash(f"Testimonial draft {draft.id} created; approve it on Testimonials.")
            st.rerun()
