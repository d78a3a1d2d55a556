"""Override: staff take control of the site's level for a while, with a reason and their
name, or hand it back to the detector. Every change is in the history below."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from console import session
from reassure import sites, state
from reassure.errors import InvalidInput
from reassure.levels import Level

PRESETS = {"30 min": 30, "2 h": 120, "24 h": 24 * 60, "Other": None}
# How the domain's field names read on this form.
FIELD_LABELS = {
    "level": "Level",
    "reason": "Reason",
    "by": "Your name",
    "minutes": "Expiry",
    "until": "Expiry",
    "body": "Form",
}
FORM_KEYS = ("override_level", "override_reason", "override_expiry", "override_minutes")

who = session.require_login()
slug = session.require_site()
r = session.redis_client()
site = sites.get_site(r, slug)

st.title(f"Override · {site.name}")
session.show_flash()

current = state.read(r, slug)
cols = st.columns(3)
cols[0].metric("Effective level", current.effective.label.upper())
cols[1].metric("Computed level (detector)", current.computed.label)
cols[2].metric("Override", current.override.level.label if current.override else "none")
if current.override:
    o = current.override
    st.text(
        f"Override {o.level.label} set by {o.by}, {session.time_left(o.until)} left "
        f"(until {session.format_time(o.until)}).\nReason: {o.reason}"
    )


def problems_message(error: InvalidInput) -> str:
    lines = [
        f"{FIELD_LABELS.get(field.split('.')[0], field)}: {message}"
        for field, message in error.problems
    ]
    return "Nothing was saved. Please fix:\n" + "\n".join(f"- {line}" for line in lines)


def reset_form() -> None:
    for key in FORM_KEYS:
        st.session_state.pop(key, None)


st.subheader("Set an override")
st.caption(
    "An override wins over the detector until it expires or is cleared; then the computed "
    "level applies again."
)
with st.form("override"):
    level = st.selectbox(
        "Level",
        [lvl.label for lvl in Level],
        index=None,
        placeholder="Choose a level",
        key="override_level",
    )
    reason = st.text_area(
        "Reason",
        max_chars=500,
        key="override_reason",
        placeholder="Why? e.g. delivery outage confirmed, incident note published",
    )
    expiry = st.radio(
        "Expires in",
        list(PRESETS),
        index=None,
        horizontal=True,
        key="override_expiry",
    )
    custom_minutes = st.number_input(
        "Other duration (minutes)",
        min_value=1,
        step=15,
        value=None,
        key="override_minutes",
        help="Used when 'Other' is chosen above.",
    )
    submitted = st.form_submit_button("Set override", type="primary")

if submitted:
    payload: dict = {"level": level, "reason": reason or "", "by": who}
    minutes = PRESETS.get(expiry) if expiry else None
    if expiry == "Other":
        minutes = custom_minutes
    if minutes is not None:
        payload["minutes"] = minutes
    try:
        after = state.set_override(r, slug, payload)
    except InvalidInput as exc:
        st.error(problems_message(exc))
    else:
        reset_form()
        session.flash(
            f"Override set: pages now show {after.effective.label.upper()}"
            + (f" until {session.format_time(after.override.until)}." if after.override else ".")
        )
        st.rerun()

st.subheader("Hand back to the detector")
if st.button("Clear override", disabled=current.override is None, key="clear_override"):
    try:
        after = state.clear_override(r, slug, who)
    except InvalidInput as exc:
        st.error(problems_message(exc))
    else:
        session.flash(
            f"Override cleared: pages now show the computed level, {after.effective.label.upper()}."
        )
        st.rerun()


def label(value: int | None) -> str:
    return "" if value is None else Level(value).label


def history_frame() -> pd.DataFrame:
    tz = session.viewer_tz()
    rows = []
    for entry in state.history(r, slug, limit=200):
        override = entry.get("override") or {}
        rows.append(
            {
                "time": pd.Timestamp(entry["at"], unit="s", tz="UTC").tz_convert(tz),
                "from": label(entry.get("from")),
                "to": label(entry.get("to")),
                "computed": label(entry.get("computed")),
                "override": label(override.get("level")),
                "by": override.get("by", ""),
                "cause": entry.get("cause", ""),
                "reasons": "; ".join(entry.get("reasons") or []),
            }
        )
    columns = ["time", "from", "to", "computed", "override", "by", "cause", "reasons"]
    return pd.DataFrame(rows, columns=columns)


st.subheader("History")
frame = history_frame()
if frame.empty:
    st.text("No change recorded yet.")
else:
    session.show_table(
        frame,
        cause=st.column_config.TextColumn("cause", width="large"),
        reasons=st.column_config.TextColumn("reasons", width="large"),
    )
