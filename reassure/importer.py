"""Read mentions from a CSV or JSONL file. Columns: text and created_at at least; optional
source, author, reach, rating, lang, external_id, url. The whole file is validated before
anything is stored, and a re-import of the same file stores nothing twice."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from .errors import InvalidInput
from .mentions import Mention

OPTIONAL_NUMBERS = ("reach", "rating")


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """(line number, raw row) pairs from a .csv, .jsonl or .ndjson file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                yield line, {k.strip(): v for k, v in row.items() if k and v not in (None, "")}
    elif suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as handle:
            for line, text in enumerate(handle, start=1):
                if text.strip():
                    try:
                        row = json.loads(text)
                    except json.JSONDecodeError as exc:
                        raise InvalidInput.one(
                            f"line {line}", f"not valid JSON ({exc.msg})"
                        ) from exc
                    if not isinstance(row, dict):
                        raise InvalidInput.one(f"line {line}", "expected a JSON object")
                    yield line, row
    else:
        raise InvalidInput.one("file", f"expected a .csv or .jsonl file, got {path.name!r}")


def to_mention(row: dict, default_source: str) -> Mention:
    data = dict(row)
    data.setdefault("source", default_source)
    for name in OPTIONAL_NUMBERS:
        if isinstance(data.get(name), str):
            data[name] = data[name].strip()
    if "external_id" not in data:
        # A stable id from the content, so importing the same file twice is harmless.
        basis = (
            f"{data.get('source')}|{data.get('created_at')}|{data.get('author')}|{data.get('text')}"
        )
        data["external_id"] = hashlib.sha256(basis.encode()).hexdigest()[:32]
    if not data.get("created_at"):
        raise InvalidInput.one("created_at", "is required in an imported file")
    return Mention.model_validate(data)


def read_mentions(path: Path, default_source: str = "import") -> list[Mention]:
    """Every mention of the file, or InvalidInput naming each bad line and field."""
    mentions, problems = [], []
    for line, row in read_rows(path):
        try:
            mentions.append(to_mention(row, default_source))
        except ValidationError as exc:
            problems += [
                (f"line {line}: {f}", m) for f, m in InvalidInput.from_pydantic(exc).problems
            ]
        except InvalidInput as exc:
            problems += [(f"line {line}: {f}", m) for f, m in exc.problems]
    if problems:
        raise InvalidInput(problems)
    if not mentions:
        raise InvalidInput.one("file", "no mentions in the file")
    return mentions
