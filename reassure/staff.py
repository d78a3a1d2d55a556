"""Staff access to the console: one password, stored as a scrypt hash in Redis."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import redis

from .store import Keys

_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def password_matches(password: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
    except ValueError:
        return False
    candidate = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=_N, r=_R, p=_P)
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def set_password(r: redis.Redis, password: str) -> None:
    if len(password) < 8:
        raise ValueError("the console password needs at least 8 characters")
    r.set(Keys.CONSOLE_PASSWORD, hash_password(password))


def check_password(r: redis.Redis, password: str) -> bool:
    stored = r.get(Keys.CONSOLE_PASSWORD)
    return bool(stored) and bool(password) and password_matches(password, stored)


def password_is_set(r: redis.Redis) -> bool:
    return bool(r.exists(Keys.CONSOLE_PASSWORD))
