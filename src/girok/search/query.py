"""The query language: words, "phrases", prefix*, AND / OR / NOT (or -word), and parentheses.

Words side by side must all match (AND is implied); OR binds more loosely than AND, NOT (or a leading
minus) most tightly. A word ending in * matches every word starting with it. Quotes make a phrase (the
words next to each other, in order), including typographic quotes. Anything else a user types is a
word: characters other engines treat as syntax (: ^ + { } NEAR, SQL fragments) are only text here, and
the analysis of words (see :mod:`.terms`) keeps letters and digits only.

The parser is forgiving where the intent is clear, and says what it did in ``notes``: an unclosed quote
runs to the end, a missing closing parenthesis is added, a stray one or a dangling operator is ignored.
It refuses, with a one-line error, only what would make the search costly or meaningless: over
``MAX_LENGTH`` characters, more than ``MAX_TERMS`` words, or nesting deeper than ``MAX_DEPTH``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from girok.errors import ValidationError

MAX_LENGTH = 1000
MAX_TERMS = 64
MAX_DEPTH = 16
_QUOTES = {'"': '"', "“": "”", "„": "“", "「": "」", "『": "』", "«": "»"}
_OPERATORS = frozenset({"AND", "OR", "NOT"})


class QueryError(ValidationError):
    """A query that cannot be searched (the message says why, in one line)."""


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Phrase | And | Or | Not


@dataclass
class Parsed:
    """A parsed query (``node`` is None for an empty one) and what the parser had to assume."""

    node: Node | None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, op, open, close, minus
    text: str


def parse(text: str) -> Parsed:
    if not isinstance(text, str):
        raise QueryError("the query must be text")
    if len(text) > MAX_LENGTH:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_LENGTH}")
    notes: list[str] = []
    tokens = _lex(text, notes)
    if sum(1 for t in tokens if t.kind in ("word", "phrase")) > MAX_TERMS:
        raise QueryError(f"the query has more than {MAX_TERMS} words; search for fewer at a time")
    parser = _Parser(tokens, notes)
    node = parser.parse()
    return Parsed(node, notes)


def _lex(text: str, notes: list[str]) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
        elif char in _QUOTES:
            close = text.find(_QUOTES[char], i + 1)
            if close < 0:
                notes.append("an unclosed quote was closed at the end of the query")
                close = n
            tokens.append(_Token("phrase", text[i + 1 : close]))
            i = close + 1
        elif char == "(":
            tokens.append(_Token("open", char))
            i += 1
        elif char == ")":
            tokens.append(_Token("close", char))
            i += 1
        elif (
            char == "-"
            and i + 1 < n
            and not text[i + 1].isspace()
            and (i == 0 or text[i - 1].isspace() or text[i - 1] == "(")
        ):
            tokens.append(_Token("minus", char))
            i += 1
        elif char == "|":
            tokens.append(_Token("op", "OR"))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _QUOTES and text[j] not in "()|":
                j += 1
            word = text[i:j]
            tokens.append(_Token("op" if word in _OPERATORS else "word", word))
            i = j
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token], notes: list[str]) -> None:
        self.tokens = tokens
        self.notes = notes
        self.pos = 0
        self.depth = 0

    def _peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> Node | None:
        node = self._or()
        while self._peek() is not None:  # only stray closing parentheses stop _or early
            self.pos += 1
            self.notes.append("a closing parenthesis without an opening one was ignored")
            more = self._or()
            node = _join(And, [n for n in (node, more) if n is not None])
        return node

    def _or(self) -> Node | None:
        items: list[Node] = []
        current = self._and()
        if current is not None:
            items.append(current)
        while (token := self._peek()) is not None and token.kind == "op" and token.text == "OR":
            self.pos += 1
            current = self._and()
            if current is None:
                self.notes.append("OR without a word after it was ignored")
            else:
                if not items:
                    self.notes.append("OR without a word before it was ignored")
                items.append(current)
        return _join(Or, items)

    def _and(self) -> Node | None:
        items: list[Node] = []
        while (token := self._peek()) is not None:
            if token.kind == "close" or (token.kind == "op" and token.text == "OR"):
                break
            if token.kind == "op" and token.text == "AND":
                self.pos += 1
                if not items:
                    self.notes.append("AND without a word before it was ignored")
                continue
            node = self._unary()
            if node is not None:
                items.append(node)
        return _join(And, items)

    def _unary(self) -> Node | None:
        token = self._peek()
        assert token is not None
        if token.kind == "minus" or (token.kind == "op" and token.text == "NOT"):
            self.pos += 1
            following = self._peek()
            if following is None or following.kind == "close" or (following.kind == "op" and following.text != "NOT"):
                self.notes.append(f"{'NOT' if token.kind == 'op' else '-'} without a word after it was ignored")
                return None
            inner = self._unary()
            return Not(inner) if inner is not None else None
        return self._atom()

    def _atom(self) -> Node | None:
        token = self._peek()
        assert token is not None
        self.pos += 1
        if token.kind == "phrase":
            return Phrase(token.text) if token.text.strip() else None
        if token.kind == "word":
            if token.text.endswith("*") and token.text.strip("*"):
                return Term(token.text.rstrip("*"), prefix=True)
            return Term(token.text) if token.text.strip("*") else None
        if token.kind == "open":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(f"the query nests parentheses more than {MAX_DEPTH} deep")
            node = self._or()
            self.depth -= 1
            closing = self._peek()
            if closing is not None and closing.kind == "close":
                self.pos += 1
            else:
                self.notes.append("a missing closing parenthesis was added at the end")
            return node
        return None  # an operator where a word was expected (handled by the callers) or a stray ")"


def _join(kind: type[And] | type[Or], items: list[Node]) -> Node | None:
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return kind(tuple(items))
