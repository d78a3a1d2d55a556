"""The HTTP client for one Reassure site."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

import requests

from . import __version__
from .errors import ApiError, ConnectionFailed, FieldError, TokenRequired, error_for
from .models import IngestResult, Mention, State, jsonable

# Per request: at most this many mentions, and a body well under the server's default limit
# (1 MiB), so a batch of long texts is split rather than refused with 413.
BATCH_SIZE = 500
BATCH_BYTES = 900_000

_MENTION_INDEX = re.compile(r"\bmentions\[(\d+)\]")


class Client:
    """A client for one site's API.

    >>> with Client("https://reassure.example.com", "demo", token="...") as client:
    ...     state = client.state(locale="fr", slot="checkout")
    ...     client.ingest([{"source": "reviews", "external_id": "r-1", "text": "Great!"}])

    ``token`` is the site's admin token; only the admin calls need it (and only they send it,
    so public reads stay cacheable). ``timeout`` (seconds, or a requests (connect, read)
    tuple) applies to each request. Pass your own ``session`` to share a connection pool or
    configure proxies/TLS; the client closes only a session it created itself.
    """

    def __init__(
        self,
        base_url: str,
        site: str,
        token: str | None = None,
        timeout: float | tuple[float, float] = 5.0,
        session: requests.Session | None = None,
    ) -> None:
        if not re.match(r"^https?://[^/]", base_url or ""):
            raise ValueError(f"base_url must be an http:// or https:// URL, got {base_url!r}")
        if not site:
            raise ValueError("site must be a site id, like 'demo'")
        self.base_url = base_url.rstrip("/")
        self.site = site
        self.token = token or None
        self.timeout = timeout
        self._own_session = session is None
        self._session = session if session is not None else requests.Session()
        self._site_url = f"{self.base_url}/v1/sites/{quote(site, safe='')}"
        self._headers = {
            "Accept": "application/json",
            "User-Agent": f"funnel-sdk/{__version__} requests/{requests.__version__}",
        }

    def __repr__(self) -> str:  # never show the token
        auth = "with token" if self.token else "no token"
        return f"<funnel_sdk.Client {self.base_url} site={self.site!r} {auth}>"

    # -- lifecycle ------------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP session, if this client created it."""
        if self._own_session:
            self._session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- public ---------------------------------------------------------------------------

    def state(self, locale: str | None = None, slot: str | None = None) -> State:
        """What a page should show now: effective level and approved content for the locale
        (``fr-CA`` is served as ``fr``; an unsupported one falls back to the site's default)
        and the page slot (which narrows the kinds of blocks)."""
        params = {k: v for k, v in {"locale": locale, "slot": slot}.items() if v}
        return State.from_dict(self._request("GET", "/state", params=params))

    # -- admin ----------------------------------------------------------------------------

    def ingest(self, mentions: Iterable[Mapping[str, Any] | Mention]) -> IngestResult:
        """Send mentions, in as many requests as needed (``BATCH_SIZE`` per request), and
        return the totals. Ingest is idempotent by ``source`` + ``external_id``: a mention
        sent again is counted in ``duplicates``, never stored twice, so after an error it is
        safe to send the whole lot again. Batches sent before an error stay stored; the
        error's field paths (``mentions[i]...``) index into the whole iterable."""
        self._require_token()
        accepted = duplicates = requests_made = 0
        ids: list[str | None] = []
        for offset, body in _batches(mentions):
            try:
                result = self._request("POST", "/mentions", data=body, admin=True, json_body=True)
            except ApiError as exc:
                if offset and exc.fields:
                    raise _shift_indexes(exc, offset) from None
                raise
            requests_made += 1
            accepted += int(result.get("accepted", 0))
            duplicates += int(result.get("duplicates", 0))
            ids.extend(result.get("ids") or ())
        return IngestResult(accepted, duplicates, tuple(ids), requests_made)

    def set_override(
        self,
        level: int | str,
        reason: str,
        minutes: float | None = None,
        until: datetime | float | None = None,
        by: str | None = None,
    ) -> dict:
        """Force the level pages show (0-3 or calm/watch/alert/crisis) for ``minutes`` from
        now or ``until`` a moment (a datetime, or epoch seconds). Returns the admin state."""
        self._require_token()
        if minutes is not None and until is not None:
            raise ValueError("give minutes or until, not both")
        body: dict[str, Any] = {"level": level, "reason": reason}
        if minutes is not None:
            body["minutes"] = minutes
        if until is not None:
            body["until"] = until.timestamp() if isinstance(until, datetime) else until
        if by is not None:
            body["by"] = by
        return self._request("PUT", "/override", data=_dumps(body), admin=True, json_body=True)

    def clear_override(self, by: str | None = None) -> dict:
        """End the override: pages show the detector's level again. Returns the admin state."""
        self._require_token()
        params = {"by": by} if by is not None else None
        return self._request("DELETE", "/override", params=params, admin=True)

    def admin_state(self) -> dict:
        """Computed and effective level, override, reasons and signals."""
        self._require_token()
        return self._request("GET", "/admin/state", admin=True)

    def history(self, limit: int = 100) -> list[dict]:
        """Changes of the effective level, newest first, with their causes."""
        self._require_token()
        return self._request("GET", "/history", params={"limit": limit}, admin=True)["transitions"]

    # -- plumbing -------------------------------------------------------------------------

    def _require_token(self) -> None:
        if not self.token:
            raise TokenRequired(
                f"this call needs the admin token of site {self.site!r}: "
                "Client(base_url, site, token=...)"
            )

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        admin: bool = False,
        json_body: bool = False,
    ) -> Any:
        headers = dict(self._headers)
        if admin:
            headers["Authorization"] = f"Bearer {self.token}"
        if json_body:
            headers["Content-Type"] = "application/json"
        url = self._site_url + path
        try:
            response = self._session.request(
                method, url, params=params, data=data, headers=headers, timeout=self.timeout
            )
        except requests.Timeout as exc:
            raise ConnectionFailed(f"{method} {url}: no answer within {self.timeout}s") from exc
        except requests.RequestException as exc:
            raise ConnectionFailed(f"{method} {url}: {exc}") from exc
        if response.status_code >= 400:
            raise _error_from(response)
        try:
            return response.json()
        except ValueError as exc:
            raise ApiError(
                response.status_code,
                "invalid_response",
                f"expected JSON from {method} {url}, got {response.headers.get('Content-Type')}",
            ) from exc


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _batches(mentions: Iterable[Mapping[str, Any] | Mention]) -> Iterator[tuple[int, bytes]]:
    """(index of the batch's first mention, JSON body), lazily, so a generator of a million
    mentions is never held in memory."""
    parts: list[bytes] = []
    size = offset = 0
    for index, item in enumerate(mentions):
        if isinstance(item, Mention):
            data = item.to_dict()
        elif isinstance(item, Mapping):
            data = jsonable(item)
        else:
            raise TypeError(f"mentions[{index}] must be a dict or a Mention, not {type(item)}")
        encoded = _dumps(data)
        if parts and (len(parts) >= BATCH_SIZE or size + len(encoded) + 1 > BATCH_BYTES):
            yield offset, b'{"mentions":[' + b",".join(parts) + b"]}"
            parts, size, offset = [], 0, index
        parts.append(encoded)
        size += len(encoded) + 1
    if parts:
        yield offset, b'{"mentions":[' + b",".join(parts) + b"]}"


def _shift_indexes(exc: ApiError, offset: int) -> ApiError:
    """Rewrite ``mentions[i]`` field paths of one batch as indexes into the whole input."""

    def shift(name: str) -> str:
        return _MENTION_INDEX.sub(lambda m: f"mentions[{int(m.group(1)) + offset}]", name)

    fields = tuple(FieldError(shift(f.field), f.message) for f in exc.fields)
    return type(exc)(exc.status, exc.code, shift(exc.message), fields)


def _error_from(response: requests.Response) -> ApiError:
    """The typed error for an error response: the API's JSON error when there is one,
    else what HTTP says (a proxy's HTML page, say)."""
    status = response.status_code
    code, message, fields = f"http_{status}", response.reason or f"HTTP {status}", ()
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        code = str(error.get("code") or code)
        message = str(error.get("message") or message)
        fields = tuple(
            FieldError(str(f.get("field", "")), str(f.get("message", "")))
            for f in error.get("fields") or ()
            if isinstance(f, dict)
        )
    return error_for(status, code, message, fields)
