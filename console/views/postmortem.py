"""Post-mortem: choose an episode (the level above calm, from its rise back to calm), read
its timeline — first signal, transitions, overrides, content changes and what pages showed,
volumes — and export it as Markdown or CSV."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from console import session
from reassure import postmortem

page = session.open_page("Post-mortem")
slug, r, site = page.slug, page.r, page.site

found = postmortem.episodes(r, slug)
if not found:
    st.text("No episode yet: the level has not left calm.")
    st.stop()

episode = st.selectbox(
    "Episode", found, format_func=lambda e: e.label() + " UTC", key="postmortem_episode"
)
rows = postmortem.timeline(r, slug, episode)
duration = (episode.end or time.time()) - episode.start
cols = st.columns(3)
cols[0].metric("Peak level", episode.peak.label)
cols[1].metric("Duration", session.format_duration(max(0.0, duration)))
cols[2].metric("Level changes", sum(row.kind == "transition" for row in rows))

tz = session.viewer_tz()
frame = pd.DataFrame(
    [
        {
            "time": pd.Timestamp(row.time, unit="s", tz="UTC").tz_convert(tz),
            "kind": row.kind,
            "level": row.level,
            "detail": row.detail,
        }
        for row in rows
    ],
    columns=["time", "kind", "level", "detail"],
)
kinds = st.multiselect(
    "Show",
    sorted(frame["kind"].unique()),
    default=sorted(frame["kind"].unique()),
    key="postmortem_kinds",
)
session.show_table(
    frame[frame["kind"].isin(kinds)], detail=st.column_config.TextColumn("detail", width="large")
)

stamp = pd.Timestamp(episode.start, unit="s", tz="UTC").strftime("%Y%m%d-%H%M")
cols = st.columns(2)
cols[0].download_button(
    "Export as Markdown",
    postmortem.to_markdown(site, episode, rows),
    file_name=f"postmortem-{slug}-{stamp}.md",
    mime="text/markdown",
    key="postmortem_md",
)
cols[1].download_button(
    "Export as CSV",
    postmortem.to_csv(rows),
    file_name=f"postmortem-{slug}-{stamp}.csv",
    mime="text/csv",
    key="postmortem_csv",
)
