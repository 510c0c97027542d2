"""From a parsed query to an expression over index tokens: analysis, spellings, prefixes.

Each word of the query is analysed as the index analyses text (:mod:`.terms`), so "tortured" meets
"torture" and "구타를" meets "구타". A word or run of words that is a vocabulary name (any alias in any
script or romanization) also matches the entry's key, and one that reads as a Korean personal name also
matches its name keys: "Yodeok" finds passages saying "Yodok" or "요덕" (whichever camp or county they
were read as), and "Ri Yong Ho" finds "Lee Yong-ho", "리용호" and "이용호". A prefix expands to the
indexed words starting with it (through the blind prefix table), at most ``MAX_EXPANSIONS`` of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from girok.domain.korean_name import KoreanName
from girok.errors import ValidationError
from girok.extract.folding import is_hangul
from girok.extract.lexicon import lexicon
from girok.extract.persons import find_persons
from girok.search.blind import Blinder
from girok.search.documents import name_keys
from girok.search.query import And, Node, Not, Or, Phrase, QueryError, Term
from girok.search.terms import query_words, surface_of

MAX_EXPANSIONS = 200
#: Prefixes are indexed up to this many characters; a longer prefix is looked up by its first ones.
PREFIX_CHARS = 12
MIN_PREFIX = 2
_NAME_RUN = 4


@dataclass(frozen=True)
class Tok:
    token: str


@dataclass(frozen=True)
class Seq:
    """Tokens at consecutive positions (a phrase)."""

    tokens: tuple[str, ...]


@dataclass(frozen=True)
class All:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Without:
    item: Expr


Expr = Tok | Seq | All | Any_ | Without


@dataclass
class Expansion:
    """The expression (None: the query had no searchable word) and the tokens to highlight."""

    expr: Expr | None
    highlight: set[str]
    dropped: list[str]


class Expander:
    def __init__(self, blinder: Blinder, prefix_terms: Callable[[str, int], list[str]]) -> None:
        self.blinder = blinder
        self.prefix_terms = prefix_terms
        self.highlight: set[str] = set()
        self.dropped: list[str] = []

    def expand(self, node: Node | None) -> Expansion:
        expr = self._node(node, positive=True) if node is not None else None
        return Expansion(expr, self.highlight, self.dropped)

    # -- nodes --------------------------------------------------------------------------------------

    def _node(self, node: Node, positive: bool) -> Expr | None:
        if isinstance(node, Term):
            return self._term(node, positive)
        if isinstance(node, Phrase):
            return self._text(node.text, positive, phrase=True)
        if isinstance(node, Not):
            inner = self._node(node.item, not positive)
            return Without(inner) if inner is not None else None
        if isinstance(node, Or):
            items = [e for e in (self._node(item, positive) for item in node.items) if e is not None]
            return _any(items)
        return self._and(node, positive)

    def _and(self, node: And, positive: bool) -> Expr | None:
        items: list[Expr] = []
        children = list(node.items)
        i = 0
        while i < len(children):
            run_end = i
            while run_end < len(children) and _plain_term(children[run_end]):
                run_end += 1
            grouped = self._group(children, i, run_end, positive) if run_end - i >= 2 else None
            if grouped is not None:
                items.append(grouped[0])
                i += grouped[1]
                continue
            single = self._node(children[i], positive)
            if single is not None:
                items.append(single)
            i += 1
        return _all(items)

    def _group(self, children: list[Node], start: int, end: int, positive: bool) -> tuple[Expr, int] | None:
        """The longest run of plain words from ``start`` that is a name or an alias, as one alternative."""
        for length in range(min(_NAME_RUN, end - start), 1, -1):
            texts = [children[k].text for k in range(start, start + length)]  # type: ignore[union-attr]
            joined = " ".join(texts)
            keys = self._keys(joined)
            if not keys:
                continue
            # the words as written must stand together (a phrase), not just anywhere in the passage
            literal = self._text(joined, positive, phrase=True, alternatives=False)
            options: list[Expr] = [Tok(k) for k in sorted(keys)]
            if literal is not None:
                options.insert(0, literal)
            if positive:
                self.highlight |= keys
            return Any_(tuple(options)), length
        return None

    def _term(self, term: Term, positive: bool) -> Expr | None:
        if not term.prefix:
            return self._text(term.text, positive, phrase=False)
        surface = surface_of(term.text)
        if len(surface) < (1 if surface and is_hangul(surface[0]) else MIN_PREFIX):
            raise QueryError(f"a prefix needs at least {MIN_PREFIX} letters: {term.text[:40]}*")
        found = self.prefix_terms(self.blinder.prefix(surface[:PREFIX_CHARS]), MAX_EXPANSIONS + 1)
        if len(found) > MAX_EXPANSIONS:
            raise QueryError(f"{term.text[:40]}* matches too many words; type more of the word")
        if positive:
            self.highlight |= set(found)
        if not found:
            return Tok(self.blinder.meta("nothing"))  # no indexed word starts so: matches nothing
        return _any([Tok(t) for t in found])

    def _text(self, text: str, positive: bool, *, phrase: bool, alternatives: bool = True) -> Expr | None:
        found, had_word = query_words(text)
        tokens = tuple(self.blinder.term(w.term) for w in found)
        literal: Expr | None = None
        if tokens:
            literal = Tok(tokens[0]) if len(tokens) == 1 else Seq(tokens)
        elif had_word:
            self.dropped.append(text)
        keys = self._keys(text) if alternatives else set()
        if positive:
            self.highlight |= set(tokens) | keys
        options = ([literal] if literal is not None else []) + [Tok(k) for k in sorted(keys)]
        return _any(options)

    def _keys(self, text: str) -> set[str]:
        """Blind keys of the vocabulary entries and personal names ``text`` is, as a whole."""
        text = text.strip()
        if not text or len(text) > 80:
            return set()
        keys = {"v:" + entry for entry in _whole_alias(text)}
        keys |= {"n:" + key for key in _as_name(text)}
        return {self.blinder.key(k) for k in keys}


def _plain_term(node: Node) -> bool:
    return isinstance(node, Term) and not node.prefix


def _whole_alias(text: str) -> tuple[str, ...]:
    """Vocabulary ids of which ``text`` is an alias (the whole of it, not a part)."""
    letters = [i for i, ch in enumerate(text) if ch.isalnum()]
    if not letters:
        return ()
    first, last = letters[0], letters[-1] + 1
    ids: list[str] = []
    for hit in lexicon().scan(text):
        if hit.start <= first and hit.end >= last:
            ids.extend(hit.ids)
    return tuple(dict.fromkeys(ids))


def _as_name(text: str) -> frozenset[str]:
    """Name keys when ``text`` reads as a Korean personal name, else nothing."""
    compact = text.replace(" ", "")
    if compact and all(is_hangul(ch) for ch in compact):
        if not 2 <= len(compact) <= 4:
            return frozenset()
        keys = name_keys(compact)
        return keys if keys and _has_known_surname(compact) else frozenset()
    mentions = find_persons(text)
    if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end >= len(text.rstrip(" .,")):
        return name_keys(mentions[0].name)
    return frozenset()


def _has_known_surname(name: str) -> bool:
    try:
        return bool(KoreanName.parse(name).surname_entries)
    except ValidationError:
        return False


def _all(items: list[Expr]) -> Expr | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else All(tuple(items))


def _any(items: list[Expr]) -> Expr | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else Any_(tuple(items))
