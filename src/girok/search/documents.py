"""What the index holds for a record: its documents, in plaintext, before blinding.

A Source's text becomes passages (see :mod:`.passages`), each with the words it says, the vocabulary
entries and Korean personal names it names (as keys that every spelling of them shares) and its facets
(the violation types, facilities, provinces, institutions and years extraction finds in it). Any other
record becomes one document of its text fields, the labels of its vocabulary values (so "고문" finds a
Violation typed ``torture`` whose description is in English) and its facets.

Who may find a document is part of it: ``lo``..``hi`` is the range of clearance levels that see it.
A protected record's identifying fields are only in a document for readers cleared for them; readers
who may see the record but not its identities find it through a second document without those fields.
The passages of a protected source are identifying through and through: only cleared readers find them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from girok.domain.korean_name import KoreanName
from girok.domain.partial_date import PartialDate
from girok.errors import ValidationError
from girok.extract.korean import Token, has_hangul, tokenize
from girok.extract.lexicon import lexicon
from girok.extract.pipeline import Extraction, extract, language_of
from girok.schema.model import RecordType
from girok.schema.vocabulary import load_vocabularies, province_of
from girok.search.passages import split_passages
from girok.search.terms import words
from girok.services.actor import LEVELS, PROTECTION_CLEARANCE, level_rank

#: Facets a search can count and filter on.
FACETS = (
    "kind",
    "type",
    "coi",
    "rome",
    "facility",
    "province",
    "institution",
    "year",
    "decade",
    "language",
    "status",
    "confidentiality",
)
#: Record types that are not searched as records (citations quote passages; custody and the review
#: queue are bookkeeping).
UNINDEXED_TYPES = frozenset({"Citation", "Custody", "Suggestion"})
PASSAGE = "passage"
TOP = len(LEVELS) - 1
#: A date range of more years than this gives only its decades as facets, not every year in it ("the 1990s"
#: is no evidence for 1994 in particular, and each year is a facet row to count).
_MAX_YEARS = 5


@dataclass
class Document:
    """One document of the index, in plaintext (never stored like this: see :mod:`.blind`)."""

    kind: str
    record_id: str
    source_id: str | None
    lo: int
    hi: int
    start: int | None = None
    end: int | None = None
    page: int | None = None
    date: int | None = None
    #: (term, surface, start, end) in text order; offsets into the document's text (a passage's own).
    terms: list[tuple[str, str, int, int]] = field(default_factory=list)
    #: "v:<vocabulary id>" and "n:<name key>" keys, each with the spans that name it.
    keys: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    facets: dict[str, set[str]] = field(default_factory=dict)

    def add_facet(self, facet: str, value: str | None) -> None:
        if value:
            self.facets.setdefault(facet, set()).add(str(value))

    def add_keys(self, keys: Iterable[str], start: int, end: int) -> None:
        """Keys named by the text at ``start``..``end`` (absolute offsets; stored relative to the doc)."""
        base = self.start or 0
        for key in keys:
            self.keys.setdefault(key, set()).add((start - base, end - base))


def audiences(record_type: RecordType, protection: str, confidentiality: str) -> tuple[int, int | None]:
    """(level seeing the record, level reading its identities or None when nothing is hidden)."""
    seen = level_rank(confidentiality)
    if not record_type.protectable or protection == "none" or not record_type.identifying_fields:
        return seen, None
    return seen, max(seen, level_rank(PROTECTION_CLEARANCE[protection]))


def passage_level(record_type: RecordType, protection: str, confidentiality: str) -> int:
    """The lowest clearance that finds a source's passages (its text is identifying when protected)."""
    seen, identities = audiences(record_type, protection, confidentiality)
    return seen if identities is None else identities


