"""The Reassure admin console: `streamlit run console/app.py` (or `reassure console`).

Staff log in with their own account (its name signs the audit log), pick a site, then watch
it, act on it and prepare for the next crisis. One file per page under console/views/."""

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

# (file, title, icon, section): the order staff meet them in the sidebar.
PAGES = [
    ("views/overview.py", "Overview", ":material/monitoring:", "Watch"),
    ("views/mentions.py", "Mentions", ":material/forum:", "Watch"),
    ("views/signals.py", "Signals", ":material/show_chart:", "Watch"),
    ("views/override.py", "Override", ":material/tune:", "Act"),
    ("views/content.py", "Content library", ":material/library_books:", "Act"),
    ("views/testimonials.py", "Testimonials", ":material/reviews:", "Act"),
    ("views/settings.py", "Settings", ":material/settings:", "Prepare"),
    ("views/drills.py", "Drill mode", ":material/fitness_center:", "Prepare"),
    ("views/postmortem.py", "Post-mortem", ":material/history_edu:", "Prepare"),
]


def login_page() -> None:
    st.title("Reassure console")
    if session.session_expired():
        st.warning(
            f"Your session ended after {staff.idle_timeout_minutes():g} minutes without "
            "activity. Please log in again."
        )
    if not staff.has_accounts(r):
        st.error(
            "No staff account exists yet. Create one with `reassure staff add USERNAME --name "
            "'Your Name'`, or start the console with `reassure console` (or `reassure up`) and "
            "REASSURE_CONSOLE_PASSWORD set, which creates the `admin` account."
        )
        return
    with st.form("login"):
        username = st.text_input("Username", max_chars=40, key="login_username")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Log in", type="primary")
    if not submitted:
        return
    if not username.strip() or not password:
        missing = [
            name
            for name, value in (("username", username.strip()), ("password", password))
            if not value
        ]
        st.error(f"Enter your {' and '.join(missing)}.")
        return
    account = staff.authenticate(r, username, password)
    if account is None:
        st.error("Wrong username or password.")
        return
    session.log_in(account)
    st.rerun()


if not session.keep_alive():
    # Hidden navigation: before login every address shows the login form (a deep link lands
    # there, then on its page after login), and no view runs on its own.
    hidden = [st.Page(login_page, title="Log in", url_path="login", default=True)]
    hidden += [
        st.Page(
            login_page, title="Log in", url_path=path.removeprefix("views/").removesuffix(".py")
        )
        for path, *_ in PAGES
    ]
    st.navigation(hidden, position="hidden").run()
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

sections: dict[str, list] = {}
for path, title, icon, section in PAGES:
    sections.setdefault(section, []).append(
        st.Page(path, title=title, icon=icon, default=path == PAGES[0][0])
    )
st.navigation(sections).run()
