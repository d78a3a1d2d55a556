"""Signals: the talk per hour stacked by sentiment, the negative share with its 95 %
interval (Wilson, honest at small counts), and the effective level over time with overrides
shaded and every transition annotated. The range is selectable."""

from __future__ import annotations

import time

import altair as alt
import pandas as pd
import streamlit as st

from console import session
from reassure import buckets, state
from reassure.levels import Level
from reassure.stats import wilson_lower

RANGES = {"24 h": 24, "3 days": 72, "7 days": 168, "30 days": 720}
SENTIMENT_COLORS = {"negative": "#d62728", "neutral": "#9e9e9e", "positive": "#2ca02c"}
LEVEL_NAMES = [level.label for level in Level]

page = session.open_page("Signals")
who, slug, r = page.who, page.slug, page.r
span = st.segmented_control("Range", list(RANGES), default="24 h", key="signals_range") or "24 h"
now = time.time()
hours = RANGES[span]
tz = session.viewer_tz()


def stamp(epoch: float) -> pd.Timestamp:
    return pd.Timestamp(epoch, unit="s", tz="UTC").tz_convert(tz)


def hourly_frame() -> pd.DataFrame:
    end = int(now // 3600) + 1
    counts = buckets.hours(r, slug, end - hours, end)
    rows = []
    for hour in range(end - hours, end):
        c = counts.get(hour, buckets.Counts())
        share = c.neg / c.n if c.n else None
        rows.append(
            {
                "hour": stamp(hour * 3600),
                "negative": c.neg,
                "neutral": c.neutral,
                "positive": c.pos,
                "mentions": c.n,
                "share": share,
                # Wilson is symmetric: the upper bound of p is 1 - the lower bound of 1 - p.
                "low": wilson_lower(c.neg, c.n) if c.n else None,
                "high": 1 - wilson_lower(c.n - c.neg, c.n) if c.n else None,
            }
        )
    return pd.DataFrame(rows)


def volume_chart(frame: pd.DataFrame) -> alt.Chart:
    counts = frame.melt(
        id_vars=["hour"], value_vars=list(SENTIMENT_COLORS), var_name="sentiment", value_name="n"
    )
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X("hour:T", title=None, scale=alt.Scale(domain=time_domain(frame))),
            y=alt.Y("sum(n):Q", title="mentions per hour", stack="zero"),
            color=alt.Color(
                "sentiment:N",
                scale=alt.Scale(
                    domain=list(SENTIMENT_COLORS), range=list(SENTIMENT_COLORS.values())
                ),
                legend=alt.Legend(orient="top", title=None),
            ),
            tooltip=["hour:T", "sentiment:N", "n:Q"],
        )
        .properties(height=260)
    )


def share_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """A point per hour with talk, its 95 % interval as a bar (honest even for one hour)."""
    known = frame.dropna(subset=["share"])
    x = alt.X("hour:T", title=None, scale=alt.Scale(domain=time_domain(frame)))
    base = alt.Chart(known).encode(x=x)
    interval = base.mark_rule(color="#d62728", opacity=0.35, strokeWidth=6).encode(
        y=alt.Y("low:Q", title="negative share (95 % interval)", scale=alt.Scale(domain=[0, 1])),
        y2="high:Q",
    )
    share = base.mark_line(
        point=alt.OverlayMarkDef(color="#d62728", filled=True, size=50), color="#d62728"
    ).encode(
        y="share:Q",
        tooltip=[
            "hour:T",
            alt.Tooltip("share:Q", format=".0%"),
            alt.Tooltip("low:Q", format=".0%"),
            alt.Tooltip("high:Q", format=".0%"),
            "mentions:Q",
        ],
    )
    return alt.layer(interval, share).properties(height=220)


def time_domain(frame: pd.DataFrame) -> list[str]:
    """The whole selected range, so a quiet stretch shows as quiet, not cropped away."""
    return [frame["hour"].min().isoformat(), (frame["hour"].max()).isoformat()]


