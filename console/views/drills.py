"""Drill mode: rehearse a crisis on a copy of the site (`<slug>-drill`) so the live widget
is untouched — unless staff choose, and confirm, to show the drill on the live widget (an
override on the live site at the drill's level, for a bounded time). Start a drill from a
scenario, act on the copy (pick it in the sidebar: set an override, publish content), then
read the report: time to detect, time to first action, what the widget showed at each level,
and whether and until when the live widget followed it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from console import session
from reassure import drills
from reassure.errors import InvalidInput
from reassure.levels import Level

page = session.open_page("Drill mode")
who, slug, r, site = page.who, page.slug, page.r, page.site

scenarios = drills.available_scenarios()
live_slug = slug.removesuffix(drills.DRILL_SUFFIX) if drills.is_drill(slug) else slug
if drills.is_drill(slug):
    st.info(f"This is a drill copy. Drills are started and reported from {live_slug}.")

if not drills.is_drill(slug):
    with st.form("start_drill"):
        scenario = st.selectbox(
            "Scenario",
            list(scenarios),
            index=None,
            placeholder="Choose a scenario",
            format_func=lambda name: f"{name}: {scenarios[name]}",
            key="drill_scenario",
        )
        lang = st.selectbox(
            "Language of the mentions",
            ["en", "fr"],
            index=["en", "fr"].index(site.default_locale),
            key="drill_lang",
        )
        st.caption(
            f"Replays into {drills.drill_slug(slug)} (reset first). Unless you choose to show "
            "it on the live widget below, the live site and its widget are not touched."
        )
        show_live = st.checkbox("Show the drill on the live widget", key="drill_show_live")
        live_minutes = st.number_input(
            "For how many minutes (live only)",
            min_value=drills.LIVE_MINUTES_MIN,
            max_value=drills.LIVE_MINUTES_MAX,
            value=drills.LIVE_MINUTES_DEFAULT,
            step=5,
            key="drill_live_minutes",
        )
        confirmed = st.checkbox(
            f"I understand that real visitors of {site.name} will see the drill's level on the "
            "live widget until it expires or is cleared from the Override page",
            key="drill_live_confirm",
        )
        if st.form_submit_button("Start the drill", type="primary"):
            if show_live and not confirmed:
                st.error(
                    "Nothing was started and the live site was not touched: showing the drill "
                    "on the live widget means real visitors see it, so tick the confirmation "
                    "that they will — or untick “Show the drill on the live widget” to drill on "
                    "the copy only."
                )
            else:
                try:
                    with st.spinner("Replaying the scenario…"):
                        record = drills.start(
                            r,
                            slug,
                            scenario or "",
                            by=who,
                            lang=lang,
                            show_live=show_live,
                            live_minutes=int(live_minutes),
                        )
                except InvalidInput as exc:
                    st.error(
                        session.problems_message(
                            exc,
                            {
                                "scenario": "Scenario",
                                "show_live": "Show the drill on the live widget",
                                "live_minutes": "For how many minutes",
                            },
                        )
                    )
                else:
                    message = (
                        f"Drill started: {record['drill_site']} is at "
                        f"{Level(max([0] + [t['to'] for t in record['transitions']])).label}. "
                        "Pick it in the sidebar and respond as you would for real."
                    )
                    if record["shown_live"]:
                        shown = record["live_override"]
                        message += (
                            f" The live widget of {slug} shows {Level(shown['level']).label} "
                            f"until {session.format_time(shown['until'])}."
                        )
                    elif record["live_note"]:
                        message += f" Not shown on the live widget: {record['live_note']}."
                    session.flash(message)
                    st.rerun()


def duration(seconds: float | None, missing: str) -> str:
    return missing if seconds is None else session.format_duration(seconds)


history = drills.list_drills(r, live_slug)
st.subheader("Reports")
if not history:
    st.text("No drill yet.")
for index, drill in enumerate(history):
    report = drills.report(r, drill)
    title = (
        f"{session.format_time(report['started_at'])} · {report['scenario']} · "
        f"peak {Level(report['peak']).label} · by {report['started_by']}"
    )
    with st.expander(title, expanded=index == 0):
        cols = st.columns(3)
        cols[0].metric("Time to detect", duration(report["time_to_detect"], "not detected"))
        cols[1].metric(
            "Time to first action", duration(report["time_to_first_action"], "no action yet")
        )
        cols[2].metric("Peak level", Level(report["peak"]).label)
        shown, end = report.get("live_override"), report["live_end"]
        if shown and end and not end["ended"]:
            st.warning(
                f"The live widget of {live_slug} follows this drill: "
                f"{Level(shown['level']).label} until {session.format_time(end['at'])}. "
                "Clear it from the Override page to end it now."
            )
        elif shown and end:
            st.text(
                f"Shown on the live widget at {Level(shown['level']).label} from "
                f"{session.format_time(shown['set_at'])}; ended "
                f"{session.format_time(end['at'])} ({end['how']})."
            )
        elif report.get("live_note"):
            st.text(f"Not shown on the live widget: {report['live_note']}.")
        else:
            st.text(f"Not shown on the live widget: only {report['drill_site']} was touched.")
        action = report["first_action"]
        if action:
            st.text(f"First action: {action['action']} by {action['who']}: {action['what']}")
        else:
            st.text(
                f"No override or content change on {report['drill_site']} yet: pick it in the "
                "sidebar and respond."
            )
        tz = session.viewer_tz()
        transitions = pd.DataFrame(
            [
                {
                    "time": pd.Timestamp(t["at"], unit="s", tz="UTC").tz_convert(tz),
                    "from": Level(t["from"]).label,
                    "to": Level(t["to"]).label,
                    "reasons": "; ".join(t["reasons"]),
                }
                for t in report["transitions"]
            ],
            columns=["time", "from", "to", "reasons"],
        )
        st.caption("Level changes the detector made during the replay")
        session.show_table(transitions, reasons=st.column_config.TextColumn(width="large"))
        st.caption("What the widget showed at each level")
        shown = pd.DataFrame(
            [
                {
                    "level": s["level"],
                    "locale": s["locale"],
                    "kind": b["kind"],
                    "title": b["title"],
                    "text": b["body"],
                }
                for s in report["shown"]
                for b in s["blocks"]
            ],
            columns=["level", "locale", "kind", "title", "text"],
        )
        session.show_table(shown, text=st.column_config.TextColumn(width="large"))
