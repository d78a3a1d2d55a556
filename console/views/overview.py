"""Overview: how bad is it, why, what are customers seeing. The site's level right now
(computed, override, effective), the reasons, key signals with sparklines, the mentions that
need a human, what the widget showed at this level, and the volume and mood per minute.
The live part refreshes itself."""

from __future__ import annotations

import time

import altair as alt
import pandas as pd
import redis
import streamlit as st

from console import session
from reassure import buckets, impressions, processing, state, triage
from reassure.levels import PAGES_SHOW, Level

WINDOWS = {"1 h": 60, "3 h": 180, "6 h": 360, "24 h": 1440}
SENTIMENT_COLORS = {"negative": "#d62728", "neutral": "#9e9e9e", "positive": "#2ca02c"}
LEVEL_COLORS = {
    Level.CALM: "green",
    Level.WATCH: "blue",
    Level.ALERT: "orange",
    Level.CRISIS: "red",
}
SPARK_MINUTES = 60
REFRESH_SECONDS = 10

page = session.open_page("Overview")
slug, r, site = page.slug, page.r, page.site
window_label = st.segmented_control(
    "Chart window",
    list(WINDOWS),
    default="3 h",
    key="overview_window",
)
window_minutes = WINDOWS.get(window_label or "3 h", 180)


def show_levels(current: state.SiteState, now: float) -> None:
    effective, computed, override = current.effective, current.computed, current.override
    color = LEVEL_COLORS[effective]
    st.markdown(
        f"## :{color}-background[ {effective.label.upper()} ] "
        f":{color}[pages show: {PAGES_SHOW[effective]}]"
    )
    cols = st.columns(3)
    with cols[0]:
        st.metric("Effective level (what pages show)", effective.label.upper(), border=True)
    with cols[1]:
        st.metric("Computed level (detector)", computed.label)
    with cols[2]:
        st.metric("Override", override.level.label if override else "none")
        if override:
            st.text(f"{session.time_left(override.until, now)} left")
    if override:
        st.text(
            f"Override {override.level.label} set by {override.by} "
            f"at {session.format_time(override.set_at)}, until "
            f"{session.format_time(override.until)}.\nReason: {override.reason}"
        )
    if current.updated_at:
        st.caption(f"Detector last ran {session.format_duration(now - current.updated_at)} ago.")
    else:
        st.caption("The detector has not run for this site yet.")


def show_reasons(current: state.SiteState) -> None:
    st.subheader("Why this computed level")
    if not current.reasons:
        st.text("No reasons recorded yet.")
    for reason in current.reasons:
        st.text(f"• {reason}")
    top = current.signals.get("top_mentions") or []
    if top:
        st.caption("The mentions that weigh most right now")
        rows = [
            {
                "time": pd.Timestamp(m.get("created_at")).tz_convert(session.viewer_tz()),
                "sentiment": m.get("sentiment", ""),
                "reach": m.get("reach"),
                "categories": ", ".join(m.get("categories") or []),
                "text": m.get("text", ""),
            }
            for m in top
            if isinstance(m, dict)
        ]
        session.show_table(
            pd.DataFrame(rows), text=st.column_config.TextColumn("text", width="large")
        )


