"""Fold Hangul and every common romanization of Korean to shared, lossy matching keys.

The same place or person is written "요덕", "Yodŏk" (McCune-Reischauer), "Yodeok" (Revised Romanization),
"Yodok" (North Korean / diacritics dropped) or "Yoduk" (English press). :func:`match_keys` maps each of them
to a small set of short ASCII keys; two spellings of one Korean word share at least one key.

Why this is written by hand: the maintained libraries romanize Hangul *to* one system (RR, sometimes MR),
they do not fold RR, MR, North Korean and ad-hoc English spellings *back* to a common form, and none applies
the North/South initial-sound rule (리/이, 로/노). So the fold is a deliberately lossy "phonetic skeleton":

* Hangul syllables are decomposed arithmetically (U+AC00 block) into jamo and romanized (RR-like), so the
  Hangul path and the Latin path share one folding pipeline below.
* Latin text is lower-cased; diacritics, apostrophes, hyphens and spaces are dropped.
* Consonants lose the plain/aspirated/tense distinction: g/k/kk/kh, d/t/tt/th, b/p/pp/ph, j/ch/jj/tch,
  s/ss/sh; r and l merge.
* Vowels fold to few classes: eo/ŏ/o/u/eu/ŭ/oo -> O; ae/e -> E; the y- and w- diphthongs likewise.
* English habits are normalised: a silent h after a vowel (Ahn, Oh, Sohn), a non-rhotic r (Park, Hur),
  ee/ie -> i (Lee, Rhie), wh -> hw (Whang), yi -> i (Yi).
* The initial-sound rule: every text yields its "as written" key and a key in which each word-initial
  ㄹ before i/y is dropped, any other word-initial ㄹ becomes ㄴ, and a word-initial ㄴ before i/y is dropped
  (리용호 / 이용호, Ri / Lee / Yi / I, Rason / Naseon, Ryanggang / Yanggang).
* Common consonant assimilations written by RR/MR are normalised (신라 Silla, 종로 Jongno, 독립 Tongnip).

The fold merges some different words (성/송 both "Song"); callers that have Hangul or Hanja should prefer
it. Text with no Hangul and no Latin letters or digits (e.g. Hanja only) yields no key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

__all__ = ["hangul_to_latin", "latin_syllables", "match_keys", "skeleton", "south_initial"]

_HANGUL_FIRST = 0xAC00
_HANGUL_LAST = 0xD7A3

# RR-like romanization per jamo; only used as input to the Latin fold below.
_INITIALS = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
)  # fmt: skip
_MEDIALS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo",
    "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip

_APOSTROPHES = frozenset("'’‘ʼʻ`´ʹ′")
_VOWEL_LETTERS = frozenset("aeiouyw")

# Latin grapheme -> skeleton symbol. Longest match wins. Vowel symbols: A E I O, Y? (y-glide), W? (w-glide),
# UI (ㅢ). Consonant symbols: K T P J S H M N L G (final ng), digits stand for themselves.
_GRAPHEMES: dict[str, str] = {
    # consonants
    "kk": "K", "kh": "K", "k": "K", "g": "K", "gh": "K", "c": "K", "q": "K", "ck": "K",
    "tt": "T", "th": "T", "t": "T", "d": "T", "dd": "T",
    "pp": "P", "ph": "P", "p": "P", "b": "P", "bb": "P", "f": "P", "v": "P",
    "tch": "J", "jj": "J", "ch": "J", "j": "J", "z": "J",
    "ss": "S", "sh": "S", "s": "S",
    "h": "H", "m": "M", "n": "N", "ng": "G",
    "r": "L", "rh": "L", "l": "L", "x": "KS",
    # plain vowels
    "a": "A", "ae": "E", "ai": "E", "e": "E", "ee": "I", "i": "I", "ie": "I",
    "eo": "O", "eu": "O", "o": "O", "oo": "O", "ou": "O", "u": "O",
    "ui": "UI", "eui": "UI",
    "oe": "WE", "oi": "WE",
    # y-diphthongs
    "ya": "YA", "yae": "YE", "ye": "YE", "yeo": "YO", "yo": "YO", "yoo": "YO", "you": "YO", "yu": "YO",
    "yi": "I", "yee": "I", "y": "I",
    # w-diphthongs
    "wa": "WA", "wae": "WE", "we": "WE", "wo": "WO", "weo": "WO", "woo": "O", "wu": "O", "wi": "WI", "w": "O",
}  # fmt: skip
_MAX_GRAPHEME = max(len(g) for g in _GRAPHEMES)
_CONSONANTS = frozenset("KTPJSHMNLG")

# Assimilations written by RR/MR (pronunciation-based) but not by NK or ad-hoc spellings, as symbol pairs.
_ASSIMILATION: dict[tuple[str, str], tuple[str, str]] = {
    ("N", "L"): ("L", "L"),  # 신라 Silla
    ("L", "N"): ("L", "L"),  # 설날 Seollal
    ("G", "L"): ("G", "N"),  # 종로 Jongno
    ("M", "L"): ("M", "N"),  # 심리 simni
    ("K", "L"): ("G", "N"),  # 독립 dongnip
    ("P", "L"): ("M", "N"),  # 협력 hyeomnyeok
    ("K", "N"): ("G", "N"),  # 국내 gungnae
    ("K", "M"): ("G", "M"),  # 백마 baengma
    ("P", "N"): ("M", "N"),  # 합니다 hamnida
    ("P", "M"): ("M", "M"),
    ("T", "J"): ("J", "J"),  # 얫자 yaetja, MR yaetcha
}
# An h after a stop is aspiration however it was split: Puk-han = Bukhan, Nam-pho = Nampo.
_ASPIRATED = frozenset("KTPJS")


def _is_hangul_syllable(ch: str) -> bool:
    return _HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST


def _romanize_syllable(ch: str) -> str:
    index = ord(ch) - _HANGUL_FIRST
    initial, rest = divmod(index, 21 * 28)
    medial, final = divmod(rest, 28)
    return _INITIALS[initial] + _MEDIALS[medial] + _FINALS[final]


_NIEUN, _RIEUL, _IEUNG = 2, 5, 11
_I_OR_Y = frozenset({2, 3, 6, 7, 12, 17, 20})  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ


def south_initial(word: str) -> str:
    """``word`` with the South Korean initial-sound rule applied to its first syllable.

    ㄹ before i/y becomes ㅇ (리 -> 이, 량 -> 양), other ㄹ becomes ㄴ (로 -> 노), ㄴ before i/y becomes ㅇ
    (녀 -> 여). Words not starting with a Hangul syllable are returned unchanged.
    """
    if not word or not _is_hangul_syllable(word[0]):
        return word
    initial, rest = divmod(ord(word[0]) - _HANGUL_FIRST, 21 * 28)
    medial = rest // 28
    if initial == _RIEUL:
        initial = _IEUNG if medial in _I_OR_Y else _NIEUN
    elif initial == _NIEUN and medial in _I_OR_Y:
        initial = _IEUNG
    return chr(_HANGUL_FIRST + initial * 21 * 28 + rest) + word[1:]


def hangul_to_latin(text: str) -> str:
    """Romanize every Hangul syllable of ``text`` (RR-like, letter by letter); leave the rest unchanged."""
    return "".join(_romanize_syllable(ch) if _is_hangul_syllable(ch) else ch for ch in text)


def _words(text: str) -> list[list[str]]:
    """Split into words of lower-case ASCII chunks: each Hangul syllable is a chunk of its own (so its
    romanization is tokenized exactly), each Latin run another; diacritics and apostrophes are dropped.

    Any character that is not a Latin letter, digit or Hangul syllable separates words.
    """
    out: list[str] = []
    for ch in text:
        if _is_hangul_syllable(ch):
            out.append(f"|{_romanize_syllable(ch)}|")
        elif ch in _APOSTROPHES:
            continue
        else:
            for part in unicodedata.normalize("NFKD", ch):
                if unicodedata.combining(part):
                    continue
                low = part.lower()
                out.append(low if low.isascii() and low.isalnum() else " ")
    words = [[chunk for chunk in word.split("|") if chunk] for word in "".join(out).split()]
    return [word for word in words if word]


def _clean_english(word: str) -> str:
    """Undo English spelling habits inside one word (silent h, non-rhotic r, wh)."""
    word = word.replace("wh", "hw")
    chars: list[str] = []
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < len(word) else ""
        after_vowel = prev in _VOWEL_LETTERS and prev not in "yw"
        before_vowel = nxt in _VOWEL_LETTERS
        if ch in "hr" and after_vowel and not before_vowel:
            continue  # Ahn, Oh, Sohn, Hahn / Park, Hur
        chars.append(ch)
    return "".join(chars)


def _tokenize(word: str) -> Iterator[tuple[str, str]]:
    """Yield (grapheme, symbol) pairs, longest match first; unknown characters become themselves."""
    i = 0
    while i < len(word):
        for size in range(min(_MAX_GRAPHEME, len(word) - i), 0, -1):
            piece = word[i : i + size]
            symbol = _GRAPHEMES.get(piece)
            if symbol is not None:
                break
        else:
            piece, symbol = word[i], word[i].upper()
        yield piece, symbol
        i += len(piece)


def _symbols(words: list[list[str]]) -> tuple[list[str], set[int]]:
    """Symbols of the words in order, and the indexes of word-initial symbols."""
    symbols: list[str] = []
    starts: set[int] = set()
    for word in words:
        starts.add(len(symbols))
        for chunk in word:
            symbols.extend(symbol for _, symbol in _tokenize(_clean_english(chunk)))
    # "ng" before a vowel is ambiguous between final ng and n + initial g (MR Han'guk, Chŏn'gŏri).
    for i, symbol in enumerate(symbols[:-1]):
        if symbol == "G" and symbols[i + 1][0] in "AEIOUWY":
            symbols[i] = "NK"
    return symbols, starts


def _initial_sound(symbols: list[str], starts: set[int]) -> list[str]:
    """Apply the South Korean initial-sound rule to every word-initial ㄹ/ㄴ."""
    out = list(symbols)
    for i in sorted(starts, reverse=True):
        if i + 1 >= len(out):
            continue
        before_i = out[i + 1][0] in "IY"
        if out[i] == "L":
            if before_i:
                del out[i]
            else:
                out[i] = "N"
        elif out[i] == "N" and before_i:
            del out[i]
    return out


def _finish(symbols: list[str]) -> str:
    """Normalise assimilations, merge repeated consonants, join to a key."""
    flat = list("".join(symbols))
    for i in range(len(flat) - 1):  # one left-to-right pass: repeating could cycle (GLL -> GNL -> GLL)
        pair = _ASSIMILATION.get((flat[i], flat[i + 1]))
        if pair is not None:
            flat[i], flat[i + 1] = pair
    merged: list[str] = []
    for c in flat:
        if merged and ((c == merged[-1] and c in _CONSONANTS) or (c == "H" and merged[-1] in _ASPIRATED)):
            continue
        merged.append(c)
    return "".join(merged)


def skeleton(text: str) -> str:
    """The as-written phonetic skeleton of ``text`` (no initial-sound rule); "" if it has no letters."""
    symbols, _ = _symbols(_words(text))
    return _finish(symbols)


def match_keys(text: str) -> frozenset[str]:
    """Folded keys of ``text``: spellings of the same Korean word share at least one key.

    Returns the as-written skeleton and the skeleton after the initial-sound rule (often the same).
    Text without Hangul, Latin letters or digits yields an empty set.
    """
    words = _words(text)
    if not words:
        return frozenset()
    symbols, starts = _symbols(words)
    keys = {_finish(symbols), _finish(_initial_sound(symbols, starts))}
    keys.discard("")
    return frozenset(keys)


def latin_syllables(word: str) -> list[str]:
    """Split one romanized word into syllables: "Yongho" -> ["yong", "ho"], "Kaechon" -> ["kae", "chon"].

    Works on the folded spelling (lower case, no diacritics, Hangul romanized one syllable each). A
    consonant followed by a vowel starts a new syllable, except "ng", which always ends one; other
    consonants end the syllable before them. A run without vowels is one syllable.
    """
    return [syllable for w in _words(word) for chunk in w for syllable in _split_chunk(chunk)]


def _split_chunk(chunk: str) -> list[str]:
    pieces = [(piece, symbol[0] in "AEIOUWY") for piece, symbol in _tokenize(chunk)]
    syllables: list[str] = []
    current = ""
    has_vowel = False
    for i, (piece, is_vowel) in enumerate(pieces):
        next_is_vowel = i + 1 < len(pieces) and pieces[i + 1][1]
        starts_syllable = is_vowel or (next_is_vowel and piece != "ng")
        if has_vowel and starts_syllable:
            syllables.append(current)
            current, has_vowel = "", False
        current += piece
        has_vowel = has_vowel or is_vowel
    if current:
        syllables.append(current)
    return syllables
