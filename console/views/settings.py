"""Settings: the detector's tuning (sensitivity, thresholds, cool-down) with a calibration
preview of what the last days would have looked like before saving; allowed embed origins;
admin token rotation (the new token is shown once); notification webhooks and deliveries."""

from __future__ import annotations

import typing

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from console import session
from reassure import audit, calibration, notifications, sites
from reassure.errors import InvalidInput, NotFound

TOKEN_KEY = "settings_new_token"  # the freshly rotated token, shown once then dropped
SECRET_KEY = "settings_new_secret"  # a new webhook's signing secret, shown once

page = session.open_page("Settings")
who, slug, r, site = page.who, page.slug, page.r, page.site


def tuning_inputs(tuning: sites.Tuning) -> dict:
    """One input per simple detector parameter (whatever the detector defines). Keys name
    the site, so switching site in the sidebar shows that site's values."""
    values: dict = {}
    cols = st.columns(3)
    fields = [
        (name, info)
        for name, info in sites.Tuning.model_fields.items()
        if info.annotation in (int, float) or typing.get_origin(info.annotation) is typing.Literal
    ]
    for i, (name, info) in enumerate(fields):
        label = name.replace("_", " ").capitalize()
        current = getattr(tuning, name)
        with cols[i % 3]:
            if typing.get_origin(info.annotation) is typing.Literal:
                options = list(typing.get_args(info.annotation))
                values[name] = st.selectbox(
                    label, options, index=options.index(current), key=f"tuning_{slug}_{name}"
                )
            elif info.annotation is int:
                values[name] = st.number_input(
                    label, value=int(current), step=1, key=f"tuning_{slug}_{name}"
                )
            else:
                values[name] = st.number_input(
                    label, value=float(current), format="%g", key=f"tuning_{slug}_{name}"
                )
    return values


def candidate(values: dict) -> sites.Tuning:
    try:
        return sites.Tuning(**{**site.tuning.model_dump(), **values})
    except ValidationError as exc:
        raise InvalidInput.from_pydantic(exc, prefix="tuning") from exc


def show_calibration(tuning: sites.Tuning, days: int) -> None:
    with st.spinner("Replaying the last days with these settings…"):
        current = calibration.preview(r, slug, site.tuning, days=days)
        proposed = calibration.preview(r, slug, tuning, days=days)
    rows = []
    for name, result in (("current settings", current), ("candidate settings", proposed)):
        rows += [
            {
                "settings": name,
                "time": pd.Timestamp(t.time).tz_convert(session.viewer_tz()),
                "level": t.level.label,
                "reasons": "; ".join(t.reasons),
            }
            for t in result.transitions
        ]
    st.text(
        f"Last {days} day(s): {len(current.transitions)} level change(s) with the current "
        f"settings, {len(proposed.transitions)} with the candidate ones. Nothing is saved yet."
    )
    if rows:
        session.show_table(
            pd.DataFrame(rows), reasons=st.column_config.TextColumn("reasons", width="large")
        )


st.subheader("Detector")
with st.form("tuning"):
    values = tuning_inputs(site.tuning)
    days = st.slider("Calibration preview: days to replay", 1, 7, 7, key="calibration_days")
    cols = st.columns(2)
    previewed = cols[0].form_submit_button("Preview calibration")
    saved = cols[1].form_submit_button("Save detector settings", type="primary")
if previewed or saved:
    try:
        tuning = candidate(values)
        if saved:
            sites.update_site(r, slug, {"tuning": values}, by=who)
    except InvalidInput as exc:
        st.error(session.problems_message(exc))
    else:
        if saved:
            session.flash("Detector settings saved; the next recompute uses them.")
            st.rerun()
        show_calibration(tuning, days)

