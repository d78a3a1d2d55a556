"""Errors the domain raises; every face turns them into its own kind of message."""

from __future__ import annotations


class ReassureError(Exception):
    """Base of the product's own errors."""


class UnknownSite(ReassureError):
    def __init__(self, site: str) -> None:
        super().__init__(f"no site named {site!r}")
        self.site = site


class NotFound(ReassureError):
    """A named thing of a site (a content block, a notification endpoint) does not exist."""

    code = "not_found"
    field = "id"

    def __init__(self, what: str, name: str) -> None:
        super().__init__(f"no {what} {name!r}")
        self.name = name


class UnknownBlock(NotFound):
    code, field = "unknown_block", "block_id"

    def __init__(self, block_id: str) -> None:
        super().__init__("content block", block_id)


class UnknownEndpoint(NotFound):
    code, field = "unknown_endpoint", "endpoint_id"

    def __init__(self, endpoint_id: str) -> None:
        super().__init__("notification endpoint", endpoint_id)


class InvalidInput(ReassureError):
    """Bad input, with one entry per wrong field: (field path, message)."""

    # The message names the first few problems (a 10,000-line file can have 10,000);
    # `problems` keeps them all for callers that list them.
    LISTED = 10

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        listed = [f"{field}: {message}" for field, message in problems[: self.LISTED]]
        if len(problems) > self.LISTED:
            listed.append(f"and {len(problems) - self.LISTED} more problems")
        super().__init__("; ".join(listed))

    @classmethod
    def one(cls, field: str, message: str) -> InvalidInput:
        return cls([(field, message)])

    @classmethod
    def from_pydantic(cls, error, prefix: str = "") -> InvalidInput:
        """Turn a pydantic ValidationError into field paths like ``mentions[3].text``."""
        problems = []
        for item in error.errors():
            path = prefix
            for part in item["loc"]:
                path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
            problems.append((path or "body", item["msg"]))
        return cls(problems)
