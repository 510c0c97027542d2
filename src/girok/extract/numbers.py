"""How numbers are written in the prose the figures come from, read at a position.

``number_at(text, pos)`` reads the number starting at ``pos``: ASCII digits with thousands grouping and a
decimal part ("80,000", "1.5"), an English scale word after them ("1.5 million"), Korean multipliers
("12만", "2백만", "12만 5천") and "여" (more than: "10여"), or English number words ("twenty-five", "two
hundred and fifty", "a dozen", "half a million"). :data:`DIGIT_START` and :data:`WORD_START` find where a
number may start. Whether a number is a figure (its unit, its context) is decided in :mod:`girok.extract.figures`.

Every pattern is linear: quantifiers are bounded or possessive and no quantified group contains another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# -- how numbers are written --------------------------------------------------------------------------------
# ASCII digits only (\d would take Arabic-Indic and full-width digits, which no figure here is written in).

# Where a written number may start: not inside a word, a longer number, a decimal, a time or a fraction.
DIGIT_START = re.compile(r"(?<![A-Za-z0-9_.,:/])[0-9]")
# "80,000", "5181", "1.5": grouped thousands or a plain run, then an optional decimal part (possessive:
# a failed match never retries shorter digit runs).
_DIGITS = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})++(?![0-9])|[0-9]++)(?:\.[0-9]++)?+")
# "1.5 million": an English scale word after the digits.
_EN_SCALE = re.compile(r"\s{1,2}(hundred|thousand|million|billion)\b", re.IGNORECASE)
# "12만", "2백만", "3천5백", "12만 5천": Korean multipliers right after the digits, then more digit+multiplier
# pieces (bounded).
_KO_SCALE = re.compile(r"[십백천만억]{1,4}(?:\s?[0-9]{1,4}[십백천만]{1,3}){0,3}")
_KO_PIECE = re.compile(r"[0-9]+(?:\.[0-9]+)?|[십백천만억]")
# "10여 명", "12만여 명": "여" (more than) between the number and its counter.
_KO_YEO = re.compile(r"여(?=\s?[명개건곳년일달원인])")
_SCALES = {"hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_KO_MULTIPLIERS = {"십": 10.0, "백": 100.0, "천": 1e3, "만": 1e4, "억": 1e8}


def _words(text: str) -> list[str]:
    return text.split()


_UNITS_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
_TENS_WORDS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
_WORD_VALUES: dict[str, float] = {
    **{word: float(i + 1) for i, word in enumerate(_UNITS_WORDS)},
    **{word: float(20 + 10 * i) for i, word in enumerate(_TENS_WORDS)},
}
# One English number word; "a"/"an"/"half" only lead into a scale ("a dozen", "half a million").
_NUMBER_WORD = re.compile(
    r"\b("
    + "|".join([*_UNITS_WORDS, *_TENS_WORDS, "hundred", "thousand", "million", "billion", "dozen", "half", "an", "a"])
    + r")\b",
    re.IGNORECASE,
)
# Between two number words: "twenty-five", "two hundred and fifty".
_WORD_JOIN = re.compile(r"[\s-](?:and\s)?", re.IGNORECASE)
# Where a word number may start (the scale words alone are vague: "several thousand", "hundreds").
WORD_START = re.compile(
    r"\b(?:" + "|".join([*_UNITS_WORDS, *_TENS_WORDS]) + r"|an?\s(?:hundred|thousand|million|billion|dozen)"
    r"|half\s(?:a\s)?(?:million|billion|dozen))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    value: float
    #: The literal before any scale word ("1.5" of "1.5 million", "12" of "12만"); scale = value / base.
    base: float
    scaled: bool


# -- reading numbers ----------------------------------------------------------------------------------------


def _korean_value(text: str) -> float:
    """The value of digits with Korean multipliers: "2백만" 2000000, "12만 5천" 125000, "1억 2천만" 120000000."""
    total = section = 0.0
    pending: float | None = None
    for piece in _KO_PIECE.findall(text):
        if piece[0].isdigit():
            pending = float(piece)
        elif piece in "만억":
            section += pending or 0.0
            total += (section or 1.0) * _KO_MULTIPLIERS[piece]
            section, pending = 0.0, None
        else:
            section += (1.0 if pending is None else pending) * _KO_MULTIPLIERS[piece]
            pending = None
    return total + section + (pending or 0.0)


def _digits_at(text: str, pos: int) -> Number | None:
    match = _DIGITS.match(text, pos)
    if match is None:
        return None
    literal = match.group()
    base = float(literal.replace(",", ""))
    end = match.end()
    if korean := _KO_SCALE.match(text, end):
        value = _korean_value(literal.replace(",", "") + korean.group().replace(" ", ""))
        end = korean.end()
        if yeo := _KO_YEO.match(text, end):
            end = yeo.end()
        return Number(pos, end, value, base, value != base)
    if yeo := _KO_YEO.match(text, end):
        return Number(pos, yeo.end(), base, base, False)
    if scale := _EN_SCALE.match(text, end):
        return Number(pos, scale.end(), base * _SCALES[scale.group(1).lower()], base, True)
    return Number(pos, end, base, base, False)


def _words_at(text: str, pos: int) -> Number | None:
    """An English number in words ("twenty-five", "two hundred and fifty", "a dozen", "half a million")."""
    words: list[str] = []
    ends: list[int] = []
    match = _NUMBER_WORD.match(text, pos)
    while match is not None and len(words) < 8:
        word = match.group(1).lower()
        if words and not _follows(words[-1], word, joined_by_and=" and" in text[ends[-1] : match.start()].lower()):
            break
        words.append(word)
        ends.append(match.end())
        join = _WORD_JOIN.match(text, match.end())
        match = _NUMBER_WORD.match(text, join.end()) if join else None
    # A trailing "a"/"an"/"half" belongs to what follows ("two a day"), not to the number.
    while words and words[-1] in ("a", "an", "half"):
        words.pop()
        ends.pop()
    if not words:
        return None
    return _words_value(words, pos, ends[-1])


_BIG = ("hundred", "thousand", "million", "billion")


def _follows(previous: str, word: str, joined_by_and: bool) -> bool:
    """Whether ``word`` continues the number ending in ``previous`` ("two three" and "two and three" do not)."""
    if joined_by_and and previous not in _BIG:
        return False
    if previous in ("a", "an"):
        return word in (*_BIG, "dozen")
    if previous == "half":
        return word in ("a", "an", "million", "billion", "dozen")
    if word in ("a", "an", "half"):
        return False
    if previous in _TENS_WORDS:
        return word in _BIG or (word in _WORD_VALUES and _WORD_VALUES[word] < 10)
    if previous in _WORD_VALUES:  # one to nineteen
        return word in _BIG or word == "dozen"
    if previous == "dozen":
        return False
    if word in _BIG:  # "hundred thousand", "thousand million"; not "million thousand"
        return _BIG.index(word) > _BIG.index(previous) if previous in _BIG else False
    return word in _WORD_VALUES


def _words_value(words: list[str], start: int, end: int) -> Number | None:
    first = words[0]
    if first in ("a", "an"):
        if len(words) < 2 or words[1] not in ("hundred", "thousand", "million", "billion", "dozen"):
            return None
        words = ["one", *words[1:]]
    elif first == "half":
        rest = [word for word in words[1:] if word not in ("a", "an")]
        if not rest or rest[0] not in ("million", "billion", "dozen"):
            return None
        factor = 12.0 if rest[0] == "dozen" else _SCALES[rest[0]]
        return Number(start, end, factor / 2, 0.5, True)
    elif first not in _WORD_VALUES:
        return None  # "thousand" alone, "dozen" alone: vague
    total = current = 0.0
    last_scale = 1.0
    for word in words:
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word == "dozen":
            current = (current or 1.0) * 12
        elif word == "hundred":
            current = (current or 1.0) * 100
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current, last_scale = 0.0, _SCALES[word]
        else:
            return None
    value = total + current
    scaled = current == 0 and last_scale > 1
    return Number(start, end, value, value / last_scale if scaled else value, scaled)


def number_at(text: str, pos: int) -> Number | None:
    if pos < len(text) and "0" <= text[pos] <= "9":
        return _digits_at(text, pos)
    return _words_at(text, pos)