def level_frames(since: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Steps of the effective level, and the override periods, within the range."""
    entries = list(reversed(state.history(r, slug, limit=state.HISTORY_CAP)))
    before = [e for e in entries if e["at"] < since]
    level = before[-1]["to"] if before else 0
    steps = [{"time": stamp(since), "level": Level(level).label, "cause": "start of range"}]
    overrides: dict[float, dict] = {}
    for e in entries:
        o = e.get("override")
        if o and o["set_at"] not in overrides:
            overrides[o["set_at"]] = {
                "start": o["set_at"],
                "end": o["until"],
                "who": o["by"],
                "reason": o["reason"],
                "level": Level(o["level"]).label,
            }
        if "override cleared" in e.get("cause", "") or "override expired" in e.get("cause", ""):
            for period in overrides.values():
                if period["start"] <= e["at"] < period["end"]:
                    period["end"] = e["at"]
        if e["at"] >= since:
            steps.append(
                {"time": stamp(e["at"]), "level": Level(e["to"]).label, "cause": e.get("cause", "")}
            )
    steps.append({"time": stamp(now), "level": steps[-1]["level"], "cause": "now"})
    periods = [
        {**p, "start": stamp(max(p["start"], since)), "end": stamp(min(p["end"], now))}
        for p in overrides.values()
        if p["end"] > since
    ]
    return pd.DataFrame(steps), pd.DataFrame(periods)


def level_chart(steps: pd.DataFrame, periods: pd.DataFrame) -> alt.LayerChart:
    y = alt.Y(
        "level:N",
        sort=LEVEL_NAMES[::-1],
        scale=alt.Scale(domain=LEVEL_NAMES[::-1]),
        title="effective level",
    )
    line = (
        alt.Chart(steps)
        .mark_line(interpolate="step-after", color="#333")
        .encode(x=alt.X("time:T", title=None), y=y)
    )
    marks = steps[~steps["cause"].isin(["start of range", "now"])]
    points = (
        alt.Chart(marks)
        .mark_point(filled=True, size=60, color="#333")
        .encode(x="time:T", y=y, tooltip=["time:T", "level:N", "cause:N"])
    )
    labels = (
        alt.Chart(marks)
        .mark_text(align="left", dx=5, dy=-8, fontSize=11)
        .encode(x="time:T", y=y, text="level:N")
    )
    layers = [line, points, labels]
    if not periods.empty:
        shade = (
            alt.Chart(periods)
            .mark_rect(opacity=0.18, color="#ff7f0e")
            .encode(
                x="start:T",
                x2="end:T",
                tooltip=[
                    alt.Tooltip("level:N", title="override"),
                    "who:N",
                    "reason:N",
                    "start:T",
                    "end:T",
                ],
            )
        )
        layers.insert(0, shade)
    return alt.layer(*layers).properties(height=220)


frame = hourly_frame()
st.subheader("Mentions per hour, by sentiment")
if frame["mentions"].sum():
    st.altair_chart(volume_chart(frame), width="stretch")
    st.subheader("Negative share per hour, with its 95 % interval")
    st.caption("A wide band means few mentions: the share alone would overstate the trend.")
    st.altair_chart(share_chart(frame), width="stretch")
else:
    st.text(f"No mentions in the last {span}.")

st.subheader("Level over time")
st.caption("Shaded: an override was in force. Points: transitions (hover for the cause).")
steps, periods = level_frames(now - hours * 3600)
st.altair_chart(level_chart(steps, periods), width="stretch")
changes = steps[~steps["cause"].isin(["start of range", "now"])]
if changes.empty:
    st.text(f"The effective level did not change in the last {span}.")
else:
    session.show_table(
        changes.sort_values("time", ascending=False),
        time=st.column_config.DatetimeColumn("time", format="YYYY-MM-DD HH:mm:ss"),
        cause=st.column_config.TextColumn("cause", width="large"),
    )
