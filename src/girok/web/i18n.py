"""The interface in Korean and English: message catalogs as data (locales/<lang>/*.yaml), one per area.

Every key exists in every language (a test checks it, and that every key a template uses exists), so a
missing translation is a failing test, not an English word in a Korean page.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
LOCALES = Path(__file__).parent / "locales"


@cache
def catalog(language: str) -> Mapping[str, str]:
    """Every message of one language, keys flattened with dots (``nav.search``)."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALES / language).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        _flatten(path.stem, data, messages)
    return messages


def _flatten(prefix: str, value: Any, into: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}", item, into)
    else:
        into[prefix] = str(value)


class Translator:
    """``t("nav.search")`` in the reader's language; ``{name}`` placeholders filled from keywords."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self.messages = catalog(self.language)

    def __call__(self, key: str, **values: Any) -> str:
        text = self.messages.get(key)
        if text is None:
            text = catalog(DEFAULT_LANGUAGE).get(key, key)
        return text.format(**values) if values else text

    def label(self, labels: Mapping[str, str] | None, fallback: str = "") -> str:
        """The reader's language from a {en:, ko:} label (record types, vocabulary entries)."""
        if not labels:
            return fallback
        return labels.get(self.language) or labels.get(DEFAULT_LANGUAGE) or fallback


def negotiate(accept_language: str | None) -> str:
    """The first of our languages an Accept-Language header asks for (Korean or else English)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("ko"):
            return "ko"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE
