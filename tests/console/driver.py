"""Driving the console through AppTest, as staff would: shared by the console tests and the
end-to-end story."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "console" / "app.py"
PASSWORD = "correct horse battery"


def log_in(at: AppTest, password: str = PASSWORD, name: str = "Alice") -> AppTest:
    """Log in as the account whose username is `name` (usernames ignore case)."""
    at.run()
    at.text_input(key="login_username").input(name)
    at.text_input(key="login_password").input(password)
    button(at, "Log in").click()
    return at.run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def all_text(at: AppTest) -> str:
    return "\n".join(t.value for t in at.text)


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def successes(at: AppTest) -> str:
    return "\n".join(s.value for s in at.success)


def open_page(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"views/{page}.py").run()


def open_override_page(at: AppTest) -> AppTest:
    return open_page(at, "override")


def fill_override(at: AppTest, level: str, reason: str, expiry: str = "2 h") -> AppTest:
    at.selectbox(key="override_level").select(level)
    at.text_area(key="override_reason").input(reason)
    at.radio(key="override_expiry").set_value(expiry)
    button(at, "Set override").click()
    return at.run()


def table_cells(at: AppTest) -> list[str]:
    """Every cell of every table on the page, as text."""
    return [v for frame in at.dataframe for v in frame.value.astype(str).to_numpy().ravel()]


def rendered_markup(at: AppTest) -> list[str]:
    """What the page rendered as markdown (where HTML or markdown tricks could take effect)."""
    return [
        m.value for m in (*at.markdown, *at.caption, *at.error, *at.warning, *at.info, *at.success)
    ]
