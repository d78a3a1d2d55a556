"""Untrusted text that must reach staff as literal text on every page."""

HOSTILE_TEXTS = [
    "<script>alert('x')</script> Great shop, love it",
    "<img src=x onerror=alert(1)> **bold** lovely",
    "[click me](javascript:alert(1)) wonderful service",
    "<b>Terrible</b> scam, awful, they stole my money __now__ `rm -rf`",
]
HOSTILE_AUTHOR = "**mallory**"


def hostile_batch(source: str = "forum", reach: int | None = None) -> dict:
    return {
        "mentions": [
            {
                "source": source,
                "external_id": f"hostile-{i}",
                "text": text,
                "author": HOSTILE_AUTHOR,
                "lang": "en",
                **({"reach": reach} if reach else {}),
            }
            for i, text in enumerate(HOSTILE_TEXTS)
        ]
    }


def assert_shown_as_text(cells: list[str], markup: list[str], at) -> None:
    """Every hostile text appears verbatim in a table, never in rendered markdown or HTML."""
    for text in HOSTILE_TEXTS:
        assert text in cells, text
    for value in markup:
        assert "<script" not in value and "<img" not in value and "javascript:" not in value
        assert "mallory" not in value and "bold" not in value
    assert not at.get("html")
