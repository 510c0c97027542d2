"""Every name in the gazetteer, facility types and institutions, found in text in one linear pass.

The vocabularies hold a few thousand aliases across scripts. A regular-expression alternation of all of
them is tried alternative by alternative at every position, which is slow on long text; a trie over the
folded aliases is walked once from each word start instead, so a scan costs about the length of the text
times the depth of the longest alias prefix it meets. (pyahocorasick would do the same, but does not know
where Korean words begin and end; the trie is 40 lines.)

Where a match may start and end:
- Latin script: at word boundaries ("Onsong" is not found in "Onsongs").
- Chinese characters and kana: anywhere (公安 in 被中国公安逮捕), as those scripts use no spaces.
- Hangul: at a word boundary or a morpheme boundary from Kiwi, so 요덕 is found in 요덕에서 (요덕 + 에서) and
  in 온성군보위부 (온성군 + 보위부), but 수성 is not found in 우수성 (우수 + 성).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from girok.extract.folding import fold, fold_key, is_hangul, is_word
from girok.extract.korean import Token
from girok.schema.vocabulary import Entry, load_vocabularies

#: The vocabularies whose names are looked for in text.
VOCABULARIES = ("gazetteer", "facility_types", "institutions")


@dataclass(frozen=True)
class Target:
    """One reading of a name: an entry of a vocabulary."""

    vocabulary: str
    id: str
    #: Acronyms ("MSS", "SSD") match only in capitals: "mss" in running text is not the ministry.
    case_sensitive: bool = False


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    targets: tuple[Target, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(target.id for target in self.targets)


class _Node:
    """A trie node: the next folded characters, and the targets of the aliases that end here."""

    __slots__ = ("children", "targets")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.targets: list[Target] = []


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return 2 <= len(letters) <= 5 and all(c.isascii() and c.isupper() for c in letters)


class Lexicon:
    """A trie of folded aliases with the entries they name."""

    def __init__(self, entries: Iterable[tuple[str, Entry]]) -> None:
        entries = list(entries)
        self.entries = {(vocabulary, entry.id): entry for vocabulary, entry in entries}
        self._root = _Node()
        self._exact: dict[tuple[str, str], str] = {}
        for vocabulary, entry in entries:
            # Labels and aliases, not ids: the id "mss" must not make every lowercase "mss" the ministry.
            for alias in dict.fromkeys((*entry.label.values(), *entry.aliases)):
                self._add(alias, Target(vocabulary, entry.id, _is_acronym(alias)))

    def _add(self, alias: str, target: Target) -> None:
        key = fold_key(alias)
        if len(key) < 2:
            return
        node = self._root
        for char in key:
            node = node.children.setdefault(char, _Node())
        if target not in node.targets:
            node.targets.append(target)
        if target.case_sensitive:
            self._exact[(key, target.id)] = "".join(c for c in alias if c.isalnum())

    def scan(self, text: str, tokens: Sequence[Token] = ()) -> list[Hit]:
        """Every longest match in ``text``, non-overlapping, left to right."""
        folded = fold(text)
        chars, index = folded.text, folded.index
        starts = {tok.start for tok in tokens}
        ends = {tok.end for tok in tokens}
        hits: list[Hit] = []
        i = 0
        n = len(chars)
        while i < n:
            origin = index[i]
            best: Hit | None = None
            if chars[i] in self._root.children and _may_start(text, origin, starts):
                node = self._root
                j = i
                while j < n and chars[j] in node.children:
                    node = node.children[chars[j]]
                    j += 1
                    if node.targets:
                        end = index[j - 1] + 1
                        if j < n and index[j] == index[j - 1]:
                            continue  # the alias ends inside one original character ("ß" -> "ss")
                        if not _may_end(text, end, ends) and _plural(text, end):
                            end += 1  # "holding centres", "political prison camps"
                        if _may_end(text, end, ends) and not _spans_a_verb(origin, end, tokens):
                            targets = self._keep(text[origin:end], chars[i:j], node.targets)
                            if targets:
                                best = Hit(origin, end, targets)
            if best is None:
                i += 1
                continue
            hits.append(best)
            while i < n and index[i] < best.end:
                i += 1
        return hits

    def _keep(self, quote: str, key: str, targets: list[Target]) -> tuple[Target, ...]:
        written = "".join(c for c in quote if c.isalnum())
        return tuple(t for t in targets if not t.case_sensitive or self._exact.get((key, t.id)) == written)


def _may_start(text: str, offset: int, token_starts: set[int]) -> bool:
    if offset == 0 or not is_word(text[offset - 1]) or is_ideograph(text[offset]):
        return True
    if _script(text[offset - 1]) != _script(text[offset]):
        return True  # "Chinese police한테", "보위부bowibu": mixed text changes script without a space
    return is_hangul(text[offset]) and offset in token_starts


def _may_end(text: str, end: int, token_ends: set[int]) -> bool:
    if end >= len(text) or not is_word(text[end]) or is_ideograph(text[end - 1]):
        return True
    if _script(text[end - 1]) != _script(text[end]):
        return True
    return is_hangul(text[end - 1]) and end in token_ends


def _spans_a_verb(start: int, end: int, tokens: Sequence[Token]) -> bool:
    """Whether Kiwi read a verb, ending or particle inside the span: "해 주시겠어요" is not 해주시 (Haeju)."""
    if not tokens:
        return False
    low = bisect.bisect_left(tokens, start, key=lambda tok: tok.start)
    for tok in tokens[low:]:
        if tok.start >= end:
            break
        if tok.end <= end and tok.tag[:1] in ("V", "E", "J"):
            return True
    return False


def _plural(text: str, end: int) -> bool:
    """An English plural -s right after a Latin name, then the end of the word."""
    return (
        end < len(text)
        and text[end] in "sS"
        and text[end - 1].isascii()
        and text[end - 1].isalpha()
        and (end + 1 == len(text) or not is_word(text[end + 1]))
    )


def _script(char: str) -> str:
    if is_hangul(char):
        return "hangul"
    if is_ideograph(char):
        return "han"
    return "latin" if char.isascii() or (char.isalpha() and ord(char) < 0x250) else "other"


def is_ideograph(char: str) -> bool:
    """Chinese characters and kana: written without spaces, so a name may begin or end anywhere."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\u3040" <= char <= "\u30ff"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon of the packaged vocabularies (built once per process)."""
    vocabularies = load_vocabularies()
    return Lexicon((name, entry) for name in VOCABULARIES for entry in vocabularies.get(name))
