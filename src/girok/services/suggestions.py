"""The review queue: what extraction suggests in a source, stored per source, accepted or rejected by a writer.

A Suggestion is one mention pinned to its passage, as protected as its source (its quote and value name people).
``suggest`` stores what is new in a source and keeps every decision already taken; ``accept`` turns a suggestion
into the record it stands for (reusing the Place or Organisation a vocabulary id already has), cites that record
to the passage and marks the suggestion accepted, all in one transaction; ``reject`` needs a reason.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from girok.errors import PermissionDeniedError, ValidationError
from girok.extract.mentions import Mention
from girok.extract.pipeline import extract
from girok.schema.enums import enum_values
from girok.schema.validate import validate_fields
from girok.schema.vocabulary import load_vocabularies, province_of
from girok.services.actor import Actor
from girok.services.ingest import source_text
from girok.services.records import DEFAULT_CONFIDENTIALITY, Collection, Record
from girok.store.store import Store

#: Extraction's kinds (plural, as in the JSON contract) -> suggestion kinds.
KIND_OF = {
    "violations": "violation",
    "facilities": "facility",
    "places": "place",
    "institutions": "institution",
    "dates": "date",
    "persons": "person",
    "figures": "figure",
}
#: The record type accepting a suggestion of each kind creates (or reuses).
RECORD_TYPE = {
    "violation": "Violation",
    "facility": "Place",
    "place": "Place",
    "institution": "Organisation",
    "date": "Event",
    "person": "Person",
    "figure": "Figure",
}
#: Records accepting reuses rather than duplicates: the one Place of a gazetteer id, Organisation of an institution.
_REUSE_BY = {"Place": "gazetteer", "Organisation": "institution"}
_PAGE = 1000
_SPAN = ("start", "end", "quote")


@dataclass(frozen=True)
class SuggestResult:
    """What ``suggest`` did: suggestions stored now, those already stored (their decisions kept), and pending
    ones extraction no longer makes (withdrawn: soft-deleted, so the queue holds only what the text says)."""

    new: list[Record]
    kept: list[Record]
    withdrawn: list[Record] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class Accepted:
    """An accepted suggestion, the record it stands for (created or reused) and the citation pinning it."""

    suggestion: Record
    record: Record
    citation: Record
    reused: bool


def suggestion_key(kind: str, mention: Mention) -> str:
    """The fingerprint of a mention in a source: the same thing said at the same place is one suggestion."""
    # In the form the text cleaner stores it (NFC), so the key read back matches the one computed again.
    return unicodedata.normalize("NFC", f"{kind}|{mention.key()}|{mention.start}|{mention.end}").strip()


def mention_value(mention: Mention) -> dict[str, Any]:
    """A mention's contract dict plus the fields the contract leaves out (context, subject, place...)."""
    value = mention.contract()
    for spec in dataclasses.fields(mention):
        if spec.name not in _SPAN and spec.name not in value:
            value[spec.name] = getattr(mention, spec.name)
    return value


def record_type_for(kind: str) -> str:
    """The record type a suggestion of ``kind`` becomes when accepted."""
    if kind not in RECORD_TYPE:
        raise ValidationError(f"unknown suggestion kind {kind[:40]!r} (kinds: {', '.join(RECORD_TYPE)})")
    return RECORD_TYPE[kind]


def _source(collection: Collection, actor: Actor, source_id: str) -> Record:
    if collection.schema.for_id(source_id).name != "Source":
        raise ValidationError(f"{source_id[:60]} is not a Source")
    source = collection.get(actor, source_id)
    if source.redacted:
        raise PermissionDeniedError(f"{actor.name} may not read the protected text of {source_id}")
    return source


def _of_source(collection: Collection, actor: Actor, source_id: str) -> list[Record]:
    found = collection.referring(actor, source_id, "Suggestion")
    return [s for s in found if s.data.get("source") == source_id]


