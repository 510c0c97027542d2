"""Words of a text as the index sees them: English stemmed, Korean by morpheme, each with its span.

English (and any Latin-script) words are lower-cased, stripped of diacritics (Yodŏk -> yodok) and
stemmed with the Snowball English stemmer (tortured, torturing -> tortur). Korean goes through Kiwi:
the content morphemes are kept (nouns, verb and adjective stems as their dictionary form, roots,
numbers, Latin and Hanja), particles and endings are dropped, so 구타를 당했다 gives 구타, 당하다. The
initial-sound rule is folded (로동 -> 노동, 녀성 -> 여성), so North Korean spellings meet South Korean ones.
Common words (English stop words, Korean pronouns and dependent nouns) are not indexed: a query of
only such words is refused with a message, not answered with every passage.

Each word keeps its ``surface`` (folded, unstemmed) for prefix queries, and its span for highlighting.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from girok.domain.romanization import south_initial
from girok.extract.folding import is_hangul
from girok.extract.korean import Token, has_hangul, tokenize

#: Kiwi tags whose Hangul morphemes are indexed: nouns, numerals, verb/adjective stems, roots, adverbs.
_KEPT_TAGS = ("NNG", "NNP", "NR", "VV", "VA", "XR", "MAG")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: A word outside Hangul: Latin, digits, Hanja (a Hangul run is Kiwi's to read).
_OTHER_WORD = re.compile(r"[^\W_\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")


def _stop_words() -> dict[str, frozenset[str]]:
    """The stop word lists of ``data/stop_words.txt``, by language."""
    lists: dict[str, set[str]] = {}
    current = ""
    for line in resources.files("girok.search").joinpath("data/stop_words.txt").read_text("utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        elif line and not line.startswith("#"):
            lists.setdefault(current, set()).update(line.split())
    return {language: frozenset(words) for language, words in lists.items()}


_STOP = _stop_words()
#: English words too common to search for (a query made only of them is refused).
STOP_WORDS = _STOP["en"]
#: Kiwi morphemes that are common words even with a kept tag (adverbs such as 그냥, 너무; 하다, 있다).
_KOREAN_STOP = _STOP["ko"]


@dataclass(frozen=True, slots=True)
class Word:
    """One indexed word: ``term`` is what the index holds, ``surface`` the folded word as written."""

    term: str
    surface: str
    start: int
    end: int


_stem_lock = threading.Lock()


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: the Snowball stemmers in C

    return Stemmer.Stemmer("english", 100_000)


@lru_cache(maxsize=200_000)
def _latin_term(word: str) -> tuple[str, str] | None:
    """(term, surface) of one Latin/digit word, or None for a stop word."""
    surface = fold_latin(word)
    if not surface or surface in STOP_WORDS:
        return None
    if surface.isdigit():
        return surface.lstrip("0") or "0", surface
    with _stem_lock:
        stem = _stemmer().stemWord(surface)
    return stem, surface


def fold_latin(word: str) -> str:
    """Lower case, no diacritics: Yodŏk -> yodok, Hamgyŏng -> hamgyong."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def surface_of(word: str) -> str:
    """The folded form of a word as typed (for prefixes): Latin folded, Hangul with the initial-sound rule."""
    letters = "".join(_WORD.findall(word))
    if letters and is_hangul(letters[0]):
        return _hangul_term(letters)
    return fold_latin(letters)


def _hangul_term(form: str) -> str:
    return south_initial(form) if form and is_hangul(form[0]) else form


def words(text: str, tokens: Sequence[Token] | None = None) -> list[Word]:
    """The indexed words of ``text`` in order; ``tokens`` are Kiwi's tokens of it when already made.

    Kiwi reads the Hangul; words in other scripts (Latin, digits, Hanja) are read by a plain word pattern
    even in mixed text, because Kiwi's spans for Latin runs are not always the word's (it may split
    "beaten" as "b" + "eaten.").
    """
    if not text:
        return []
    if tokens is None and has_hangul(text):
        tokens = tokenize(text)
    out = _latin_words(text, 0)
    if not tokens:
        return out
    for token in tokens:
        tag = token.tag.split("-", 1)[0]
        if tag not in _KEPT_TAGS or not is_hangul(token.form[:1]):
            continue
        lemma = token.lemma if tag in ("VV", "VA") else token.form
        if lemma in _KOREAN_STOP or not lemma.strip():
            continue
        out.append(Word(_hangul_term(lemma), _hangul_term(token.form), token.start, token.end))
    out.sort(key=lambda word: word.start)
    return out


def _latin_words(text: str, offset: int) -> list[Word]:
    out = []
    for match in _OTHER_WORD.finditer(text):
        found = _latin_term(match.group())
        if found is not None:
            out.append(Word(found[0], found[1], offset + match.start(), offset + match.end()))
    return out


def query_words(text: str) -> tuple[list[Word], bool]:
    """Words of a query fragment, and whether it had any word at all (stop words included)."""
    found = words(text)
    return found, bool(_WORD.search(text))
