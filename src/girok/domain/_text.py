"""Small text helpers shared by the domain value types (private)."""

from __future__ import annotations

import unicodedata

QUOTE_LIMIT = 60


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` quoted for a one-line error message: control characters escaped, cut to ``limit`` chars."""
    text = value if isinstance(value, str) else repr(value)
    shown = "".join(ch if unicodedata.category(ch)[0] != "C" or ch == " " else f"\\u{ord(ch):04x}" for ch in text)
    if len(shown) > limit:
        shown = shown[: limit - 3] + "..."
    return f'"{shown}"'


def has_control(text: str) -> bool:
    """Whether ``text`` holds control characters or lone surrogates (categories Cc, Cs)."""
    return any(unicodedata.category(ch) in {"Cc", "Cs"} for ch in text)
