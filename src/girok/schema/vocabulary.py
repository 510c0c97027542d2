"""The project's controlled vocabularies, declared as YAML package data and loaded once.

Files live in ``girok/schema/data/vocab/*.yaml`` (one vocabulary per file, in the style of followthemoney:
the schema is data). A file is either

* ``vocabulary: NAME`` + ``entries: [...]`` (optionally ``searchable: false``), or
* ``enums: {NAME: {entries: [...], ordered: bool, description: ...}, ...}``: small closed vocabularies
  whose value ids (``none``, ``public``...) may repeat from one enum to another.

Every entry has ``id``, ``label: {en, ko}``, ``aliases`` and ``sources``; every other key is kept in
:attr:`Entry.data`. Ids are unique across all non-enum vocabularies, so :meth:`Vocabularies.entry` resolves a
bare id; loading fails loudly on a duplicate. :meth:`Vocabularies.find` matches ids, labels and aliases
across scripts and romanizations through :func:`girok.domain.romanization.match_keys`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import NoReturn, TypeVar

import yaml

from girok.domain.romanization import match_keys
from girok.errors import GirokError, NotFoundError, ValidationError

__all__ = [
    "Entry", "FrozenDict", "Match", "Vocabularies", "Vocabulary", "VocabularyDataError", "check_id",
    "load_vocabularies", "parse_vocabulary_file",
]  # fmt: skip

# Ranking tiers of find(): the higher, the better. Ties: search_priority (data), then file/entry order.
SCORE_ID = 100
SCORE_ALIAS = 90
SCORE_KEY = 80
SCORE_WORDS = 70
SCORE_ENTRY_WORDS = 60
SCORE_PREFIX = 50

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_APOSTROPHES = re.compile(r"['’‘ʼʻ`´]")
_NON_WORD = re.compile(r"[\W_]+")
_WORD_PART = re.compile(r"\d+|[^\W\d_]+")
_K = TypeVar("_K")
_V = TypeVar("_V")
_RESERVED = frozenset({"id", "label", "aliases", "sources"})


class VocabularyDataError(ValidationError):
    """The packaged vocabulary data is malformed (raised at load: a packaging bug, never user input)."""


@dataclass(frozen=True, eq=False)
class Entry:
    """One vocabulary entry. ``data`` holds every other field of the YAML mapping, read-only."""

    id: str
    vocabulary: str
    label: Mapping[str, str]
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    data: Mapping[str, object]

    def text(self, lang: str = "en") -> str:
        """The label in ``lang``, falling back to English."""
        return self.label.get(lang) or self.label["en"]

    def names(self) -> tuple[str, ...]:
        """Labels, aliases and the id, without duplicates, in that order."""
        return tuple(dict.fromkeys((*self.label.values(), *self.aliases, self.id)))

    def __repr__(self) -> str:
        return f"Entry({self.vocabulary}:{self.id})"


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """An ordered vocabulary (for an ``ordered`` enum, entries run from lowest to highest)."""

    name: str
    entries: tuple[Entry, ...]
    description: str = ""
    ordered: bool = False
    enum: bool = False
    searchable: bool = True
    _by_id: Mapping[str, Entry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Entry] = {}
        for entry in self.entries:
            if entry.id in by_id:
                raise VocabularyDataError(f"duplicate vocabulary id '{entry.id}' in {self.name}")
            by_id[entry.id] = entry
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def get(self, id_: str) -> Entry:
        try:
            return self._by_id[id_]
        except (KeyError, TypeError):
            raise NotFoundError(f"unknown vocabulary id '{id_}' in {self.name}") from None

    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def position(self, id_: str) -> int:
        """Index of ``id_`` in the vocabulary (the rank, for ordered vocabularies)."""
        return self.entries.index(self.get(id_))

    def select(self, **fields: object) -> tuple[Entry, ...]:
        """Entries whose data has all the given values, e.g. ``select(kind="facility")``."""
        return tuple(e for e in self.entries if all(e.data.get(k) == v for k, v in fields.items()))

    def __contains__(self, id_: object) -> bool:
        return isinstance(id_, str) and id_ in self._by_id

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class Match:
    """A find() hit: the entry, its vocabulary, the id/label/alias that matched and the score."""

    entry: Entry
    vocabulary: str
    alias: str
    score: int


@dataclass(frozen=True)
class _Name:
    entry: int  # index into Vocabularies._indexed
    text: str
    norm: str
    keys: frozenset[str]
    words: tuple[frozenset[str], ...]
    numbers: frozenset[str]


def _norm(text: str) -> str:
    """Exact-match form: NFKC, case-folded, apostrophes dropped, other punctuation as single spaces."""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold())
    return _NON_WORD.sub(" ", text).strip()


def _word_keys(text: str) -> list[frozenset[str]]:
    """Match keys per word. Hyphenated words are joined ("Kwan-li-so" -> "kwanliso"); digit runs and letter
    runs are separate words ("제15호" -> 제, 15, 호). Single Latin letters ("art. 7(1)(i)") carry no word."""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold()).replace("-", "")
    parts = dict.fromkeys(p for p in _WORD_PART.findall(text) if not (len(p) == 1 and p.isascii() and p.isalpha()))
    return [match_keys(part) | {part} for part in parts]


def _numbers(norm: str) -> frozenset[str]:
    return frozenset(str(int(n)) for n in re.findall(r"\d+", norm))


def _index_name(entry: int, text: str) -> _Name:
    norm = _norm(text)
    keys = match_keys(text) | ({norm.replace(" ", "")} if norm else set())
    return _Name(entry, text, norm, keys, tuple(_word_keys(text)), _numbers(norm))


class Vocabularies:
    """All vocabularies, with a global id index (non-enum vocabularies) and a search index."""

    def __init__(self, vocabularies: Iterable[Vocabulary]) -> None:
        self._vocabularies: dict[str, Vocabulary] = {}
        self._entries: dict[str, Entry] = {}
        folded: dict[str, Entry] = {}  # ids must differ by more than case
        for vocab in vocabularies:
            if vocab.name in self._vocabularies:
                raise VocabularyDataError(f"duplicate vocabulary name '{vocab.name}'")
            self._vocabularies[vocab.name] = vocab
            if vocab.enum:
                continue
            for entry in vocab.entries:
                other = folded.get(entry.id.casefold())
                if other is not None:
                    raise VocabularyDataError(
                        f"duplicate vocabulary id '{entry.id}' in {vocab.name} and {other.vocabulary}"
                    )
                self._entries[entry.id] = folded[entry.id.casefold()] = entry
        self._indexed: list[Entry] = list(self._entries.values())
        self._position = {id(e): i for i, e in enumerate(self._indexed)}
        self._names: list[_Name] = []
        self._by_norm: dict[str, list[int]] = {}
        self._by_key: dict[str, list[int]] = {}
        self._by_word: dict[str, set[int]] = {}
        for i, entry in enumerate(self._indexed):
            for text in entry.names():
                name = _index_name(i, text)
                n = len(self._names)
                self._names.append(name)
                self._by_norm.setdefault(name.norm, []).append(n)
                for key in name.keys:
                    self._by_key.setdefault(key, []).append(n)
                for word in name.words:
                    for key in word:
                        self._by_word.setdefault(key, set()).add(n)

    def names(self) -> tuple[str, ...]:
        return tuple(self._vocabularies)

    def get(self, name: str) -> Vocabulary:
        try:
            return self._vocabularies[name]
        except (KeyError, TypeError):
            raise NotFoundError(f"unknown vocabulary '{name}'") from None

    def entry(self, id_: str) -> Entry:
        """The entry with this id in any non-enum vocabulary."""
        try:
            return self._entries[id_]
        except (KeyError, TypeError):
            raise NotFoundError(f"unknown vocabulary id '{id_}'") from None

    def __iter__(self) -> Iterator[Vocabulary]:
        return iter(self._vocabularies.values())

    def find(self, text: str, limit: int = 20, vocabularies: Iterable[str] | None = None) -> list[Match]:
        """Entries whose id, label or alias matches ``text`` in any script or romanization, best first.

        Tiers: exact id > exact alias > whole-string match key > every query word matches a word of one
        alias > every query word matches a word of some alias of the entry > prefix. Numbers in the query
        must appear in the alias ("Camp 15" never matches Camp 14). By default searches the vocabularies
        marked searchable (not crosswalks); ``vocabularies`` restricts or widens the set.
        """
        wanted = (
            {v.name for v in self if v.searchable and not v.enum}
            if vocabularies is None
            else {self.get(v).name for v in vocabularies}
        )
        norm = _norm(text)
        if not norm or limit <= 0:
            return []
        best: dict[int, tuple[int, str]] = {}

        def offer(entry: int, score: int, alias: str) -> None:
            if self._indexed[entry].vocabulary in wanted and score > best.get(entry, (-1, ""))[0]:
                best[entry] = (score, alias)

        numbers = _numbers(norm)
        exact = self._entries.get(text.strip())  # ids are case-sensitive; "kp-10" still matches as a name
        if exact is not None:
            offer(self._position[id(exact)], SCORE_ID, exact.id)
        for n in self._by_norm.get(norm, ()):
            offer(self._names[n].entry, SCORE_ALIAS, self._names[n].text)
        keys = match_keys(text) | {norm.replace(" ", "")}
        for key in keys:
            for n in self._by_key.get(key, ()):
                if numbers <= self._names[n].numbers:
                    offer(self._names[n].entry, SCORE_KEY, self._names[n].text)
        self._find_words(text, offer)
        if len(norm) >= 2:
            long_keys = [k for k in keys if len(k) >= 3]
            for name in self._names:
                if numbers <= name.numbers and (
                    name.norm.startswith(norm) or any(k.startswith(q) for q in long_keys for k in name.keys)
                ):
                    offer(name.entry, SCORE_PREFIX, name.text)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], -self._priority(item[0]), item[0]))
        return [
            Match(self._indexed[i], self._indexed[i].vocabulary, alias, score) for i, (score, alias) in ranked[:limit]
        ]

    def _find_words(self, text: str, offer: Callable[[int, int, str], None]) -> None:
        words = _word_keys(text)
        if not words:
            return
        per_word = [set().union(*(self._by_word.get(k, set()) for k in word)) for word in words]
        for n in set.intersection(*per_word):
            offer(self._names[n].entry, SCORE_WORDS, self._names[n].text)
        per_entry = [{self._names[n].entry: n for n in hits} for hits in per_word]
        for entry in set.intersection(*(set(hits) for hits in per_entry)):
            offer(entry, SCORE_ENTRY_WORDS, self._names[per_entry[0][entry]].text)

    def _priority(self, entry: int) -> int:
        value = self._indexed[entry].data.get("search_priority", 0)
        return value if isinstance(value, int) else 0


# ---------------------------------------------------------------------------------------------- loading


class FrozenDict(dict[_K, _V]):
    """A read-only dict (still a dict, so json.dumps and ``{**d}`` work) for nested entry data."""

    def _readonly(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("vocabulary data is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _readonly

    def __reduce__(self) -> tuple[type[FrozenDict[_K, _V]], tuple[dict[_K, _V]]]:
        return (type(self), (dict(self),))

    def __copy__(self) -> FrozenDict[_K, _V]:
        return self

    def __deepcopy__(self, memo: object) -> FrozenDict[_K, _V]:
        return self


def _freeze(value: object) -> object:
    if isinstance(value, dict):
        return FrozenDict({str(k): _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _strings(value: object, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyDataError(f"{where}: {what} must be a list of non-empty strings")
    return tuple(value)


def _entry(raw: object, vocabulary: str, where: str, *, enum: bool) -> Entry:
    if not isinstance(raw, dict):
        raise VocabularyDataError(f"{where}: every entry must be a mapping")
    id_ = raw.get("id")
    if not isinstance(id_, str) or not _ID_RE.match(id_):
        raise VocabularyDataError(f"{where}: bad or missing id {id_!r}")
    where = f"{where} id '{id_}'"
    label = raw.get("label")
    if not isinstance(label, dict) or not all(isinstance(label.get(lang), str) for lang in ("en", "ko")):
        raise VocabularyDataError(f"{where}: label needs en and ko strings")
    if not all(
        isinstance(key, str) and re.fullmatch(r"[a-z]{2}", key) and isinstance(value, str)
        for key, value in label.items()
    ):
        # A comma in an unquoted YAML flow mapping ({en: A (B, C)}) silently splits a label in two.
        raise VocabularyDataError(f"{where}: label keys must be language codes with string values")
    sources = _strings(raw.get("sources"), "sources", where)
    if not sources and not enum:
        raise VocabularyDataError(f"{where}: cites no source")
    return Entry(
        id=id_,
        vocabulary=vocabulary,
        label=FrozenDict({str(k): str(v) for k, v in label.items()}),
        aliases=tuple(dict.fromkeys(_strings(raw.get("aliases"), "aliases", where))),
        sources=sources,
        data=FrozenDict({str(k): _freeze(v) for k, v in raw.items() if k not in _RESERVED}),
    )


def _vocabulary(name: str, body: Mapping[str, object], where: str, *, enum: bool) -> Vocabulary:
    entries = body.get("entries")
    if not isinstance(entries, list) or not entries:
        raise VocabularyDataError(f"{where}: vocabulary {name} has no entries list")
    return Vocabulary(
        name=name,
        entries=tuple(_entry(raw, name, f"{where} ({name})", enum=enum) for raw in entries),
        description=str(body.get("description") or ""),
        ordered=bool(body.get("ordered", False)),
        enum=enum,
        searchable=bool(body.get("searchable", not enum)),
    )


def parse_vocabulary_file(text: str, where: str) -> list[Vocabulary]:
    """The vocabularies declared in one YAML document (``where`` names it in error messages)."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise VocabularyDataError(f"{where}: not valid YAML ({type(exc).__name__})") from None
    if isinstance(doc, dict) and isinstance(doc.get("vocabulary"), str):
        return [_vocabulary(doc["vocabulary"], doc, where, enum=False)]
    if isinstance(doc, dict) and isinstance(doc.get("enums"), dict):
        out = []
        for name, body in doc["enums"].items():
            if not isinstance(body, dict):
                raise VocabularyDataError(f"{where}: enum {name} must be a mapping")
            out.append(_vocabulary(str(name), body, where, enum=True))
        return out
    raise VocabularyDataError(f"{where}: needs a 'vocabulary' name with 'entries', or an 'enums' mapping")


