"""The HTTP client for one Reassure site."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util.retry import Retry

from . import __version__
from .errors import (
    ApiError,
    ConnectionFailed,
    FieldError,
    ReassureError,
    TokenRequired,
    error_for,
)
from .models import (
    ContentBlock,
    Delivery,
    Endpoint,
    IngestResult,
    Mention,
    State,
    jsonable,
)

log = logging.getLogger("funnel_sdk")

# Per request: at most this many mentions, and a body well under the server's default limit
# (1 MiB), so a batch of long texts is split rather than refused with 413.
BATCH_SIZE = 500
BATCH_BYTES = 900_000

_MENTION_INDEX = re.compile(r"\bmentions\[(\d+)\]")
# Only calls that are safe to repeat are retried: reads, PUT/DELETE (they set a value), and
# ingest, a POST that is idempotent by source + external_id (its own adapter, below).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = (502, 503, 504)


@dataclass(frozen=True)
class _Cached:
    state: State
    etag: str | None
    fetched_at: float  # time.monotonic()


class Client:
    """A client for one site's API.

    >>> with Client("https://reassure.example.com", "demo", token="...") as client:
    ...     state = client.state(locale="fr", slot="checkout")
    ...     client.ingest([{"source": "reviews", "external_id": "r-1", "text": "Great!"}])

    ``token`` is the site's admin token; only the admin calls need it (and only they send it,
    so public reads stay cacheable). ``timeout`` (seconds, or a requests (connect, read)
    tuple) applies to each attempt. Idempotent calls are retried ``retries`` times on
    connection errors and 502/503/504, with a short exponential backoff.

    ``state()`` is meant for page rendering: answers are cached ``cache_ttl`` seconds (then
    revalidated with the ETag); when the API fails, the last known state is served for up
    to ``stale_ttl`` seconds, else a calm default, and the API is left alone for
    ``error_backoff`` seconds so a down API does not slow every page. It raises only when
    ``strict=True`` (here or per call).

    Pass your own ``session`` to share a connection pool or configure proxies/TLS; the
    client then leaves its adapters alone (no retries) and never closes it.
    """

    def __init__(
        self,
        base_url: str,
        site: str,
        token: str | None = None,
        timeout: float | tuple[float, float] = 5.0,
        session: requests.Session | None = None,
        *,
        strict: bool = False,
        cache_ttl: float = 5.0,
        stale_ttl: float = 24 * 3600.0,
        error_backoff: float = 5.0,
        retries: int = 2,
    ) -> None:
        if not re.match(r"^https?://[^/]", base_url or ""):
            raise ValueError(f"base_url must be an http:// or https:// URL, got {base_url!r}")
        if not site:
            raise ValueError("site must be a site id, like 'demo'")
        self.base_url = base_url.rstrip("/")
        self.site = site
        self.token = token or None
        self.timeout = timeout
        self.strict = strict
        self.cache_ttl = cache_ttl
        self.stale_ttl = stale_ttl
        self.error_backoff = error_backoff
        self._own_session = session is None
        self._session = session if session is not None else requests.Session()
        self._site_url = f"{self.base_url}/v1/sites/{quote(site, safe='')}"
        self._headers = {
            "Accept": "application/json",
            "User-Agent": f"funnel-sdk/{__version__} requests/{requests.__version__}",
        }
        self._cache: dict[tuple[str, str], _Cached] = {}
        self._api_down_until: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()
        if self._own_session and retries > 0:
            self._mount_retries(retries)

    def __repr__(self) -> str:  # never show the token
        auth = "with token" if self.token else "no token"
        return f"<funnel_sdk.Client {self.base_url} site={self.site!r} {auth}>"

    def _mount_retries(self, retries: int) -> None:
        def adapter(methods: frozenset[str]) -> HTTPAdapter:
            retry = Retry(
                total=retries,
                backoff_factor=0.2,
                status_forcelist=RETRY_STATUSES,
                allowed_methods=methods,
                raise_on_status=False,
                respect_retry_after_header=True,
            )
            return HTTPAdapter(max_retries=retry)

        # requests picks the longest mounted prefix: ingest gets POST retries, nothing else.
        self._session.mount(self.base_url + "/", adapter(IDEMPOTENT_METHODS))
        self._session.mount(self._site_url + "/mentions", adapter(IDEMPOTENT_METHODS | {"POST"}))

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

    def state(
        self, locale: str | None = None, slot: str | None = None, *, strict: bool | None = None
    ) -> State:
        """What a page should show now: effective level and approved content for the locale
        (``fr-CA`` is served as ``fr``; an unsupported one falls back to the site's default)
        and the page slot (which narrows the kinds of blocks). ``served_from`` says whether
        it is fresh, cached, stale or the calm default."""
        strict = self.strict if strict is None else strict
        key = (locale or "", slot or "")
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
            down_until = self._api_down_until.get(key, 0.0)
        if cached and now - cached.fetched_at < self.cache_ttl:
            return replace(cached.state, served_from="cache")
        if not strict and now < down_until:
            return self._fallback(cached, now, locale, slot)
        try:
            fresh = self._fetch_state(locale, slot, cached)
        except ReassureError as exc:
            if strict:
                raise
            log.warning("reassure state unavailable, serving a fallback: %s", exc)
            with self._lock:
                self._api_down_until[key] = now + self.error_backoff
            return self._fallback(cached, now, locale, slot)
        with self._lock:
            self._cache[key] = fresh
            self._api_down_until.pop(key, None)
        return fresh.state

    def clear_cache(self) -> None:
        """Forget cached states (admin calls that change what pages show do this)."""
        with self._lock:
            self._cache.clear()
            self._api_down_until.clear()

    def _fetch_state(self, locale: str | None, slot: str | None, cached: _Cached | None):
        params = {k: v for k, v in {"locale": locale, "slot": slot}.items() if v}
        extra = {"If-None-Match": cached.etag} if cached and cached.etag else None
        response = self._send("GET", "/state", params=params, extra_headers=extra)
        now = time.monotonic()
        if response.status_code == 304 and cached:
            return _Cached(replace(cached.state, served_from="api"), cached.etag, now)
        data = _json_of(response)
        try:
            state = State.from_dict(data)
        except (ValueError, TypeError, AttributeError) as exc:
            raise ApiError(response.status_code, "invalid_response", f"not a state: {exc}") from exc
        return _Cached(state, response.headers.get("ETag"), now)

    def _fallback(
        self, cached: _Cached | None, now: float, locale: str | None, slot: str | None
    ) -> State:
        if cached and now - cached.fetched_at < self.stale_ttl:
            return replace(cached.state, served_from="stale")
        return State.calm_default(self.site, locale, slot)

    # -- admin ----------------------------------------------------------------------------

    def ingest(self, mentions: Iterable[Mapping[str, Any] | Mention]) -> IngestResult:
        """Send mentions, in as many requests as needed (``BATCH_SIZE`` per request), and
        return the totals. Ingest is idempotent by ``source`` + ``external_id``: a mention
        sent again is counted in ``duplicates``, never stored twice, so the client retries a
        batch after a connection error or a 502/503/504, and after any error it is safe to
        send the whole lot again. Batches sent before an error stay stored; the error's field
        paths (``mentions[i]...``) index into the whole iterable."""
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
        self.clear_cache()
        return self._request("PUT", "/override", data=_dumps(body), admin=True, json_body=True)

    def clear_override(self, by: str | None = None) -> dict:
        """End the override: pages show the detector's level again. Returns the admin state."""
        self._require_token()
        params = {"by": by} if by is not None else None
        self.clear_cache()
        return self._request("DELETE", "/override", params=params, admin=True)

    def admin_state(self) -> dict:
        """Computed and effective level, override, reasons and signals."""
        self._require_token()
        return self._request("GET", "/admin/state", admin=True)

    def history(self, limit: int = 100) -> list[dict]:
        """Changes of the effective level, newest first, with their causes."""
        self._require_token()
        return self._request("GET", "/history", params={"limit": limit}, admin=True)["transitions"]

    # -- admin: content -------------------------------------------------------------------

    def blocks(self) -> list[ContentBlock]:
        """Every block of the content library, drafts and retired ones included."""
        self._require_token()
        answer = self._request("GET", "/content", admin=True)
        return [ContentBlock.from_dict(b) for b in answer["blocks"]]

    def add_block(
        self,
        kind: str,
        locale: str,
        body: str,
        *,
        title: str = "",
        levels: Iterable[int | str] | None = None,
        by: str | None = None,
        **fields: Any,
    ) -> ContentBlock:
        """Draft a block (``kind``: reassurance, guarantee, faq, offer, incident; for real
        testimonials use ``testimonial_from_mention``). ``levels`` defaults to every level;
        other fields (``position``, ``code``, ``expires_at``...) pass through. It is served
        only once approved."""
        self._require_token()
        data: dict[str, Any] = {"kind": kind, "locale": locale, "body": body, "title": title}
        if levels is not None:
            data["levels"] = list(levels)
        data.update(jsonable(fields))
        payload = {"block": data, **({"by": by} if by else {})}
        answer = self._request("POST", "/content", data=_dumps(payload), admin=True, json_body=True)
        return ContentBlock.from_dict(answer)

    def approve_block(self, block_id: str, by: str | None = None) -> ContentBlock:
        """Approve a block: pages show it from now on, at its levels and locale."""
        return self._block_status(block_id, "approve", by)

    def retire_block(self, block_id: str, by: str | None = None) -> ContentBlock:
        """Retire a block: pages stop showing it; it stays in the library's history."""
        return self._block_status(block_id, "retire", by)

    def update_block(self, block_id: str, *, by: str | None = None, **changes: Any) -> ContentBlock:
        """Edit a block's fields (``body``, ``title``, ``levels``, ``code``...). An approved
        block goes back to draft until someone approves the new words."""
        self._require_token()
        payload = {"changes": jsonable(changes), **({"by": by} if by else {})}
        path = f"/content/{quote(block_id, safe='')}"
        self.clear_cache()
        answer = self._request("PATCH", path, data=_dumps(payload), admin=True, json_body=True)
        return ContentBlock.from_dict(answer)

    def reorder_blocks(self, block_ids: Iterable[str], by: str | None = None) -> list[ContentBlock]:
        """Give the blocks positions 0, 1, 2... in this order (pages show a kind by position)."""
        self._require_token()
        payload = {"block_ids": list(block_ids), **({"by": by} if by else {})}
        self.clear_cache()
        answer = self._request(
            "PUT", "/content/order", data=_dumps(payload), admin=True, json_body=True
        )
        return [ContentBlock.from_dict(b) for b in answer["blocks"]]

    def block_versions(self, block_id: str) -> list[dict]:
        """Every stored version of a block, oldest first: version, at, by, action, block."""
        self._require_token()
        path = f"/content/{quote(block_id, safe='')}/versions"
        return self._request("GET", path, admin=True)["versions"]

    def audit_log(self, limit: int = 100) -> list[dict]:
        """Newest first: who changed what (overrides, content, settings), when and why."""
        self._require_token()
        return self._request("GET", "/audit", params={"limit": limit}, admin=True)["entries"]

    def _block_status(self, block_id: str, action: str, by: str | None) -> ContentBlock:
        self._require_token()
        path = f"/content/{quote(block_id, safe='')}/{action}"
        body = _dumps({"by": by} if by else {})
        self.clear_cache()
        answer = self._request("POST", path, data=body, admin=True, json_body=True)
        return ContentBlock.from_dict(answer)

    def testimonial_from_mention(
        self,
        mention_id: str,
        display_name: str,
        *,
        consent: bool,
        locale: str | None = None,
        by: str | None = None,
    ) -> ContentBlock:
        """Draft a testimonial from a real mention (its id from ``IngestResult.ids``), shown
        under the name its author agreed to; ``consent=True`` records that they agreed.
        Approve it with ``approve_block``."""
        self._require_token()
        data: dict[str, Any] = {
            "mention_id": mention_id,
            "display_name": display_name,
            "consent": consent,
        }
        if locale:
            data["locale"] = locale
        if by:
            data["by"] = by
        answer = self._request(
            "POST", "/testimonials", data=_dumps(data), admin=True, json_body=True
        )
        return ContentBlock.from_dict(answer)

    # -- admin: notifications -------------------------------------------------------------

    def add_endpoint(
        self,
        url: str,
        form: str = "generic",
        *,
        events: Iterable[str] | None = None,
        keywords: Iterable[str] = (),
        secret: str | None = None,
    ) -> Endpoint:
        """Send notifications to ``url`` (``form``: "generic" JSON, "slack", or "email" with
        a mailto: url). ``events``: level_change, needs_attention (the default) and
        care_mention (mentions matching ``keywords``, for a CRM). The answer carries the
        signing secret: keep it for ``funnel_sdk.webhooks.verify``; it is not shown again."""
        self._require_token()
        data: dict[str, Any] = {"url": url, "form": form, "keywords": list(keywords)}
        if events is not None:
            data["events"] = list(events)
        if secret is not None:
            data["secret"] = secret
        answer = self._request(
            "POST", "/notifications/endpoints", data=_dumps(data), admin=True, json_body=True
        )
        return Endpoint.from_dict(answer)

    def endpoints(self) -> list[Endpoint]:
        """The site's notification endpoints (without their secrets)."""
        self._require_token()
        answer = self._request("GET", "/notifications/endpoints", admin=True)
        return [Endpoint.from_dict(e) for e in answer["endpoints"]]

    def remove_endpoint(self, endpoint_id: str) -> None:
        """Stop sending notifications to an endpoint."""
        self._require_token()
        path = f"/notifications/endpoints/{quote(endpoint_id, safe='')}"
        self._request("DELETE", path, admin=True)

    def deliveries(self, limit: int = 50) -> list[Delivery]:
        """Recent notification deliveries, newest first: status, attempts, last error."""
        self._require_token()
        answer = self._request(
            "GET", "/notifications/deliveries", params={"limit": limit}, admin=True
        )
        return [Delivery.from_dict(d) for d in answer["deliveries"]]

    # -- plumbing -------------------------------------------------------------------------

    def _require_token(self) -> None:
        if not self.token:
            raise TokenRequired(
                f"this call needs the admin token of site {self.site!r}: "
                "Client(base_url, site, token=...)"
            )

    def _request(self, method: str, path: str, **options: Any) -> Any:
        """`_send`, then the answer's JSON."""
        return _json_of(self._send(method, path, **options))

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        admin: bool = False,
        json_body: bool = False,
        extra_headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        headers = {**self._headers, **(extra_headers or {})}
        if admin:
            headers["Authorization"] = f"Bearer {self.token}"
        if json_body:
            headers["Content-Type"] = "application/json"
        url = self._site_url + path
        try:
            response = self._session.request(
                method, url, params=params, data=data, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as exc:
            if _timed_out(exc):
                raise ConnectionFailed(f"{method} {url}: no answer within {self.timeout}s") from exc
            raise ConnectionFailed(f"{method} {url}: {exc}") from exc
        if response.status_code >= 400:
            raise _error_from(response)
        return response


def _timed_out(exc: requests.RequestException) -> bool:
    """A timeout, also when urllib3 gave up retrying after timeouts (MaxRetryError)."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    # urllib3 files a refused connection under its timeouts too (NewConnectionError).
    timed_out = isinstance(reason, Urllib3Timeout) and not isinstance(reason, NewConnectionError)
    return isinstance(exc, requests.Timeout) or timed_out


def _json_of(response: requests.Response) -> Any:
    if response.status_code == 204:
        return None
    try:
        return response.json()
    except ValueError as exc:
        request = response.request
        raise ApiError(
            response.status_code,
            "invalid_response",
            f"expected JSON from {request.method} {request.url}, "
            f"got {response.headers.get('Content-Type')}",
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
