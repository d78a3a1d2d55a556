"""`reassure staff …`: accounts from the command line and from a TOML file."""

from __future__ import annotations

import subprocess
import sys

from reassure import staff
from tests.conftest import ROOT, child_env


def reassure(redis_url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reassure.cli", *args],
        env=child_env(redis_url, **env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_staff_add_creates_a_named_account_that_can_log_in(r, redis_server):
    done = reassure(
        redis_server.url,
        "staff",
        "add",
        "Bob",
        "--name",
        "Bob Lee",
        REASSURE_STAFF_PASSWORD="a long enough password",
    )
    assert done.returncode == 0, done.stderr
    assert staff.authenticate(r, "bob", "a long enough password").name == "Bob Lee"
    listed = reassure(redis_server.url, "staff", "list")
    assert listed.stdout.strip() == "bob\tBob Lee"


def test_staff_add_refuses_a_short_password_naming_it(r, redis_server):
    done = reassure(
        redis_server.url, "staff", "add", "bob", "--name", "Bob", REASSURE_STAFF_PASSWORD="short"
    )
    assert done.returncode == 2
    assert "password" in done.stderr
    assert not staff.has_accounts(r)


def test_a_hash_from_staff_hash_works_in_a_staff_file(r, redis_server, tmp_path):
    hashed = reassure(
        redis_server.url, "staff", "hash", REASSURE_STAFF_PASSWORD="carol's password"
    ).stdout.strip()
    path = tmp_path / "staff.toml"
    path.write_text(f'[[staff]]\nusername = "carol"\nname = "Carol"\npassword_hash = "{hashed}"\n')
    staff.load_file(r, path)
    assert staff.authenticate(r, "carol", "carol's password").name == "Carol"
