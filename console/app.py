"""The Reassure admin console: `streamlit run console/app.py` (or `reassure console`).

Staff log in with the console password and their name (which signs the audit log), pick a
site, then watch it (Overview) and take control of its level (Override)."""

from __future__ import annotations

import redis
import streamlit as st

from console import session
from reassure import sites, staff
from reassure.errors import UnknownSite

st.set_page_config(page_title="Reassure console", page_icon=":material/shield:", layout="wide")

r = session.redis_client()
try:
    r.ping()
except redis.RedisError as exc:
    st.title("Reassure console")
    st.error(f"Cannot reach Redis at {session.redis_address()}. Is it running? ({exc})")
    st.stop()


def login_page() -> None:
    st.title("Reassure console")
    if not staff.password_is_set(r):
        st.error(
            "No console password is configured. Set REASSURE_CONSOLE_PASSWORD and start the "
            "console with `reassure console` (or `reassure up`), which stores it."
        )
        return
    with st.form("login"):
        name = st.text_input(
            "Your name",
            max_chars=120,
            help="Shown in the history next to every override you set or clear.",
        )
        password = st.text_input("Password", type="password")
        submitted = st.form_submit_button("Log in", type="primary")
    if not submitted:
        return
    if not name.strip():
        st.error("Enter your name: every override you set or clear is signed with it.")
    elif not staff.check_password(r, password):
        st.error("Wrong password.")
    else:
        session.log_in(name.strip())
        st.rerun()


if not session.logged_in():
    # Hidden navigation: before login every address shows the login form (a deep link to
    # /override lands there after login), and no view runs on its own.
    st.navigation(
        [
            st.Page(login_page, title="Log in", url_path="login", default=True),
            st.Page(login_page, title="Log in", url_path="override"),
        ],
        position="hidden",
    ).run()
    st.stop()


def site_label(slug: str) -> str:
    try:
        return f"{sites.get_site(r, slug).name} ({slug})"
    except UnknownSite:
        return slug


with st.sidebar:
    slugs = sites.list_sites(r)
    if slugs:
        if session.current_site() not in slugs:
            st.session_state[session.SITE_KEY] = slugs[0]
        st.selectbox("Site", slugs, key=session.SITE_KEY, format_func=site_label)
    else:
        st.session_state.pop(session.SITE_KEY, None)
        st.warning("No site yet. Create one with `reassure site create SLUG --name NAME`.")
    st.text(f"Logged in as {session.who()}")
    st.button("Log out", on_click=session.log_out)

st.navigation(
    [
        st.Page("views/overview.py", title="Overview", icon=":material/monitoring:", default=True),
        st.Page("views/override.py", title="Override", icon=":material/tune:"),
    ]
).run()
