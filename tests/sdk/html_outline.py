"""Parse an HTML fragment with the standard library: its elements, attributes and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Outline:
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def tag_names(self) -> list[str]:
        return [name for name, _ in self.tags]

    def with_class(self, css_class: str) -> list[dict[str, str]]:
        return [a for _, a in self.tags if css_class in (a.get("class") or "").split()]

    def event_handlers(self) -> list[str]:
        return [k for _, a in self.tags for k in a if k.startswith("on")]


def outline(html: str) -> Outline:
    result = Outline()

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            result.tags.append((tag, {k: v or "" for k, v in attrs}))

        def handle_data(self, data):
            if data.strip():
                result.text.append(data.strip())

    parser = Parser(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return result