def show_signals(current: state.SiteState, now: float) -> None:
    """The last hour at a glance, each figure with its per-minute sparkline."""
    end = int(now // 60) + 1
    counts = buckets.minutes(r, slug, end - SPARK_MINUTES, end)
    series = [counts.get(m, buckets.Counts()) for m in range(end - SPARK_MINUTES, end)]
    hour = buckets.total(series)
    cols = st.columns(4)
    cols[0].metric("Mentions, last hour", hour.n, chart_data=[c.n for c in series], border=True)
    cols[1].metric("Negative, last hour", hour.neg, chart_data=[c.neg for c in series], border=True)
    share = f"{hour.neg / hour.n:.0%}" if hour.n else "n/a"
    cols[2].metric(
        "Negative share, last hour",
        share,
        chart_data=[round(c.neg / c.n, 2) if c.n else 0 for c in series],
        border=True,
    )
    recent = processing.recent_mentions(r, slug, limit=processing.RECENT_CAP)
    waiting = triage.attention_count(r, slug, recent)
    cols[3].metric(
        "Mentions needing attention",
        waiting,
        border=True,
        help="Flagged by the detector and not marked handled yet (see Mentions).",
    )
    numbers = {
        name: value
        for name, value in current.signals.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    if numbers:
        with st.expander("Detector signals"):
            frame = pd.DataFrame(
                {"signal": list(numbers), "value": [f"{v:g}" for v in numbers.values()]}
            )
            session.show_table(frame)


def show_impressions(current: state.SiteState) -> None:
    st.subheader(f"What visitors saw at {current.effective.label} (last 24 h)")
    counts = impressions.counts(r, slug, level=current.effective, hours=24)
    if not counts:
        st.text("No impression recorded at this level in the last 24 hours.")
        return
    rows = [
        {
            "kind": kind,
            "impressions": c.get("impressions", 0),
            "clicks": c.get("clicks", 0),
            "click rate": f"{c.get('clicks', 0) / c['impressions']:.1%}"
            if c.get("impressions")
            else "n/a",
        }
        for kind, c in sorted(counts.items())
    ]
    session.show_table(pd.DataFrame(rows))


def show_backlog() -> None:
    try:
        waiting = processing.backlog(r, slug)
    except redis.ResponseError:
        return
    unscored = (waiting.get("lag") or 0) + (waiting.get("pending") or 0)
    if unscored:
        st.warning(
            f"{unscored} mention(s) are waiting to be scored. If this number does not fall, "
            "check that a worker is running (`reassure worker`)."
        )


def mentions_frame() -> pd.DataFrame:
    tz = session.viewer_tz()
    rows = [
        {
            "time": m.created_at.astimezone(tz),
            "source": m.source,
            "lang": m.lang,
            "sentiment": m.sentiment,
            "compound": m.compound,
            "text": m.text,
            "author": m.author or "",
        }
        for m in processing.recent_mentions(r, slug, limit=200)
    ]
    columns = ["time", "source", "lang", "sentiment", "compound", "text", "author"]
    return pd.DataFrame(rows, columns=columns)


def show_mentions() -> None:
    st.subheader("Recent mentions")
    frame = mentions_frame()
    if frame.empty:
        st.text("No mention scored yet.")
        return
    session.show_table(
        frame,
        compound=st.column_config.NumberColumn("compound", format="%.3f"),
        text=st.column_config.TextColumn("text", width="large"),
    )


def minutes_frame(now: float, span: int) -> pd.DataFrame:
    end = int(now // 60) + 1
    start = end - span
    counts = buckets.minutes(r, slug, start, end)
    tz = session.viewer_tz()
    rows = []
    for minute in range(start, end):
        c = counts.get(minute, buckets.Counts())
        rows.append(
            {
                "minute": pd.Timestamp(minute * 60, unit="s", tz="UTC").tz_convert(tz),
                "negative": c.neg,
                "neutral": c.neutral,
                "positive": c.pos,
                "mentions": c.n,
                "mean sentiment": c.mean_sentiment if c.n else None,
            }
        )
    return pd.DataFrame(rows)


def volume_chart(frame: pd.DataFrame) -> alt.LayerChart:
    counts = frame.melt(
        id_vars=["minute"],
        value_vars=list(SENTIMENT_COLORS),
        var_name="sentiment",
        value_name="count",
    )
    bars = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("minute:T", title=None),
            y=alt.Y("sum(count):Q", title="mentions per minute", stack="zero"),
            color=alt.Color(
                "sentiment:N",
                scale=alt.Scale(
                    domain=list(SENTIMENT_COLORS), range=list(SENTIMENT_COLORS.values())
                ),
                legend=alt.Legend(orient="top", title=None),
            ),
            order=alt.Order("sentiment:N"),
            tooltip=["minute:T", "sentiment:N", "count:Q"],
        )
    )
    mood = (
        alt.Chart(frame.dropna(subset=["mean sentiment"]))
        .mark_line(
            point=True,
            color="#1f77b4",
        )
        .encode(
            x="minute:T",
            y=alt.Y(
                "mean sentiment:Q",
                title="mean sentiment (line)",
                scale=alt.Scale(domain=[-1, 1]),
            ),
            tooltip=["minute:T", alt.Tooltip("mean sentiment:Q", format=".2f"), "mentions:Q"],
        )
    )
    return alt.layer(bars, mood).resolve_scale(y="independent").properties(height=320)


def show_chart(now: float) -> None:
    st.subheader("Volume and mood per minute")
    frame = minutes_frame(now, window_minutes)
    if not frame["mentions"].any():
        st.text(f"No mentions in the last {window_label or '3 h'}.")
        return
    st.altair_chart(volume_chart(frame), width="stretch")


@st.fragment(run_every=REFRESH_SECONDS)
def live() -> None:
    now = time.time()
    current = state.read(r, slug, now)
    show_levels(current, now)
    show_backlog()
    show_signals(current, now)
    show_reasons(current)
    show_impressions(current)
    show_chart(now)
    show_mentions()
    st.caption(
        f"Refreshed {session.format_time(now, seconds=True)}; refreshes every {REFRESH_SECONDS} s."
    )


live()
