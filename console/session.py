"""What every console page shares: the Redis client, the staff login, the chosen site, and
a few display helpers. Product rules live in reassure/; this module only holds UI state."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import redis
import streamlit as st

from reassure import settings, sites, staff, store
from reassure.errors import InvalidInput

WHO_KEY = "console_who"  # the account's display name, signs every change in the audit log
USER_KEY = "console_user"  # the account's username
SEEN_KEY = "console_seen"  # epoch seconds of the last interaction (idle timeout)
SITE_KEY = "console_site"  # the slug picked in the sidebar
FLASH_KEY = "console_flash"  # a one-shot success message shown after a rerun
EXPIRED_KEY = "console_expired"  # set when the idle timeout ended the session


@st.cache_resource(show_spinner=False)
def _client(url: str) -> redis.Redis:
    return store.connect(url)


def redis_address() -> str:
    return settings.load().redis_address


def redis_client() -> redis.Redis:
    """One client (and connection pool) per Redis address, shared by every session."""
    return _client(redis_address())


# -- login --------------------------------------------------------------------------------


def who() -> str | None:
    return st.session_state.get(WHO_KEY)


def logged_in() -> bool:
    return bool(who())


def log_in(account: staff.Account) -> None:
    st.session_state[WHO_KEY] = account.name
    st.session_state[USER_KEY] = account.username
    st.session_state[SEEN_KEY] = time.time()
    st.session_state.pop(EXPIRED_KEY, None)


def log_out() -> None:
    for key in (WHO_KEY, USER_KEY, SEEN_KEY, SITE_KEY, FLASH_KEY):
        st.session_state.pop(key, None)


def keep_alive(now: float | None = None) -> bool:
    """Record activity; end the session (and say so) after the idle timeout. False if ended.
    A page that refreshes itself does not count as activity: only runs of the whole app do."""
    now = time.time() if now is None else now
    if not logged_in():
        return False
    seen = st.session_state.get(SEEN_KEY, now)
    if now - seen > staff.idle_timeout_minutes() * 60:
        log_out()
        st.session_state[EXPIRED_KEY] = True
        return False
    st.session_state[SEEN_KEY] = now
    return True


def session_expired() -> bool:
    return bool(st.session_state.get(EXPIRED_KEY))


def require_login() -> str:
    """Stop the page unless staff logged in (a page must never render on its own)."""
    name = who()
    if not name:
        st.error("Please log in first: open the console's home page.")
        st.stop()
    return name


# -- site -----------------------------------------------------------------------------------


def current_site() -> str | None:
    return st.session_state.get(SITE_KEY)


def require_site() -> str:
    require_login()
    slug = current_site()
    if not slug:
        st.info("Pick a site in the sidebar.")
        st.stop()
    return slug


@dataclass(frozen=True)
class Page:
    """What a page works with: who is acting, on which site, through which Redis."""

    who: str
    slug: str
    r: redis.Redis
    site: sites.Site


def open_page(title: str) -> Page:
    """Every site page starts here: login and site required, title, pending flash message."""
    who = require_login()
    slug = require_site()
    r = redis_client()
    site = sites.get_site(r, slug)
    st.title(f"{title} · {site.name}")
    show_flash()
    return Page(who, slug, r, site)


# -- one-shot messages ----------------------------------------------------------------------


def flash(message: str) -> None:
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message)


# -- display helpers ------------------------------------------------------------------------


def viewer_tz() -> tzinfo:
    """The viewer's time zone when the browser tells us, else UTC."""
    name = st.context.timezone
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


def as_local(epoch_seconds: float) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, viewer_tz())


def format_time(epoch_seconds: float, seconds: bool = False) -> str:
    moment = as_local(epoch_seconds)
    return f"{moment:%Y-%m-%d %H:%M{':%S' if seconds else ''}} {moment.tzname()}"


def format_duration(seconds: float) -> str:
    """'1 h 05 min', '12 min', 'under a minute'."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under a minute"
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(f"{days} d")
    if hours:
        parts.append(f"{hours} h")
    if minutes or not parts:
        parts.append(f"{minutes:02d} min" if parts else f"{minutes} min")
    return " ".join(parts)


def show_table(frame, **columns) -> None:
    """A table of plain-text cells (st.dataframe never renders HTML or markdown, so untrusted
    mention text stays text), with the console's time format on its "time" column."""
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "time": st.column_config.DatetimeColumn("time", format="YYYY-MM-DD HH:mm:ss"),
            **columns,
        },
    )


def problems_message(error: InvalidInput, labels: dict[str, str] | None = None) -> str:
    """'Nothing was saved' and one line per wrong field, in the form's own words."""
    labels = labels or {}
    lines = []
    for field, message in error.problems:
        head = field.split(".")[0].split("[")[0]
        message = message.removeprefix("Value error, ")  # pydantic's wording, not ours
        lines.append(f"{labels.get(field, labels.get(head, field))}: {message}")
    return "Nothing was saved. Please fix:\n" + "\n".join(f"- {line}" for line in lines)


def download_csv(label: str, data: str, file_name: str, key: str) -> None:
    st.download_button(label, data, file_name=file_name, mime="text/csv", key=key)


def time_left(until: float, now: float | None = None) -> str:
    now = time.time() if now is None else now
    return format_duration(max(0.0, until - now))
