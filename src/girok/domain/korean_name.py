"""Korean personal names in Hangul, Hanja or any romanization, and keys for matching them.

``KoreanName.parse`` splits a name into surname and given name (as written) and tells its script.
``match_keys`` gives normal forms such that the same name written in Hangul (South or North form), in
Revised Romanization, McCune-Reischauer, North Korean or English spelling, in either order, with the given
name joined, hyphenated or spaced, shares at least one key ("Ri Yong Ho", "Lee Yong-ho", "Yi Yongho",
"이용호", "리용호").

Keys are for candidate generation (blocking) in record linkage: they deliberately over-match (성/송 share
the keys of "Song"); linkage should weigh Hangul and Hanja agreement above romanized agreement.

Limitation: Hanja given names are not read into Hangul (that needs a reading dictionary), so "金英浩" shares
keys with other Hanja spellings of the name, not with "김영호"; its surname 金 is resolved to 김.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from girok.domain import surnames
from girok.domain._text import has_control, quote
from girok.domain.romanization import match_keys as fold_keys
from girok.domain.romanization import south_initial
from girok.errors import ValidationError

__all__ = ["MAX_NAME_LENGTH", "KoreanName", "Script"]

Script = Literal["hangul", "hanja", "latin", "mixed", "other"]
MAX_NAME_LENGTH = 200

_TOKEN_SPLIT = re.compile(r"[\s,]+")
_TOKEN_TRIM = '()[]{}"“”.;:'


def _letter_script(ch: str) -> str:
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    name = unicodedata.name(ch, "")
    if name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")):
        return "hanja"
    if name.startswith("LATIN"):
        return "latin"
    return "other"


def _script(text: str) -> Script:
    found = {_letter_script(ch) for ch in text if unicodedata.category(ch).startswith("L")}
    if len(found) > 1:
        return "mixed"
    only = found.pop()
    if only == "hangul":
        return "hangul"
    if only == "hanja":
        return "hanja"
    if only == "latin":
        return "latin"
    return "other"


def _lookup(token: str) -> tuple[surnames.Surname, ...]:
    """Surnames that ``token`` may be, whatever its script."""
    script = _script(token) if any(ch.isalpha() for ch in token) else "other"
    if script == "hangul":
        return surnames.by_hangul(token) or surnames.by_hangul(south_initial(token))
    if script == "hanja":
        return surnames.by_hanja(token)
    if script == "latin":
        return surnames.by_latin(token)
    return ()


def _split_compact(token: str) -> tuple[str | None, str | None]:
    """Split an unspaced Hangul or Hanja name: a known two-syllable surname, else the first syllable."""
    if len(token) == 1:
        return (token, None) if _lookup(token) else (None, token)
    if len(token) >= 3 and _lookup(token[:2]) and len(_lookup(token[:2])[0].hangul) == 2:
        return token[:2], token[2:]
    return token[0], token[1:]


_Reading = tuple[str | None, str | None]  # (surname, given name)


def _split_tokens(tokens: list[str], comma_after_first: bool) -> list[_Reading]:
    """Readings of a spaced name, most likely first: Korean or Western order.

    When nothing marks the surname (comma, capitals) and both the first and the last word are known
    surnames, the other order is kept as a second reading ("Han Pak" may be either).
    """
    if len(tokens) == 1:
        return [(tokens[0], None) if _lookup(tokens[0]) else (None, tokens[0])]
    korean = (tokens[0], " ".join(tokens[1:]))
    western = (tokens[-1], " ".join(tokens[:-1]))
    if comma_after_first:  # "KIM, Yong Ho"
        return [korean]
    capitals = [t for t in tokens if t.isupper() and len(t) > 1]
    if len(capitals) == 1 and not all(t.isupper() for t in tokens):
        index = tokens.index(capitals[0])
        return [(tokens[index], " ".join(tokens[:index] + tokens[index + 1 :]))]
    first, last = _lookup(tokens[0]), _lookup(tokens[-1])
    if not last:
        return [korean]
    if not first:  # "Yongho Kim", "Yong Ho Kim"
        return [western]
    if any(surnames.is_very_common(s) for s in last) and not any(surnames.is_very_common(s) for s in first):
        return [western, korean]  # "Yong Ho Kim": 용 is a rare surname, 김 a very common one
    return [korean, western]


def _readings(original: str, script: Script) -> list[_Reading]:
    comma_after_first = bool(re.match(r"[^,\s]+\s*,", original))
    tokens = [t.strip(_TOKEN_TRIM) for t in _TOKEN_SPLIT.split(original)]
    tokens = [t for t in tokens if t]
    if not tokens:
        raise ValidationError(f"not a name: {quote(original)}")
    if script not in ("hangul", "hanja"):
        return _split_tokens(tokens, comma_after_first)
    if len(tokens) > 1 and _lookup(tokens[0]):
        return [(tokens[0], " ".join(tokens[1:]))]
    surname, rest = _split_compact(tokens[0])
    return [(surname, " ".join(([rest] if rest else []) + tokens[1:]) or None)]


@dataclass(frozen=True)
class KoreanName:
    """A personal name as written, with its script and its surname and given name (as written)."""

    original: str
    script: Script
    surname: str | None
    given: str | None

    @classmethod
    def parse(cls, text: str) -> KoreanName:
        """Parse a name in Hangul, Hanja or Latin letters (any romanization, either order)."""
        if not isinstance(text, str):
            raise ValidationError(f"expected a name as text, got {quote(text)}")
        original = unicodedata.normalize("NFC", text).strip()
        if not original:
            raise ValidationError("empty name")
        if len(original) > MAX_NAME_LENGTH:
            raise ValidationError(
                f"name is {len(original)} characters long (limit {MAX_NAME_LENGTH}): {quote(original)}"
            )
        if has_control(original):
            raise ValidationError(f"name contains control characters: {quote(original)}")
        if not any(unicodedata.category(ch).startswith("L") for ch in original):
            raise ValidationError(f"not a name (no letters): {quote(original)}")
        script = _script(original)
        surname, given = _readings(original, script)[0]
        return cls(original, script, surname, given or None)

    def __str__(self) -> str:
        return self.original

    @property
    def surname_entries(self) -> tuple[surnames.Surname, ...]:
        """The known surnames the written surname may be (several for ambiguous romanizations)."""
        return _lookup(self.surname) if self.surname else ()

    def hangul_variants(self) -> frozenset[str]:
        """For Hangul names: the name (without spaces) in both initial-sound forms (리용호, 이용호).

        The surname takes its South and North forms from the surname table (이/리, 임/림, 유/류...); a
        given name starting with ㄹ/ㄴ also yields its South form (룡 -> 용). Empty for other scripts.
        """
        if self.script != "hangul":
            return frozenset()
        given_forms = {""}
        if self.given:
            given = self.given.replace(" ", "")
            given_forms = {given, south_initial(given)}
        surname_forms = {""}
        if self.surname:
            entries = self.surname_entries
            surname_forms = (
                set().union(*(e.hangul_forms for e in entries))
                if entries
                else {self.surname, south_initial(self.surname)}
            )
        return frozenset(s + g for s in surname_forms for g in given_forms)

    def match_keys(self) -> frozenset[str]:
        """Normal forms for matching (see the module docstring); never empty for a parsed name.

        Kinds of key: ``"<surname id>:<given key>"``, where a surname id is the canonical Hangul of a known
        surname or the folded romanization of its Hangul forms (of the written surname when unknown), and a
        given key is a folded romanization (or the given name itself when it cannot be romanized, e.g.
        Hanja); the whole name folded in Korean order; the Hangul variants; and for Hanja, mixed and other
        scripts the name itself, case-folded, without spaces.
        """
        keys: set[str] = set(self.hangul_variants())
        for surname, given in _readings(self.original, self.script):
            keys |= _keys(surname, given or None)
        if self.script in ("hanja", "other", "mixed"):
            keys.add(_compact(self.original))
        keys.discard("")
        return frozenset(keys)


def _keys(surname: str | None, given: str | None) -> set[str]:
    """Surname-and-given keys and whole-name keys of one reading of a name."""
    keys: set[str] = set()
    given_keys = set(fold_keys(given)) if given else {""}
    if given and not given_keys:
        given_keys = {_compact(given)}
    surname_ids: set[str] = set()
    spellings: set[str] = set()
    if surname:
        entries = _lookup(surname)
        # a known surname stands for its Hangul forms (so "Joe" for 조 cannot meet "Choe" for 최)
        spellings = set().union(*(e.hangul_forms for e in entries)) if entries else {surname}
        surname_ids |= {e.hangul for e in entries}
        for spelling in spellings:
            surname_ids |= fold_keys(spelling)
        if not surname_ids:
            surname_ids.add(_compact(surname))
    keys |= {f"{s}:{g}" for s in surname_ids or {""} for g in given_keys}
    # the whole name in Korean order, folded: matches a name written in one piece ("Kimyongho")
    if given and fold_keys(given):
        for spelling in spellings or {""}:
            keys |= fold_keys(f"{spelling} {given}")
    elif not surname:
        keys |= given_keys
    keys.discard(":")
    return keys


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())
