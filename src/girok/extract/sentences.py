"""Sentence spans: the unit in which a violation, its facility, place, date and perpetrator are read together.

Testimony transcripts break lines mid-sentence and use Korean sentence endings without a space after the
full stop, so the rule is deliberately simple: a sentence ends at . ! ? 。 (and ellipses) followed by a
space, a quote or the end of text, or at a blank line. Abbreviations common in reports ("No. 15", "Mr.",
"U.S.", initials) do not end one. Sentences longer than a limit are cut at a comma or space so that
context never reaches across half a page of an unpunctuated line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MAX = 600
# A heading: a short first line of a paragraph with no sentence ending, before a line that starts a sentence
# ("Forced abortion\nEach of the women..."). Narrow PDF columns also make short unpunctuated lines, but they
# run on in lower case; Korean has no case, so a Korean heading must be shorter still.
_HEADING = re.compile(r"(?:^|\n[ \t]*\n|\A)[ \t]*(?P<h>[^\n.!?。？！:;,]{1,60})\n(?=[ \t]*(?P<next>\S))")
_END = re.compile(r"(?:[.!?。？！]+[\"'’”)\]]*)(?=\s|$)|\n\s*\n")
_ABBREVIATION = re.compile(
    r"(?:\b(?:No|Nos|Mr|Mrs|Ms|Dr|St|Mt|Gen|Col|Lt|Capt|vs|etc|approx|ca|cf|e\.g|i\.e)|\b[A-Z])\.$"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int


def split(text: str) -> list[Sentence]:
    """Sentence spans covering ``text`` (leading and trailing whitespace of each trimmed)."""
    spans: list[Sentence] = []
    start = 0
    ends = [match.end() for match in _END.finditer(text) if not _abbreviation(text, match)]
    ends.extend(_heading_ends(text))
    for end in sorted(set(ends)):
        if end > start:
            _add(spans, text, start, end)
            start = end
    _add(spans, text, start, len(text))
    return spans


def _abbreviation(text: str, match: re.Match[str]) -> bool:
    return (
        match.group().startswith(".") and _ABBREVIATION.search(text, max(0, match.start() - 8), match.end()) is not None
    )


def _heading_ends(text: str) -> list[int]:
    ends = []
    for match in _HEADING.finditer(text):
        heading, following = match["h"].strip(), match["next"]
        if not heading:
            continue
        hangul = any("\uac00" <= char <= "\ud7a3" for char in heading)
        if (hangul and len(heading) <= 25) or (not hangul and heading[0].isupper() and not following.islower()):
            ends.append(match.end("h"))
    return ends


def _add(spans: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > _MAX:
        cut = max(text.rfind(",", start, start + _MAX), text.rfind(" ", start, start + _MAX))
        cut = cut + 1 if cut > start else start + _MAX
        spans.append(Sentence(start, cut))
        start = cut
    if end > start:
        spans.append(Sentence(start, end))


def containing(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding ``offset`` (binary search: sentences are sorted)."""
    low, high = 0, len(sentences) - 1
    while low <= high:
        middle = (low + high) // 2
        sentence = sentences[middle]
        if offset < sentence.start:
            high = middle - 1
        elif offset >= sentence.end:
            low = middle + 1
        else:
            return sentence
    return None