def documents_of(
    record_type: RecordType,
    row: Mapping[str, Any],
    data: Mapping[str, Any],
    related: Mapping[str, Mapping[str, Any]] | None = None,
    analysis: SourceAnalysis | None = None,
) -> list[Document]:
    """The documents of one live record; ``data`` is its plaintext, ``related`` the plaintext of the
    Places it points at (for their provinces), ``analysis`` its text's analysis when already made."""
    if row.get("deleted_at") is not None or record_type.name in UNINDEXED_TYPES:
        return []
    seen, identities = audiences(record_type, row["protection"], row["confidentiality"])
    kind = record_type.name.lower()
    source_id = row["id"] if record_type.name == "Source" else None
    docs: list[Document] = []
    if identities is None:
        docs.append(Document(kind, row["id"], source_id, seen, TOP))
    else:
        if identities > seen:
            docs.append(Document(kind, row["id"], source_id, seen, identities - 1))
        docs.append(Document(kind, row["id"], source_id, identities, TOP))
    for doc in docs:
        full = doc.hi == TOP
        _fill_record(doc, record_type, row, data, related or {}, with_identifying=full)
    if record_type.name == "Source" and isinstance(data.get("text"), str) and data["text"].strip():
        docs.extend(
            passages_of(row, data, passage_level(record_type, row["protection"], row["confidentiality"]), analysis)
        )
    return docs


# -- records -----------------------------------------------------------------------------------------


def record_text(record_type: RecordType, data: Mapping[str, Any], *, with_identifying: bool) -> list[TextPart]:
    """The searchable text of a record: its text fields and its vocabulary values' labels, in field order.

    The index and the snippets both read a record through this, so a highlight's offsets always fall
    on the words they were indexed from.
    """
    vocabularies = load_vocabularies()
    parts: list[TextPart] = []
    for name, spec in record_type.fields.items():
        if (spec.identifying and not with_identifying) or (name == "text" and record_type.name == "Source"):
            continue  # a Source's text is searched as passages
        values = data.get(name)
        items = values if isinstance(values, list) else [values]
        for item in items:
            if isinstance(item, Mapping):  # a name: {"text": ..., "kind": ..., "source": ...}
                item = item.get("text")
            if item in (None, "", "[protected]"):
                continue
            if spec.type in ("text", "longtext"):
                parts.append(TextPart(str(item), set()))
            elif spec.type == "name":
                parts.append(TextPart(str(item), {"n:" + key for key in name_keys(str(item))}))
            elif spec.type == "vocab" and spec.vocab:
                vocabulary = vocabularies.get(spec.vocab)
                value = str(item)
                keys = gazetteer_keys(value) if spec.vocab == "gazetteer" else {"v:" + value}
                if value in vocabulary:
                    entry = vocabulary.get(value)
                    label = " / ".join(dict.fromkeys(filter(None, (entry.label.get("en"), entry.label.get("ko")))))
                    parts.append(TextPart(label or value, keys))
                else:
                    parts.append(TextPart("", keys))
    return parts


@dataclass(frozen=True)
class TextPart:
    """A piece of a record's searchable text, and the keys it names (a name's name keys, a value's id)."""

    text: str
    keys: set[str]


SEPARATOR = " · "


def join_parts(parts: list[TextPart]) -> tuple[str, list[tuple[int, int, set[str]]]]:
    """The record's text (parts joined by a middle dot) and each part's span with its keys."""
    pieces: list[str] = []
    spans: list[tuple[int, int, set[str]]] = []
    offset = 0
    for part in parts:
        if pieces and part.text:
            pieces.append(SEPARATOR)
            offset += len(SEPARATOR)
        spans.append((offset, offset + len(part.text), part.keys))
        pieces.append(part.text)
        offset += len(part.text)
    return "".join(pieces), spans


