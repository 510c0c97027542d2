"""Korean morphology through kiwipiepy: one analyser per process, tokens with offsets into the input.

Kiwi's model ships on PyPI (kiwipiepy-model) and loads from the installed package: no network. Loading
takes about a second, so the analyser is built on first use and kept. Long inputs are analysed in
chunks cut at sentence or whitespace boundaries, so an enormous single line costs linear time.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_CHUNK = 4000
_BREAK = re.compile(r"[.!?。\n]\s*|\s+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_lock = threading.Lock()


@dataclass(frozen=True)
class Token:
    form: str
    tag: str
    start: int
    end: int
    lemma: str


@lru_cache(maxsize=1)
def _kiwi() -> Any:
    from kiwipiepy import Kiwi  # deferred: importing loads the model (about a second)

    return Kiwi()


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def chunks(text: str, size: int = _CHUNK) -> list[tuple[int, int]]:
    """Spans of at most ``size`` characters covering ``text``, cut after a sentence end or a space if one is near."""
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = None
            for match in _BREAK.finditer(text, start + size // 2, end):
                cut = match.end()
            end = cut or end
        spans.append((start, end))
        start = end
    return spans


def tokenize(text: str) -> list[Token]:
    """Morphemes of ``text`` with their character spans (a lemma for verbs and adjectives: 당하다, 끌려가다)."""
    kiwi = _kiwi()
    tokens: list[Token] = []
    for start, end in chunks(text):
        # Kiwi takes UTF-8: a lone surrogate (from a damaged file) would raise, so it becomes U+FFFD, one
        # character for one so that offsets hold.
        piece = _SURROGATE.sub("\ufffd", text[start:end])
        with _lock:  # one Kiwi instance is not documented as thread-safe
            analysed = kiwi.tokenize(piece)
        for tok in analysed:
            lemma = getattr(tok, "lemma", None) or tok.form
            tokens.append(Token(tok.form, tok.tag, start + tok.start, start + tok.start + tok.len, lemma))
    return tokens
