"""The four crisis levels and what each one shows by default."""

from __future__ import annotations

from enum import IntEnum


class Level(IntEnum):
    CALM = 0
    WATCH = 1
    ALERT = 2
    CRISIS = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: object) -> Level:
        """Accept 0-3 or a name ("alert"); raise ValueError naming the allowed values."""
        if isinstance(value, bool):
            raise ValueError("level must be 0-3 or one of calm, watch, alert, crisis")
        if isinstance(value, int) and 0 <= value <= 3:
            return cls(value)
        if isinstance(value, str):
            text = value.strip().lower()
            if text.isdigit() and 0 <= int(text) <= 3:
                return cls(int(text))
            for level in cls:
                if level.label == text:
                    return level
        raise ValueError("level must be 0-3 or one of calm, watch, alert, crisis")


# Block kinds, in the order a level shows them. Calm shows trust as usual; watch reinforces
# reassurance without alarm; alert answers objections up front; crisis leads with the
# honest incident note, then the offer.
KINDS_BY_LEVEL: dict[Level, tuple[str, ...]] = {
    Level.CALM: ("testimonial", "guarantee", "reassurance"),
    Level.WATCH: ("reassurance", "testimonial", "guarantee"),
    Level.ALERT: ("faq", "guarantee", "reassurance", "testimonial"),
    Level.CRISIS: ("incident", "offer", "faq", "guarantee"),
}

# The same choice in words, for staff.
PAGES_SHOW: dict[Level, str] = {
    Level.CALM: "trust as usual",
    Level.WATCH: "reinforced reassurance, nothing alarming",
    Level.ALERT: "objections answered up front",
    Level.CRISIS: "incident note first, then offer and FAQ",
}

BLOCK_KINDS = ("reassurance", "guarantee", "testimonial", "faq", "offer", "incident")