st.subheader("Site and embedding")
with st.form("site"):
    name = st.text_input("Display name", value=site.name, max_chars=120)
    locale = st.selectbox(
        "Default locale", list(sites.LOCALES), index=list(sites.LOCALES).index(site.default_locale)
    )
    origins = st.text_area(
        "Allowed embed origins (one per line)",
        value="\n".join(site.allowed_origins),
        help="Pages that may embed the widget, e.g. https://shop.example",
    )
    if st.form_submit_button("Save site settings"):
        changes = {
            "name": name,
            "default_locale": locale,
            "allowed_origins": [line.strip() for line in origins.splitlines() if line.strip()],
        }
        try:
            sites.update_site(r, slug, changes, by=who)
        except InvalidInput as exc:
            st.error(session.problems_message(exc))
        else:
            session.flash("Site settings saved.")
            st.rerun()

st.subheader("Admin token")
st.caption("Integrations (SDK, admin API) use it. Rotating it stops the old one at once.")
new_token = st.session_state.pop(TOKEN_KEY, None)
if new_token:
    st.warning("Copy the new token now: it is shown this once and stored only as a hash.")
    st.code(new_token, language=None)
confirm = st.checkbox("I understand the current token stops working", key="rotate_confirm")
if st.button("Rotate the admin token", disabled=not confirm, key="rotate_token"):
    st.session_state[TOKEN_KEY] = sites.rotate_token(r, slug)
    audit.record(r, slug, who=who, action="site.token_rotated", what="admin token rotated")
    st.session_state.pop("rotate_confirm", None)
    st.rerun()


def show_notifications() -> None:
    secret = st.session_state.pop(SECRET_KEY, None)
    if secret:
        st.warning("The endpoint's signing secret, shown this once: verify signatures with it.")
        st.code(secret, language=None)
    endpoints = notifications.list_endpoints(r, slug)
    if endpoints:
        session.show_table(
            pd.DataFrame(
                [
                    {
                        "id": e.id,
                        "url": e.url,
                        "form": e.form,
                        "events": ", ".join(e.events),
                        "keywords": ", ".join(e.keywords),
                    }
                    for e in endpoints
                ]
            )
        )
        with st.form("remove_endpoint"):
            gone = st.selectbox(
                "Endpoint",
                [e.id for e in endpoints],
                format_func=lambda i: next(e.url for e in endpoints if e.id == i),
            )
            if st.form_submit_button("Remove endpoint"):
                try:
                    notifications.remove_endpoint(r, slug, gone)
                except NotFound:  # someone else removed it since this page was drawn
                    st.warning("That endpoint was already removed.")
                else:
                    audit.record(r, slug, who=who, action="notify.remove", what=f"endpoint {gone}")
                    session.flash("Endpoint removed.")
                    st.rerun()
    else:
        st.text("No endpoint: nobody is notified of level changes yet.")
    with st.form("add_endpoint"):
        url = st.text_input("URL (https://… or mailto:…)", key="endpoint_url")
        form = st.selectbox("Format", ["generic", "slack", "email"], key="endpoint_form")
        events = st.multiselect(
            "Events",
            ["level_change", "needs_attention", "care_mention"],
            default=["level_change", "needs_attention"],
            key="endpoint_events",
        )
        keywords = st.text_input(
            "Keywords (comma separated, for care_mention)", key="endpoint_keywords"
        )
        if st.form_submit_button("Add endpoint"):
            words = [k.strip() for k in keywords.split(",") if k.strip()]
            try:
                endpoint = notifications.add_endpoint(
                    r, slug, url, form, events=events, keywords=words
                )
            except InvalidInput as exc:
                st.error(session.problems_message(exc))
            else:
                audit.record(
                    r,
                    slug,
                    who=who,
                    action="notify.add",
                    what=f"{endpoint.form} endpoint {endpoint.url}",
                )
                st.session_state[SECRET_KEY] = endpoint.secret
                session.flash("Endpoint added.")
                st.rerun()
    deliveries = notifications.deliveries(r, slug, limit=50)
    st.caption("Recent deliveries")
    if deliveries:
        session.show_table(pd.DataFrame(deliveries))
    else:
        st.text("No delivery yet.")


st.subheader("Notifications")
show_notifications()