@cache
def load_vocabularies() -> Vocabularies:
    """All packaged vocabularies (files in name order), loaded and indexed once per process."""
    folder = resources.files("girok.schema") / "data" / "vocab"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    vocabularies: list[Vocabulary] = []
    for file in files:
        vocabularies.extend(parse_vocabulary_file(file.read_text(encoding="utf-8"), file.name))
    return Vocabularies(vocabularies)


#: Gazetteer kinds that are first-level divisions (ISO 3166-2:KP): a province is its own province.
PROVINCE_KINDS = frozenset({"province", "capital-city", "special-city"})


def label_of(value: object, language: str, vocabulary: str | None = None) -> str:
    """A vocabulary or enum id in ``language`` ("" for none; the id itself when it is no known entry).

    Enum values ("pending", "alleged") are only unique within their enum: name it as ``vocabulary``.
    """
    if not isinstance(value, str) or not value:
        return "" if value is None else str(value)
    vocabularies = load_vocabularies()
    try:
        entry = vocabularies.get(vocabulary).get(value) if vocabulary else vocabularies.entry(value)
    except (GirokError, KeyError):
        return value
    return entry.text(language)


def province_of(gazetteer_id: str | None) -> str | None:
    """The province (KP-xx) of a gazetteer entry: itself for a province, its ``province`` otherwise."""
    gazetteer = load_vocabularies().get("gazetteer")
    if not gazetteer_id or gazetteer_id not in gazetteer:
        return None
    entry = gazetteer.get(gazetteer_id)
    if entry.data.get("kind") in PROVINCE_KINDS:
        return entry.id
    province = entry.data.get("province")
    return str(province) if province else None


def check_id(vocab_name: str, id_: str) -> Entry:
    """The entry ``id_`` of ``vocab_name``; raises NotFoundError("unknown vocabulary id 'x' in NAME")."""
    return load_vocabularies().get(vocab_name).get(id_)