def suggest(collection: Collection, actor: Actor, source_id: str) -> SuggestResult:
    """Store, as pending, every mention in the source's text not stored before; in one transaction.

    Decided suggestions are kept whatever extraction says now; a pending one it no longer makes (the finders
    changed) is withdrawn, so a reviewer is not asked about a span that is gone.
    """
    actor.require_writer()
    source = _source(collection, actor, source_id)
    text = source_text(collection, actor, source_id)
    mentions = extract(text).mentions()
    new: list[Record] = []
    kept: list[Record] = []
    with collection.store.write() as conn:  # the transaction collection.batch() opens, with its connection
        Store.get_record(conn, source_id, lock=True)  # one suggest per source at a time: no duplicates
        stored = {s.data.get("key"): s for s in _of_source(collection, actor, source_id)}
        seen: set[str] = set()
        for plural, found in mentions.items():
            kind = KIND_OF[plural]
            for mention in found:
                key = suggestion_key(kind, mention)
                quote = text[mention.start : mention.end]
                if key in seen or not quote.strip():
                    continue  # found twice in this text, or nothing to cite
                seen.add(key)
                if key in stored:
                    kept.append(stored[key])
                    continue
                data = {
                    "source": source_id,
                    "kind": kind,
                    "key": key,
                    "start": mention.start,
                    "end": mention.end,
                    "quote": quote,
                    "value": mention_value(mention),
                    "decision": "pending",
                }
                stored[key] = collection.create(
                    actor,
                    "Suggestion",
                    data,
                    protection=source.protection,
                    confidentiality=source.confidentiality,
                )
                new.append(stored[key])
        withdrawn = [
            collection.delete(actor, old.id, expected_version=old.version, reason="extraction no longer suggests this")
            for key, old in stored.items()
            if key not in seen and old.data.get("decision") == "pending"
        ]
    return SuggestResult(new=new, kept=kept, withdrawn=withdrawn)


def list_suggestions(
    collection: Collection,
    actor: Actor,
    *,
    source_id: str | None = None,
    decision: str | None = None,
    kind: str | None = None,
) -> list[Record]:
    """Live suggestions the actor may see, by source and position; optionally of one source, decision, kind."""
    if decision is not None and decision not in enum_values("suggestion_decisions"):
        raise ValidationError(
            f"unknown decision {decision[:40]!r} (decisions: {', '.join(enum_values('suggestion_decisions'))})"
        )
    if kind is not None:
        record_type_for(kind)
    if source_id is not None:
        found = _of_source(collection, actor, source_id)
    else:
        found = []
        while True:
            page = collection.list_records(actor, "Suggestion", limit=_PAGE, offset=len(found))
            found.extend(page)
            if len(page) < _PAGE:
                break
    chosen = [
        s
        for s in found
        if (decision is None or s.data.get("decision") == decision) and (kind is None or s.data.get("kind") == kind)
    ]
    return sorted(chosen, key=lambda s: (s.data["source"], s.data["start"], s.data["end"], s.data["kind"], s.id))


def _pending(collection: Collection, actor: Actor, suggestion_id: str) -> Record:
    if collection.schema.for_id(suggestion_id).name != "Suggestion":
        raise ValidationError(f"{suggestion_id[:60]} is not a suggestion")
    suggestion = collection.get(actor, suggestion_id)
    decision = suggestion.data.get("decision")
    if decision != "pending":
        raise ValidationError(f"suggestion {suggestion_id} was already {decision}; it cannot be decided again")
    if suggestion.redacted:
        raise PermissionDeniedError(f"{actor.name} may not read protected suggestion {suggestion_id}")
    return suggestion


def proposed_record(suggestion: Record) -> dict[str, Any]:
    """The fields of the record a suggestion stands for (before a reviewer's edits)."""
    kind = str(suggestion.data["kind"])
    value: Mapping[str, Any] = suggestion.data.get("value") or {}
    quote = suggestion.data.get("quote")
    if kind == "violation":
        context: Mapping[str, Any] = value.get("context") or {}
        data = {"type": value.get("type"), "confidence": value.get("confidence")}
        data.update({name: context.get(name) for name in ("facility", "institution", "date")})
        return data
    if kind == "facility":
        facility = value.get("id")
        province = province_of(facility) if facility else province_of(value.get("place"))
        return {"names": [quote], "gazetteer": facility, "facility_type": value.get("type"), "province": province}
    if kind == "place":
        return {"names": [quote], "gazetteer": value.get("id"), "province": value.get("province")}
    if kind == "institution":
        entry = load_vocabularies().get("institutions").get(str(value.get("id")))
        return {"names": [entry.text("en")], "institution": entry.id}
    if kind == "date":
        return {"title": quote, "date": value.get("value")}
    if kind == "person":
        return {"names": [{"text": value.get("name") or quote, "source": suggestion.data["source"]}]}
    if kind == "figure":
        data = {name: value.get(name) for name in ("value", "low", "high", "unit")}
        return {"subject": value.get("subject") or quote, **data, "source": suggestion.data["source"]}
    raise ValidationError(f"unknown suggestion kind {kind[:40]!r}")  # pragma: no cover - the enum holds these