def _fill_record(
    doc: Document,
    record_type: RecordType,
    row: Mapping[str, Any],
    data: Mapping[str, Any],
    related: Mapping[str, Mapping[str, Any]],
    *,
    with_identifying: bool,
) -> None:
    doc.add_facet("kind", doc.kind)
    doc.add_facet("confidentiality", row["confidentiality"])
    doc.add_facet("status", row.get("status"))
    text, spans = join_parts(record_text(record_type, data, with_identifying=with_identifying))
    doc.terms = [(w.term, w.surface, w.start, w.end) for w in words(text)]
    for start, end, keys in spans:
        doc.add_keys(keys, start, end)
    vocabularies = load_vocabularies()
    for name, spec in record_type.fields.items():
        if spec.identifying and not with_identifying:
            continue
        values = data.get(name)
        if values is None or values == "" or values == []:
            continue
        items = values if isinstance(values, list) else [values]
        if spec.type == "vocab" and spec.vocab:
            vocabulary = vocabularies.get(spec.vocab)
            for value in items:
                if str(value) in vocabulary:
                    _vocab_facets(doc, spec.vocab, name, str(value), vocabulary.get(str(value)).data)
        elif spec.type == "partial_date":
            _date_facets(doc, str(items[0]))
        elif spec.type == "ref" and name in ("place", "origin"):
            place = related.get(str(items[0]))
            if place and place.get("gazetteer"):
                doc.add_facet("province", province_of(str(place["gazetteer"])) or place.get("province"))
            elif place:
                doc.add_facet("province", place.get("province"))
        elif name == "language":
            doc.add_facet("language", str(items[0]))


def _vocab_facets(doc: Document, vocab: str, field_name: str, entry_id: str, entry: Mapping[str, Any]) -> None:
    if vocab == "violation_types":
        doc.add_facet("type", entry_id)
        doc.add_facet("coi", entry.get("coi_area"))
        doc.add_facet("rome", entry.get("rome_statute"))
    elif vocab == "coi_areas":
        doc.add_facet("coi", entry_id)
    elif vocab == "rome_statute":
        doc.add_facet("rome", entry_id)
    elif vocab == "institutions":
        doc.add_facet("institution", entry_id)
    elif vocab == "gazetteer":
        if entry.get("kind") == "facility":
            doc.add_facet("facility", entry_id)
        doc.add_facet("province", province_of(entry_id))


