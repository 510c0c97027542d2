"""The review queue on both backends: suggest, list, accept (with edits, reusing places), reject, protection at rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from girok.errors import ConflictError, PermissionDeniedError, ValidationError
from girok.ingest.filestore import FileStore
from girok.services import audit
from girok.services.actor import Actor
from girok.services.ingest import ingest_bytes
from girok.services.records import Collection, Record
from girok.services.suggestions import accept, list_suggestions, reject, suggest
from girok.store.store import Store

ENGLISH = (
    "Testimony of a former prisoner, recorded in Seoul.\n"
    "In March 1997 the bowibu sent him to Yodok, Camp 15, in South Hamgyong, where he was beaten. "
    "His brother Kim Chol-su was also sent there. About 50,000 political prisoners were held at Yodok.\n"
)
KOREAN = (
    "1997년 3월 보위부는 그를 요덕 제15호 관리소로 보냈다. 그는 그곳에서 구타를 당했다. "
    "그의 형 김철수도 함께 끌려갔다.\n"
)
#: Names of a witness's relatives: never in plaintext at rest when the source is protected.
RELATIVES = ["Kim Chol-su", "김철수"]


@pytest.fixture
def files(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files")


def _source(
    collection: Collection, files: FileStore, actor: Actor, content: str, protection: str | None = None
) -> Record:
    data = content.encode("utf-8")
    result = ingest_bytes(
        collection, files, actor, data, filename="testimony.txt", kind="testimony", protection=protection
    )
    return result.source


def _one(collection: Collection, actor: Actor, source: Record, kind: str, key_part: str = "") -> Record:
    found = [
        s
        for s in list_suggestions(collection, actor, source_id=source.id, kind=kind, decision="pending")
        if key_part in s.data["key"]
    ]
    assert found, f"no pending {kind} suggestion with {key_part!r}"
    return found[0]


def _counts(collection: Collection) -> dict[str, int]:
    with collection.store.read() as conn:
        return Store.count_records(conn)


def _audit_entries(collection: Collection) -> int:
    with collection.store.read() as conn:
        return Store.audit_head(conn)[0]


@pytest.mark.parametrize("content", [ENGLISH, KOREAN], ids=["english", "korean"])
def test_suggest_stores_pending_suggestions_quoting_the_source(
    collection: Collection, files: FileStore, editor: Actor, content: str
) -> None:
    source = _source(collection, files, editor, content)
    result = suggest(collection, editor, source.id)
    assert result.kept == []
    kinds = {s.data["kind"] for s in result.new}
    assert {"violation", "facility", "institution", "date", "person"} <= kinds
    for suggestion in result.new:
        data = suggestion.data
        assert data["source"] == source.id and data["decision"] == "pending"
        assert data["quote"] == content[data["start"] : data["end"]]
        assert data["key"].startswith(f"{data['kind']}|") and data["key"].endswith(f"|{data['start']}|{data['end']}")
        assert suggestion.protection == source.protection == "protected"
        assert suggestion.confidentiality == source.confidentiality
    facility = next(s for s in result.new if s.data["kind"] == "facility")
    assert facility.data["value"]["id"] == "kwalliso-15" and facility.data["value"]["type"] == "kwalliso"
    violation = next(s for s in result.new if s.data["value"].get("context", {}).get("facility"))
    assert violation.data["value"]["context"]["institution"] == "mss"
    listed = list_suggestions(collection, editor, source_id=source.id)
    assert sorted(s.id for s in listed) == sorted(s.id for s in result.new)
    assert [s.data["start"] for s in listed] == sorted(s.data["start"] for s in listed)

    again = suggest(collection, editor, source.id)
    assert again.new == [] and sorted(s.id for s in again.kept) == sorted(s.id for s in result.new)
    assert len(list_suggestions(collection, editor, source_id=source.id)) == len(result.new)


def test_rerunning_keeps_decisions_and_adds_nothing(collection: Collection, files: FileStore, editor: Actor) -> None:
    source = _source(collection, files, editor, ENGLISH)
    first = suggest(collection, editor, source.id)
    rejected = _one(collection, editor, source, "date")
    reject(collection, editor, rejected.id, expected_version=rejected.version, reason="the date of the interview")
    accepted = _one(collection, editor, source, "institution")
    accept(collection, editor, accepted.id, expected_version=accepted.version)
    counts = _counts(collection)

    again = suggest(collection, editor, source.id)
    assert again.new == [] and len(again.kept) == len(first.new)
    assert _counts(collection) == counts
    assert collection.get(editor, rejected.id).data["decision"] == "rejected"
    assert collection.get(editor, accepted.id).data["decision"] == "accepted"
    by_decision = {
        decision: len(list_suggestions(collection, editor, source_id=source.id, decision=decision))
        for decision in ("pending", "accepted", "rejected")
    }
    assert by_decision == {"pending": len(first.new) - 2, "accepted": 1, "rejected": 1}
    assert again.withdrawn == []


def test_pending_suggestions_extraction_no_longer_makes_are_withdrawn(
    collection: Collection, files: FileStore, editor: Actor
) -> None:
    """As after the finders changed: a stale pending suggestion leaves the queue; a decided one stays."""
    source = _source(collection, files, editor, ENGLISH)
    suggest(collection, editor, source.id)

    def stale(key: str) -> Record:
        data = {"source": source.id, "kind": "place", "key": key, "start": 0, "end": 9, "quote": "Testimony"}
        data.update(value={"id": "hyesan"}, decision="pending")
        return collection.create(editor, "Suggestion", data, protection=source.protection)

    pending, decided = stale("place|hyesan|0|9"), stale("place|musan|0|9")
    reject(collection, editor, decided.id, expected_version=decided.version, reason="not in the text")
    again = suggest(collection, editor, source.id)
    assert [record.id for record in again.withdrawn] == [pending.id]
    assert collection.get(editor, pending.id, include_deleted=True).deleted_at is not None
    assert collection.get(editor, decided.id).data["decision"] == "rejected"
    assert again.new == []


def test_accept_creates_cited_records_and_reuses_places_and_organisations(
    collection: Collection, files: FileStore, editor: Actor, admin: Actor
) -> None:
    english = _source(collection, files, editor, ENGLISH)
    korean = _source(collection, files, editor, KOREAN)
    suggest(collection, editor, english.id)
    suggest(collection, editor, korean.id)

    camp = _one(collection, editor, english, "facility", "kwalliso-15")
    done = accept(collection, editor, camp.id, expected_version=camp.version)
    place = done.record
    assert not done.reused and place.type == "Place"
    assert place.data == {
        "names": [camp.data["quote"]],
        "gazetteer": "kwalliso-15",
        "facility_type": "kwalliso",
        "province": "KP-08",
    }
    citation = done.citation.data
    assert citation["record"] == place.id and citation["source"] == english.id
    assert (citation["start"], citation["end"], citation["quote"]) == (
        camp.data["start"],
        camp.data["end"],
        camp.data["quote"],
    )
    assert done.citation.protection == english.protection
    assert done.suggestion.data["decision"] == "accepted" and done.suggestion.data["result"] == place.id
    assert done.suggestion.version == camp.version + 1

    korean_camp = _one(collection, editor, korean, "facility", "kwalliso-15")
    again = accept(collection, editor, korean_camp.id, expected_version=korean_camp.version)
    assert again.reused and again.record.id == place.id
    assert {c.data["source"] for c in collection.citations_of(editor, place.id)} == {english.id, korean.id}

    organisations = []
    for source in (english, korean):
        bowibu = _one(collection, editor, source, "institution", "mss")
        organisations.append(accept(collection, editor, bowibu.id, expected_version=bowibu.version).record)
    assert organisations[0].id == organisations[1].id
    assert organisations[0].data == {"names": ["Ministry of State Security"], "institution": "mss"}

    province = _one(collection, editor, english, "place", "KP-08")
    assert accept(collection, editor, province.id, expected_version=province.version).record.data == {
        "names": ["South Hamgyong"],
        "gazetteer": "KP-08",
        "province": "KP-08",
    }
    assert _counts(collection)["Place"] == 2

    beaten = next(
        s
        for s in list_suggestions(collection, editor, source_id=english.id, kind="violation")
        if s.data["value"]["type"] == "torture"
    )
    violation = accept(collection, editor, beaten.id, expected_version=beaten.version).record
    assert violation.type == "Violation" and violation.status == "alleged"
    assert violation.data["type"] == "torture" and violation.data["facility"] == "kwalliso-15"
    assert violation.data["institution"] == "mss" and violation.data["date"] == "1997-03"
    # The sentence names South Hamgyong, accepted above as a Place: the violation points at that record.
    assert violation.data["place"] == next(
        p.id for p in collection.list_records(editor, "Place") if p.data.get("gazetteer") == "KP-08"
    )
    assert violation.data["confidence"] == beaten.data["value"]["confidence"]

    date = _one(collection, editor, english, "date")
    assert accept(collection, editor, date.id, expected_version=date.version).record.data == {
        "title": "March 1997",
        "date": "1997-03",
    }
    relative = _one(collection, editor, korean, "person", "김철수")
    person = accept(collection, editor, relative.id, expected_version=relative.version).record
    assert person.type == "Person" and person.protection == "protected"
    assert person.data["names"] == [{"text": "김철수", "source": korean.id}]
    figure = _one(collection, editor, english, "figure")
    record = accept(collection, editor, figure.id, expected_version=figure.version).record
    assert record.data == {
        "subject": "political prisoners",
        "value": 50000,
        "unit": "people",
        "source": english.id,
    }
    assert audit.verify(collection.store, admin).ok


def test_edit_then_accept_and_a_bad_edit_writes_nothing(
    collection: Collection, files: FileStore, editor: Actor, admin: Actor
) -> None:
    source = _source(collection, files, editor, ENGLISH)
    suggest(collection, editor, source.id)
    suggestion = _one(collection, editor, source, "violation", "torture")
    counts, entries = _counts(collection), _audit_entries(collection)
    for edits, message in [
        ({"type": "beating"}, r"^Violation\.type: unknown vocabulary id 'beating'"),
        ({"date": "1997-02-30"}, r"^Violation\.date:"),
        ({"no_such_field": "x"}, r"^Violation\.no_such_field: no such field$"),
        ({"victim": "per_01JNOTTHERE000000000000000"}, r"^Violation\.victim: no record per_01JNOTTHERE"),
    ]:
        with pytest.raises(ValidationError, match=message) as raised:
            accept(collection, editor, suggestion.id, expected_version=suggestion.version, edits=edits)
        assert "\n" not in str(raised.value)
        assert _counts(collection) == counts and _audit_entries(collection) == entries
        assert collection.get(editor, suggestion.id).data["decision"] == "pending"

    victim = collection.create(editor, "Person", {"names": ["Witness A"]})
    edits = {"type": "enforced-disappearance", "date": "1997", "victim": victim.id, "description": "sent away"}
    done = accept(collection, editor, suggestion.id, expected_version=suggestion.version, edits=edits)
    assert done.record.data["type"] == "enforced-disappearance" and done.record.data["date"] == "1997"
    assert done.record.data["victim"] == victim.id and done.record.data["facility"] == "kwalliso-15"
    assert done.record.data["description"] == "sent away"

    # Editing a reused Place updates it (with a revision), rather than dropping the reviewer's edit.
    first = _one(collection, editor, source, "facility", "kwalliso-15")
    place = accept(collection, editor, first.id, expected_version=first.version).record
    second = _one(collection, editor, source, "facility", "kwalliso-15")
    edited = accept(
        collection, editor, second.id, expected_version=second.version, edits={"names": ["Yodok", "요덕 관리소"]}
    )
    assert edited.reused and edited.record.id == place.id and edited.record.version == place.version + 1
    assert edited.record.data["names"] == ["Yodok", "요덕 관리소"]
    assert audit.verify(collection.store, admin).ok


def test_reject_needs_a_reason_and_a_decision_is_taken_once(
    collection: Collection, files: FileStore, editor: Actor, admin: Actor
) -> None:
    source = _source(collection, files, editor, ENGLISH)
    suggest(collection, editor, source.id)
    suggestion = _one(collection, editor, source, "date")
    for reason in ("", "   "):
        with pytest.raises(ValidationError, match=r"^a rejection needs a reason$"):
            reject(collection, editor, suggestion.id, expected_version=suggestion.version, reason=reason)
    rejected = reject(collection, editor, suggestion.id, expected_version=suggestion.version, reason=" not an event ")
    assert rejected.data["decision"] == "rejected" and rejected.data["decision_reason"] == "not an event"
    assert "result" not in rejected.data
    assert collection.history(editor, suggestion.id)[-1]["reason"] == "rejected"

    with pytest.raises(ValidationError, match=f"^suggestion {suggestion.id} was already rejected"):
        accept(collection, editor, suggestion.id, expected_version=rejected.version)
    with pytest.raises(ValidationError, match="already rejected"):
        reject(collection, editor, suggestion.id, expected_version=rejected.version, reason="again")

    other = _one(collection, editor, source, "institution")
    accepted = accept(collection, editor, other.id, expected_version=other.version).suggestion
    counts = _counts(collection)
    with pytest.raises(ValidationError, match="already accepted"):
        accept(collection, editor, other.id, expected_version=accepted.version)
    with pytest.raises(ValidationError, match="already accepted"):
        reject(collection, editor, other.id, expected_version=accepted.version, reason="changed my mind")
    assert _counts(collection) == counts

    with pytest.raises(ValidationError, match="is not a suggestion"):
        accept(collection, editor, source.id, expected_version=1)
    assert audit.verify(collection.store, admin).ok


def test_a_stale_version_conflicts_and_writes_nothing(collection: Collection, files: FileStore, editor: Actor) -> None:
    source = _source(collection, files, editor, ENGLISH)
    suggest(collection, editor, source.id)
    suggestion = _one(collection, editor, source, "facility")
    collection.update(editor, suggestion.id, {"decision_reason": "looked at it"}, expected_version=suggestion.version)
    counts = _counts(collection)
    with pytest.raises(ConflictError, match="changed by someone else"):
        accept(collection, editor, suggestion.id, expected_version=suggestion.version)
    with pytest.raises(ConflictError):
        reject(collection, editor, suggestion.id, expected_version=suggestion.version, reason="no")
    assert _counts(collection) == counts
    assert accept(collection, editor, suggestion.id, expected_version=suggestion.version + 1).record.type == "Place"


def test_a_viewer_may_list_but_not_decide(collection: Collection, files: FileStore, editor: Actor) -> None:
    source = _source(collection, files, editor, ENGLISH)
    viewer = Actor(name="vera", role="viewer", clearance="restricted")
    with pytest.raises(PermissionDeniedError, match="may not change records"):
        suggest(collection, viewer, source.id)
    suggest(collection, editor, source.id)
    suggestion = _one(collection, viewer, source, "facility")
    counts = _counts(collection)
    with pytest.raises(PermissionDeniedError, match="may not change records"):
        accept(collection, viewer, suggestion.id, expected_version=suggestion.version)
    with pytest.raises(PermissionDeniedError, match="may not change records"):
        reject(collection, viewer, suggestion.id, expected_version=suggestion.version, reason="no")
    assert _counts(collection) == counts

    # An actor not cleared for the source's protection sees suggestions redacted and cannot run extraction.
    uncleared = Actor(name="ian", role="editor", clearance="internal")
    shown = list_suggestions(collection, uncleared, source_id=source.id)
    assert shown and all(s.redacted and s.data["quote"] == "[protected]" for s in shown)
    with pytest.raises(PermissionDeniedError, match="may not read"):
        suggest(collection, uncleared, source.id)
    with pytest.raises(PermissionDeniedError, match="may not read"):
        accept(collection, uncleared, suggestion.id, expected_version=suggestion.version)


def test_filters_are_checked(collection: Collection, editor: Actor) -> None:
    with pytest.raises(ValidationError, match=r"^unknown decision 'maybe'"):
        list_suggestions(collection, editor, decision="maybe")
    with pytest.raises(ValidationError, match=r"^unknown suggestion kind 'camps'"):
        list_suggestions(collection, editor, kind="camps")
    assert list_suggestions(collection, editor) == []


def test_protected_suggestions_hold_no_plaintext_at_rest(
    collection: Collection, files: FileStore, editor: Actor, admin: Actor, backend: str
) -> None:
    protected = _source(collection, files, editor, ENGLISH + KOREAN)
    suggest(collection, editor, protected.id)
    stored = list_suggestions(collection, editor, source_id=protected.id)
    persons = [s for s in stored if s.data["kind"] == "person"]
    assert {s.data["quote"] for s in persons} == set(RELATIVES)
    reject(collection, editor, persons[0].id, expected_version=persons[0].version, reason=f"not {RELATIVES[0]}")
    accept(collection, editor, persons[1].id, expected_version=persons[1].version)
    open_text = "Pak Open-sample was beaten at Yodok, Camp 15 in 1998.\n"
    open_source = _source(collection, files, editor, open_text, protection="none")
    suggest(collection, editor, open_source.id)

    with collection.store.read() as conn:
        dump = "\n".join(
            str(row)
            for table in ("records", "revisions", "audit_log")
            for row in conn.execute(text(f"SELECT * FROM {table}"))
        )
    for secret in RELATIVES:
        assert secret not in dump
    assert "Pak Open-sample" in dump  # the check sees plaintext where there is some
    if backend == "sqlite":
        database = collection.store.engine.url.database
        assert database is not None
        raw = b"".join(Path(path).read_bytes() for path in (database, database + "-wal") if Path(path).exists())
        for secret in RELATIVES:
            assert secret.encode("utf-8") not in raw
        assert b"Pak Open-sample" in raw
    shown = {s.data["quote"] for s in list_suggestions(collection, editor, source_id=protected.id, kind="person")}
    assert shown == set(RELATIVES)  # a cleared reader sees them decrypted
    assert audit.verify(collection.store, admin).ok
