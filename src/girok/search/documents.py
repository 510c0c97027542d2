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
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from girok.domain.korean_name import KoreanName
from girok.domain.partial_date import PartialDate
from girok.errors import ValidationError
from girok.extract.korean import Token, has_hangul, tokenize
from girok.extract.lexicon import lexicon
from girok.extract.pipeline import Extraction, extract, language_of
from girok.schema.model import RecordType
from girok.schema.vocabulary import load_vocabularies
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
#: Years a date facet may take (a range wider than this many years gives only its decades).
_MAX_YEARS = 30


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
    #: (term, surface) in text order.
    terms: list[tuple[str, str]] = field(default_factory=list)
    #: "v:<vocabulary id>" and "n:<name key>" keys.
    keys: set[str] = field(default_factory=set)
    facets: dict[str, set[str]] = field(default_factory=dict)

    def add_facet(self, facet: str, value: str | None) -> None:
        if value:
            self.facets.setdefault(facet, set()).add(str(value))


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


def _fill_record(
    doc: Document,
    record_type: RecordType,
    row: Mapping[str, Any],
    data: Mapping[str, Any],
    related: Mapping[str, Mapping[str, Any]],
    *,
    with_identifying: bool,
) -> None:
    vocabularies = load_vocabularies()
    texts: list[str] = []
    doc.add_facet("kind", doc.kind)
    doc.add_facet("confidentiality", row["confidentiality"])
    doc.add_facet("status", row.get("status"))
    for name, spec in record_type.fields.items():
        if spec.identifying and not with_identifying:
            continue
        if name == "text" and record_type.name == "Source":
            continue  # the text is searched as passages
        values = data.get(name)
        if values is None or values == "" or values == []:
            continue
        items = values if isinstance(values, list) else [values]
        if spec.type == "name":  # {"text": ..., "kind": ..., "source": ...}
            items = [v.get("text") if isinstance(v, Mapping) else v for v in items]
            items = [v for v in items if v]
        if spec.type in ("text", "longtext", "name"):
            texts.extend(str(v) for v in items)
            if spec.type == "name":
                for value in items:
                    doc.keys |= {"n:" + key for key in name_keys(str(value))}
        elif spec.type == "vocab" and spec.vocab:
            for value in items:
                doc.keys |= gazetteer_keys(str(value)) if spec.vocab == "gazetteer" else {"v:" + str(value)}
                vocabulary = vocabularies.get(spec.vocab)
                if str(value) not in vocabulary:
                    continue
                entry = vocabulary.get(str(value))
                texts.extend(filter(None, (entry.label.get("en"), entry.label.get("ko"))))
                _vocab_facets(doc, spec.vocab, name, entry.id, entry.data)
        elif spec.type == "partial_date":
            _date_facets(doc, str(items[0]))
        elif spec.type == "ref" and name in ("place", "origin"):
            place = related.get(str(items[0]))
            if place and place.get("gazetteer"):
                doc.add_facet("province", _province_of(str(place["gazetteer"])) or place.get("province"))
            elif place:
                doc.add_facet("province", place.get("province"))
        elif name == "language":
            doc.add_facet("language", str(items[0]))
    text = "\n".join(texts)
    doc.terms = [(w.term, w.surface) for w in words(text)]


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
        doc.add_facet("province", _province_of(entry_id))


def _province_of(gazetteer_id: str) -> str | None:
    gazetteer = load_vocabularies().get("gazetteer")
    if gazetteer_id not in gazetteer:
        return None
    entry = gazetteer.get(gazetteer_id)
    if entry.data.get("kind") in ("province", "capital-city", "special-city"):
        return entry.id
    province = entry.data.get("province")
    return str(province) if province else None


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


def analyse(text: str) -> SourceAnalysis:
    tokens = tokenize(text) if has_hangul(text) else []
    return SourceAnalysis(tokens, extract(text, model=False, tokens=tokens, figures=False))


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
            owning.terms.append((word.term, word.surface))
    found = analysis.extraction
    violation_types = load_vocabularies().get("violation_types")
    # Every vocabulary name as written, in all its readings (the province in "함경북도 집결소", both the
    # camp and the county for a bare "Yodok"), so a query finds it whichever reading extraction chose.
    for hit in lexicon().scan(text, analysis.tokens):
        if (doc := owner(hit.start)) is not None:
            for entry in hit.ids:
                doc.keys |= gazetteer_keys(entry)
    for mention in found.facilities:
        if mention.id and (doc := owner(mention.start)) is not None:
            doc.keys |= gazetteer_keys(mention.id)
            _vocab_facets(doc, "gazetteer", "facility", mention.id, _gazetteer_data(mention.id))
    for place in found.places:
        if (doc := owner(place.start)) is not None:
            doc.keys.add("v:" + place.id)
            doc.add_facet("province", place.province or _province_of(place.id))
    for institution in found.institutions:
        if (doc := owner(institution.start)) is not None:
            doc.keys.add("v:" + institution.id)
            doc.add_facet("institution", institution.id)
    for date in found.dates:
        if (doc := owner(date.start)) is not None:
            _date_facets(doc, date.value)
    for person in found.persons:
        if (doc := owner(person.start)) is not None:
            doc.keys |= {"n:" + key for key in name_keys(person.name)}
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
