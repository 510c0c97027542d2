"""Korean personal names in English and Korean text, with exact character spans.

``find_persons(text)`` returns :class:`PersonMention` s, sorted and non-overlapping, whose ``quote`` is
``text[start:end]`` and whose ``name`` is the name as written (whitespace collapsed), without titles,
honorifics or particles (labelling rules: evaluation/extract/README.md).

Romanized names are read by :mod:`girok.extract.persons_latin`, Hangul names (on Kiwi's morphemes) by
:mod:`girok.extract.persons_hangul`; this module merges the two, keeping the earlier and then the longer
of overlapping spans.
"""

from __future__ import annotations

from girok.extract.korean import Token, has_hangul, tokenize
from girok.extract.mentions import PersonMention
from girok.extract.persons_hangul import hangul_names
from girok.extract.persons_latin import latin_names

__all__ = ["find_persons"]


def find_persons(text: str, tokens: list[Token] | None = None) -> list[PersonMention]:
    """Korean personal names in ``text`` (English, Korean or both), sorted by position, non-overlapping.

    ``tokens`` are Kiwi's tokens of the same ``text`` when the caller already has them; they are computed
    when needed (the text has Hangul) and not given.
    """
    if not isinstance(text, str) or not text:
        return []
    found = latin_names(text)
    if tokens is None and has_hangul(text):
        tokens = tokenize(_kiwi_safe(text))
    if tokens:
        found.extend(hangul_names(text, tokens))
    found.sort(key=lambda span: (span[0], -span[1]))
    out: list[PersonMention] = []
    for start, end in found:
        if out and start < out[-1].end:
            continue
        out.append(_mention(text, start, end))
    return out


def _kiwi_safe(text: str) -> str:
    """``text`` with lone surrogates replaced one for one (Kiwi cannot encode them; offsets are kept)."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def _mention(text: str, start: int, end: int) -> PersonMention:
    quote = text[start:end]
    return PersonMention(start, end, quote, " ".join(quote.split()))