def _reusable(collection: Collection, actor: Actor, record_type: str, data: Mapping[str, Any]) -> Record | None:
    """The live Place with this gazetteer id, or Organisation with this institution id, if there is one."""
    field = _REUSE_BY.get(record_type)
    wanted = data.get(field) if field is not None else None
    if field is None or not wanted:
        return None  # unnamed facilities, and every other type, are always new records
    offset = 0
    while True:
        page = collection.list_records(actor, record_type, limit=_PAGE, offset=offset)
        for record in page:
            if record.data.get(field) == wanted:
                return record
        if len(page) < _PAGE:
            return None
        offset += _PAGE


def _place_of(collection: Collection, actor: Actor, suggestion: Record) -> str | None:
    """The Place record of the place a violation's sentence names, if that place has been accepted already."""
    value: Mapping[str, Any] = suggestion.data.get("value") or {}
    context: Mapping[str, Any] = value.get("context") or {}
    place = _reusable(collection, actor, "Place", {"gazetteer": context.get("place")})
    return place.id if place is not None else None


def _protection(source: Record) -> str:
    """A person named in a source is protected, and at least as strongly as the source."""
    levels = enum_values("protection_levels")
    return max("protected", source.protection, key=levels.index)


def accept(
    collection: Collection,
    actor: Actor,
    suggestion_id: str,
    *,
    expected_version: int,
    edits: Mapping[str, Any] | None = None,
) -> Accepted:
    """Create (or reuse) the record the suggestion stands for, cite it to the passage, mark it accepted.

    ``edits`` (field -> value) override or add fields of the record before it is validated; a reused Place
    or Organisation gets them as an update. Everything happens in one transaction, or nothing does.
    """
    actor.require_writer()
    with collection.batch():
        suggestion = _pending(collection, actor, suggestion_id)
        source = _source(collection, actor, str(suggestion.data["source"]))
        record_type = collection.schema.get(record_type_for(str(suggestion.data["kind"])))
        changes = dict(edits or {})
        proposed = proposed_record(suggestion)
        if record_type.name == "Violation" and "place" not in changes:
            proposed["place"] = _place_of(collection, actor, suggestion)
        data = validate_fields(record_type, {**proposed, **changes})  # a bad edit fails here
        existing = _reusable(collection, actor, record_type.name, data)
        if existing is None:
            private = record_type.name in ("Violation", "Event", "Person", "Figure")
            record = collection.create(
                actor,
                record_type.name,
                data,
                protection=_protection(source) if record_type.name == "Person" else None,
                confidentiality=source.confidentiality if private else DEFAULT_CONFIDENTIALITY,
            )
        elif changes:
            record = collection.update(
                actor, existing.id, changes, expected_version=existing.version, reason=f"accepted {suggestion_id}"
            )
        else:
            record = existing
        citation = collection.cite(
            actor,
            record.id,
            source.id,
            start=suggestion.data["start"],
            end=suggestion.data["end"],
            quote=suggestion.data.get("quote"),
        )
        decided = collection.update(
            actor,
            suggestion_id,
            {"decision": "accepted", "result": record.id},
            expected_version=expected_version,
            reason="accepted",
        )
    return Accepted(suggestion=decided, record=record, citation=citation, reused=existing is not None)


def reject(collection: Collection, actor: Actor, suggestion_id: str, *, expected_version: int, reason: str) -> Record:
    """Mark a pending suggestion rejected; the reason (why it is wrong) is required."""
    actor.require_writer()
    if not reason or not reason.strip():
        raise ValidationError("a rejection needs a reason")
    with collection.batch():
        _pending(collection, actor, suggestion_id)
        return collection.update(
            actor,
            suggestion_id,
            {"decision": "rejected", "decision_reason": reason.strip()},
            expected_version=expected_version,
            reason="rejected",
        )