def _date_facets(doc: Document, value: str) -> None:
    try:
        date = PartialDate.parse(value)
    except ValidationError:
        return
    first, last = date.earliest.year, date.latest.year
    day = date.earliest
    if doc.date is None or day.year * 10000 + day.month * 100 + day.day < doc.date:
        doc.date = day.year * 10000 + day.month * 100 + day.day
    if last - first < _MAX_YEARS:
        for year in range(first, last + 1):
            doc.add_facet("year", str(year))
    for decade in range(first // 10 * 10, last // 10 * 10 + 1, 10):
        doc.add_facet("decade", f"{decade}s")


@lru_cache(maxsize=100_000)
def name_keys(name: str) -> frozenset[str]:
    """Matching keys of a Korean personal name in any script or romanization ("" keys dropped)."""
    try:
        return KoreanName.parse(name).match_keys()
    except ValidationError:
        return frozenset()


# -- passages ----------------------------------------------------------------------------------------


@dataclass
class SourceAnalysis:
    """A source text read once: its Kiwi tokens and what extraction found (made outside a transaction
    when the text is large, or in worker processes by ``girok reindex``)."""

    tokens: list[Token]
    extraction: Extraction
    #: Every vocabulary name in the text, with all its readings: (start, end, vocabulary ids).
    names: list[tuple[int, int, tuple[str, ...]]] = field(default_factory=list)


def analyse(text: str) -> SourceAnalysis:
    tokens = tokenize(text) if has_hangul(text) else []
    names = [(hit.start, hit.end, hit.ids) for hit in lexicon().scan(text, tokens)]
    return SourceAnalysis(tokens, extract(text, model=False, tokens=tokens, figures=False), names)


def passages_of(
    row: Mapping[str, Any], data: Mapping[str, Any], lo: int, analysis: SourceAnalysis | None = None
) -> list[Document]:
    text: str = data["text"]
    metadata = data.get("metadata")
    pages = metadata.get("pages") if isinstance(metadata, Mapping) else None
    analysis = analysis or analyse(text)
    language = data.get("language") or language_of(text)
    passages = split_passages(text, pages if isinstance(pages, list) else ())
    docs = [Document(PASSAGE, row["id"], row["id"], lo, TOP, start=p.start, end=p.end, page=p.page) for p in passages]
    starts = [p.start for p in passages]

    def owner(offset: int) -> Document | None:
        index = bisect_right(starts, offset) - 1
        if index < 0 or offset >= docs[index].end:  # type: ignore[operator]
            return None
        return docs[index]

    for passage_doc in docs:
        passage_doc.add_facet("kind", PASSAGE)
        passage_doc.add_facet("language", language)
        passage_doc.add_facet("confidentiality", row["confidentiality"])
    for word in words(text, analysis.tokens):
        owning = owner(word.start)
        if owning is not None:
            base = owning.start or 0
            owning.terms.append((word.term, word.surface, word.start - base, word.end - base))
    found = analysis.extraction
    violation_types = load_vocabularies().get("violation_types")
    # Every vocabulary name as written, in all its readings (the province in "함경북도 집결소", both the
    # camp and the county for a bare "Yodok"), so a query finds it whichever reading extraction chose.
    for start, end, ids in analysis.names:
        if (doc := owner(start)) is not None:
            for entry in ids:
                doc.add_keys(gazetteer_keys(entry), start, end)
    for mention in found.facilities:
        if mention.id and (doc := owner(mention.start)) is not None:
            doc.add_keys(gazetteer_keys(mention.id), mention.start, mention.end)
            _vocab_facets(doc, "gazetteer", "facility", mention.id, _gazetteer_data(mention.id))
    for place in found.places:
        if (doc := owner(place.start)) is not None:
            doc.add_keys(["v:" + place.id], place.start, place.end)
            doc.add_facet("province", place.province or province_of(place.id))
    for institution in found.institutions:
        if (doc := owner(institution.start)) is not None:
            doc.add_keys(["v:" + institution.id], institution.start, institution.end)
            doc.add_facet("institution", institution.id)
    for date in found.dates:
        if (doc := owner(date.start)) is not None:
            _date_facets(doc, date.value)
    for person in found.persons:
        if (doc := owner(person.start)) is not None:
            doc.add_keys({"n:" + key for key in name_keys(person.name)}, person.start, person.end)
    for violation in found.violations:
        if violation.type in violation_types and (doc := owner(violation.start)) is not None:
            _vocab_facets(doc, "violation_types", "type", violation.type, violation_types.get(violation.type).data)
    return docs


def gazetteer_keys(entry_id: str) -> set[str]:
    """Keys of a gazetteer entry: itself, and for a facility the place and province it is in (a passage
    about the Hoeryong detention centre is found by "Hoeryong" or "함경북도" in any spelling, as is one
    naming "함경북도 집결소", which the gazetteer knows as one facility)."""
    keys = {"v:" + entry_id}
    data = _gazetteer_data(entry_id)
    if data.get("kind") == "facility":
        keys |= {"v:" + str(data[field]) for field in ("place", "province") if data.get(field)}
    return keys


def _gazetteer_data(entry_id: str) -> Mapping[str, Any]:
    gazetteer = load_vocabularies().get("gazetteer")
    return gazetteer.get(entry_id).data if entry_id in gazetteer else {}


def referenced_places(record_type: RecordType, data: Mapping[str, Any]) -> list[str]:
    """Ids of the Place records whose provinces a record's documents take."""
    out = []
    for name in ("place", "origin"):
        if name in record_type.fields and record_type.fields[name].type == "ref":
            value = data.get(name)
            if isinstance(value, str):
                out.append(value)
    return out
