"""Cutting a source's text into passages: the unit a search hit points at.

A passage is a run of whole sentences within one paragraph and one page, at most ``MAX_CHARS``
characters (a longer sentence is cut at a space), so a hit can be shown, cited and opened at its page.
Offsets are those of the text `girok text` prints, like every citation's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from girok.extract.sentences import split

#: A passage is about one to three sentences of testimony.
MAX_CHARS = 320
_PARAGRAPH = re.compile(r"\n\s*\n|\f")


@dataclass(frozen=True, slots=True)
class Passage:
    start: int
    end: int
    page: int | None


def split_passages(text: str, pages: Sequence[Sequence[int]] = ()) -> list[Passage]:
    """Passages covering every non-blank part of ``text``; ``pages`` are [start, end] spans (PDF pages)."""
    out: list[Passage] = []
    page_spans = [(int(p[0]), int(p[1])) for p in pages] or [(0, len(text))]
    for number, (page_start, page_end) in enumerate(page_spans, start=1):
        page = number if pages else None
        for para_start, para_end in _paragraphs(text, page_start, page_end):
            _pack(text, para_start, para_end, page, out)
    return out


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _PARAGRAPH.finditer(text, start, end):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in spans) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph, as extraction splits them ("No. 12" and 날마다 do not end one)."""
    out = []
    for sentence in split(text[start:end]):
        s, e = start + sentence.start, start + sentence.end
        while e - s > MAX_CHARS:  # one very long "sentence": cut at the last space before the limit
            cut = text.rfind(" ", s + MAX_CHARS // 2, s + MAX_CHARS)
            cut = cut if cut > s else s + MAX_CHARS
            out.append(_trim(text, s, cut))
            s, e = _trim(text, cut, e)
        if e > s:
            out.append((s, e))
    return out


def _pack(text: str, start: int, end: int, page: int | None, out: list[Passage]) -> None:
    current: tuple[int, int] | None = None
    for s, e in _sentences(text, start, end):
        if current is not None and e - current[0] <= MAX_CHARS:
            current = (current[0], e)
            continue
        if current is not None:
            out.append(Passage(current[0], current[1], page))
        current = (s, e)
    if current is not None:
        out.append(Passage(current[0], current[1], page))
