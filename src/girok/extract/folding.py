"""Folding text for matching names, with a map back to the original offsets.

"Kwan-li-so No. 15", "Kwanliso 15" and "KWAN LI SO no.15" must find the same alias, "Yodŏk" must find
"Yodok", and "Hamgyong-bukto" (a mix of McCune-Reischauer and Revised Romanization seen in reports) must
find "Hamgyŏng-pukto" and "Hamgyeongbuk-do", yet every match has to be reported as a span of the original
text. Folding lowercases Latin letters, drops diacritics, apostrophes and the separators spellings disagree
on (spaces, hyphens, dots), and merges what the romanization systems write differently for one Korean
sound: p/b, t/d, k/g, ch/j, sh/s, aspiration h (ph, th, kh, chh), eo/ŏ and eu/ŭ. ``index[i]`` is the
original offset of folded character ``i``. Hangul is kept as it is (decomposing it would give jamo).
The same folding is applied to aliases and text, so two English words collide only if they differ in
exactly these ways, which for the vocabulary's names has not been a problem.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Characters that spellings of one name disagree on: dropped from both text and aliases.
_SEPARATORS = frozenset(" \t\u00a0\u3000-‐‑‒–—.·・'’‘ʼʻ`´\"")


def is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or "\u3131" <= char <= "\u318e"


def is_word(char: str) -> bool:
    """A character that continues a word: letters of any script and digits."""
    return char.isalnum()


def _fold_char(char: str) -> str:
    if is_hangul(char) or char.isascii():
        return char.lower()
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@dataclass(frozen=True)
class Folded:
    text: str
    #: Original offset of each folded character.
    index: tuple[int, ...]


#: One Korean sound, several Latin letters: each folds to one.
_SOUNDS = str.maketrans({"p": "b", "t": "d", "k": "g", "c": "j"})
_ASPIRATED = frozenset("bdgjs")


def fold(text: str) -> Folded:
    """``text`` folded for matching, with the original offset of every folded character."""
    out: list[str] = []
    index: list[int] = []
    length = len(text)
    for offset, char in enumerate(text):
        if char in _SEPARATORS:
            continue
        for piece in _fold_char(char):
            if "a" <= piece <= "z":
                if piece == "h" and out and out[-1] in _ASPIRATED and index[-1] == offset - 1:
                    continue  # ph, th, kh, ch, chh, sh: aspiration marks, inside one word
                if piece == "e" and offset + 1 < length and _fold_char(text[offset + 1])[:1] in ("o", "u"):
                    continue  # eo / eu (RR) against ŏ / ŭ (MR)
                piece = piece.translate(_SOUNDS)
            out.append(piece)
            index.append(offset)
    return Folded("".join(out), tuple(index))


def fold_key(name: str) -> str:
    """The folded form of a vocabulary name: what text must fold to for the name to match."""
    return fold(name).text
