"""The widget script as served: minified once per change of the source file, with a content
hash for the versioned URL (cached for a year) beside the short one (cached for minutes)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Script:
    body: bytes
    digest: str  # first 12 hex digits of the served bytes' SHA-256

    @property
    def versioned_path(self) -> str:
        return f"/v/{self.digest}/widget.js"


def load(path: Path) -> Script:
    """The served script for the file as it is now (re-minified only when it changes)."""
    stat = path.stat()
    return _build(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _build(path: Path, mtime_ns: int, size: int) -> Script:
    source = path.read_text(encoding="utf-8")
    body = minify(source).encode()
    return Script(body=body, digest=hashlib.sha256(body).hexdigest()[:12])


def minify(source: str) -> str:
    """Whitespace, comments and local names out: about a third less to download, gzipped.
    Should the parser ever refuse the source, serve it as written rather than nothing."""
    try:
        return minify_print(es5(source), obfuscate=True, obfuscate_globals=False)
    except Exception:  # a parser failure must not take the widget down
        log.exception("widget.js could not be minified; serving it as written")
        return source
