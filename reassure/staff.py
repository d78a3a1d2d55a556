"""Staff accounts for the console: named accounts (so the audit log says who), each with a
scrypt-hashed password, kept in Redis.

Accounts come from three places, all ending in the same Redis hash:
- `reassure staff add USERNAME --name "Display Name"` (password prompted, or read from
  REASSURE_STAFF_PASSWORD for scripts);
- a TOML file named by REASSURE_STAFF_FILE, loaded by `reassure console` and `reassure up`
  (`[[staff]]` tables with `username`, `name` and `password_hash` from `reassure staff hash`);
- `reassure up` keeps an `admin` account whose password is REASSURE_CONSOLE_PASSWORD (or one
  generated once and printed), so the demo always has a working login.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import time
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

import redis

from .errors import InvalidInput
from .store import Keys

_N, _R, _P = 2**14, 8, 1
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
MIN_PASSWORD = 8
DEFAULT_ADMIN = "admin"
DEFAULT_IDLE_MINUTES = 30
# Checked against when the username is unknown, so a login takes as long either way.
_DUMMY_HASH = "scrypt$" + base64.b64encode(b"0" * 16).decode() + "$" + "A" * 88


@dataclass(frozen=True)
class Account:
    username: str
    name: str  # how the audit log names this person
    password_hash: str
    created_at: float


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def password_matches(password: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=_N, r=_R, p=_P)
        return hmac.compare_digest(candidate, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


def normalize_username(username: str) -> str:
    return (username or "").strip().lower()


def _validated(username: str, name: str) -> tuple[str, str]:
    problems = []
    user = normalize_username(username)
    if not USERNAME_PATTERN.match(user):
        problems.append(("username", "use 1-40 letters, digits, dots, dashes or underscores"))
    display = (name or "").strip()
    if not display or len(display) > 120:
        problems.append(("name", "a display name of 1-120 characters is required"))
    if problems:
        raise InvalidInput(problems)
    return user, display


def _check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise InvalidInput.one("password", f"needs at least {MIN_PASSWORD} characters")


def add_account(r: redis.Redis, username: str, name: str, password: str) -> Account:
    """Create or replace an account (replacing is how a password is reset)."""
    user, display = _validated(username, name)
    _check_password_strength(password)
    return _store(r, Account(user, display, hash_password(password), time.time()))


def add_hashed_account(r: redis.Redis, username: str, name: str, password_hash: str) -> Account:
    """Create or replace an account from a hash made by `reassure staff hash`."""
    user, display = _validated(username, name)
    if not str(password_hash).startswith("scrypt$") or password_hash.count("$") != 2:
        raise InvalidInput.one("password_hash", "expected a hash from `reassure staff hash`")
    return _store(r, Account(user, display, password_hash, time.time()))


def _store(r: redis.Redis, account: Account) -> Account:
    r.hset(Keys.STAFF, account.username, json.dumps(asdict(account)))
    return account


def remove_account(r: redis.Redis, username: str) -> bool:
    return bool(r.hdel(Keys.STAFF, normalize_username(username)))


def get_account(r: redis.Redis, username: str) -> Account | None:
    raw = r.hget(Keys.STAFF, normalize_username(username))
    return Account(**json.loads(raw)) if raw else None


def list_accounts(r: redis.Redis) -> list[Account]:
    accounts = [Account(**json.loads(raw)) for raw in r.hvals(Keys.STAFF)]
    return sorted(accounts, key=lambda a: a.username)


def authenticate(r: redis.Redis, username: str, password: str) -> Account | None:
    """The account when the username and password match, else None."""
    account = get_account(r, username) if username else None
    stored = account.password_hash if account else _DUMMY_HASH
    matches = password_matches(password or "", stored)
    return account if account and password and matches else None


def has_accounts(r: redis.Redis) -> bool:
    return bool(r.hlen(Keys.STAFF))


def set_password(r: redis.Redis, password: str, username: str = DEFAULT_ADMIN) -> Account:
    """Set the password of one account (the demo's `admin` by default), keeping its name."""
    existing = get_account(r, username)
    return add_account(r, username, existing.name if existing else username.title(), password)


def load_file(r: redis.Redis, path: Path) -> list[Account]:
    """Load `[[staff]]` entries (username, name, password_hash) from a TOML file; the whole
    file is checked before any account is written."""
    try:
        data = tomllib.loads(Path(path).read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput.one("REASSURE_STAFF_FILE", f"cannot read {path}: {exc}") from exc
    entries = data.get("staff", [])
    if not isinstance(entries, list):
        raise InvalidInput.one("staff", "expected [[staff]] tables")
    problems, checked = [], []
    for i, entry in enumerate(entries):
        try:
            if not isinstance(entry, dict):
                raise InvalidInput.one("entry", "expected a table")
            user, display = _validated(entry.get("username", ""), entry.get("name", ""))
            hashed = str(entry.get("password_hash", ""))
            if not hashed.startswith("scrypt$") or hashed.count("$") != 2:
                raise InvalidInput.one(
                    "password_hash", "expected a hash from `reassure staff hash`"
                )
            checked.append((user, display, hashed))
        except InvalidInput as exc:
            problems += [(f"staff[{i}].{field}", message) for field, message in exc.problems]
    if problems:
        raise InvalidInput(problems)
    return [add_hashed_account(r, *entry) for entry in checked]


def idle_timeout_minutes() -> float:
    """Minutes of inactivity after which a console session ends (REASSURE_CONSOLE_IDLE_MINUTES)."""
    raw = os.environ.get("REASSURE_CONSOLE_IDLE_MINUTES", "")
    try:
        value = float(raw) if raw else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return value if value > 0 else DEFAULT_IDLE_MINUTES
