"""A language guess from script proportions: Korean, English, mixed, or other.

Hangul letters (syllables and jamo) are counted against Latin letters. A Hangul syllable carries about
as much as three Latin letters (its romanisation), so each counts three times; with Hangul at 80 % or
more of the weighted total the text is ``"ko"``, at 20 % or less ``"en"``, in between ``"mixed"``.
Text whose letters are mostly neither (Chinese, Russian...) or that has no letters at all is
``"other"``. Latin script stands for English here: the sources Girok receives are Korean and English;
a finer guess is not needed.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["ko", "en", "mixed", "other"]

HANGUL_WEIGHT = 3.0
THRESHOLD = 0.8
SAMPLE = 200_000


def _is_hangul(cp: int) -> bool:
    return (
        0xAC00 <= cp <= 0xD7A3  # syllables
        or 0x1100 <= cp <= 0x11FF  # jamo
        or 0x3130 <= cp <= 0x318F  # compatibility jamo
        or 0xA960 <= cp <= 0xA97F
        or 0xD7B0 <= cp <= 0xD7FF
    )


def _is_latin(cp: int) -> bool:
    return 0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A or 0xC0 <= cp <= 0x24F or 0x1E00 <= cp <= 0x1EFF


def detect_language(text: str) -> Language:
    """``"ko"``, ``"en"``, ``"mixed"`` or ``"other"`` (see the module docstring)."""
    hangul = latin = other = 0
    for ch in text[:SAMPLE]:
        cp = ord(ch)
        if _is_hangul(cp):
            hangul += 1
        elif _is_latin(cp):
            latin += 1
        elif ch.isalpha():
            other += 1
    if hangul + latin == 0 or hangul + latin < other:
        return "other"
    weighted = hangul * HANGUL_WEIGHT
    share = weighted / (weighted + latin)
    if share >= THRESHOLD:
        return "ko"
    if share <= 1 - THRESHOLD:
        return "en"
    return "mixed"
