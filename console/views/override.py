"""Override: staff take control of the site's level for a while, with a reason and an
expiry, or hand it back to the detector. Every change is in the history and the audit log
below (exportable as CSV). A link like `/override?level=alert&minutes=120` pre-fills the form
(notifications can point straight here)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pandas as pd
import streamlit as st

from console import session
from reassure import audit, state
from reassure.errors import InvalidInput
from reassure.levels import Level

UNTIL = "Until a date and time"
PRESETS = {"30 min": 30, "2 h": 120, "24 h": 24 * 60, UNTIL: None}
# How the domain's field names read on this form.
FIELD_LABELS = {
    "level": "Level",
    "reason": "Reason",
    "by": "Your name",
    "minutes": "Expiry",
    "until": "Expiry",
    "body": "Form",
}
FORM_KEYS = (
    "override_level",
    "override_reason",
    "override_expiry",
    "override_until_date",
    "override_until_time",
)

page = session.open_page("Override")
who, slug, r, site = page.who, page.slug, page.r, page.site

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
    return session.problems_message(error, FIELD_LABELS)


def prefill_from_link() -> None:
    """Fill the form once from ?level=&minutes= (a link from a notification)."""
    params = st.query_params
    link = (params.get("level"), params.get("minutes"))
    if link[0] is None or st.session_state.get("override_prefilled") == link:
        return  # no link, or this link already filled the form once
    st.session_state["override_prefilled"] = link
    try:
        st.session_state["override_level"] = Level.parse(params["level"]).label
    except ValueError as exc:
        st.error(f"The link asks for an unknown level {params['level']!r}: {exc}. Nothing was set.")
    preset = {str(m): name for name, m in PRESETS.items() if m}.get(params.get("minutes", ""))
    if preset:
        st.session_state["override_expiry"] = preset


def chosen_until(expiry: str | None, day, moment) -> dict:
    """The expiry fields for the domain: minutes for a preset, until for a date and time."""
    if expiry == UNTIL:
        if day is None or moment is None:
            return {}
        local = datetime.combine(day, moment, tzinfo=session.viewer_tz())
        return {"until": local.timestamp()}
    minutes = PRESETS.get(expiry) if expiry else None
    return {"minutes": minutes} if minutes else {}


def reset_form() -> None:
    for key in FORM_KEYS:
        st.session_state.pop(key, None)


prefill_from_link()
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
    soon = datetime.now(session.viewer_tz()) + timedelta(hours=4)
    cols = st.columns(2)
    until_date = cols[0].date_input("Until (date)", value=soon.date(), key="override_until_date")
    until_time = cols[1].time_input(
        "Until (time)",
        value=time(soon.hour, 0),
        key="override_until_time",
        help=f"Used when '{UNTIL}' is chosen above; your time zone.",
    )
    submitted = st.form_submit_button("Set override", type="primary")

if submitted:
    payload: dict = {"level": level, "reason": reason or "", "by": who}
    payload.update(chosen_until(expiry, until_date, until_time))
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


st.subheader("Audit log")
st.caption(
    "Every override, content change, settings change and triage on this site: who, when, "
    "what and why. Entries are only ever added."
)
entries = audit.entries(r, slug, limit=5000)
if not entries:
    st.text("Nothing recorded yet.")
else:
    tz = session.viewer_tz()
    audit_frame = pd.DataFrame(
        [
            {
                "time": pd.Timestamp(e["at"], unit="s", tz="UTC").tz_convert(tz),
                "who": e["who"],
                "action": e["action"],
                "what": e["what"],
                "why": e["why"],
            }
            for e in entries
        ]
    )
    session.show_table(
        audit_frame,
        what=st.column_config.TextColumn("what", width="large"),
        why=st.column_config.TextColumn("why", width="medium"),
    )
    session.download_csv(
        "Export the audit log (CSV)",
        audit.to_csv(entries),
        file_name=f"reassure-audit-{slug}.csv",
        key="audit_csv",
    )
