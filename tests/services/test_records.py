"""Creating, editing, deleting and reading records through the services, on both backends."""

from __future__ import annotations

import threading

import pytest

from girok.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationError
from girok.services.actor import Actor
from girok.services.protection import REDACTED
from girok.services.records import Collection
from girok.store.store import Store


def test_create_person_normalises_and_records_revision_and_audit(collection: Collection, editor: Actor) -> None:
    person = collection.create(
        editor, "Person", {"names": ["김영호", "Kim Yong-ho"], "birth_date": "1997년 3월", "sex": "male"}
    )
    assert person.id.startswith("per_")
    assert person.version == 1
    assert person.protection == "protected"  # people are protected unless said otherwise
    assert person.data["names"] == [{"text": "김영호"}, {"text": "Kim Yong-ho"}]
    assert person.data["birth_date"] == "1997-03"
    history = collection.history(editor, person.id)
    assert [h["action"] for h in history] == ["create"]
    assert history[0]["before"] is None
    assert history[0]["after"]["data"]["names"] == [{"text": "김영호"}, {"text": "Kim Yong-ho"}]
    with collection.store.read() as conn:
        entries = list(Store.iter_audit(conn))
    assert [(e["action"], e["record_id"], e["actor"]) for e in entries] == [("record.create", person.id, "alice")]


def test_validation_names_the_field(collection: Collection, editor: Actor) -> None:
    with pytest.raises(ValidationError, match=r"^Person\.birth_date: .*1997-02-30"):
        collection.create(editor, "Person", {"names": ["Kim"], "birth_date": "1997-02-30"})
    with pytest.raises(ValidationError, match=r"^Violation\.type: unknown vocabulary id 'beating'"):
        collection.create(editor, "Violation", {"type": "beating"})
    with pytest.raises(ValidationError, match=r"^Person\.names: required"):
        collection.create(editor, "Person", {"sex": "female"})
    with pytest.raises(ValidationError, match=r"^Person\.shoe_size: no such field"):
        collection.create(editor, "Person", {"names": ["Kim"], "shoe_size": 9})
    with pytest.raises(ValidationError, match=r"^Violation\.victim: no record per_"):
        collection.create(editor, "Violation", {"type": "torture", "victim": "per_01JDOESNOTEXIST00000000000"})
    with collection.store.read() as conn:
        assert Store.count_records(conn) == {}


def test_violation_takes_legal_qualification_from_its_type(collection: Collection, editor: Actor) -> None:
    victim = collection.create(editor, "Person", {"names": ["리영철"]})
    violation = collection.create(
        editor,
        "Violation",
        {"type": "political-imprisonment", "victim": victim.id, "facility": "kwalliso-15"},
    )
    assert violation.status == "alleged"
    assert violation.data["coi_area"] == "coi-prison-camps"
    assert violation.data["rome_statute"] == "cah-imprisonment"


def test_reference_to_wrong_record_type_is_refused(collection: Collection, editor: Actor) -> None:
    place = collection.create(editor, "Place", {"names": ["Yodok"], "gazetteer": "kwalliso-15"})
    with pytest.raises(ValidationError, match=r"Violation\.victim: .* is a Place, expected Person"):
        collection.create(editor, "Violation", {"type": "torture", "victim": place.id})


def test_relation_checks_the_types_at_both_ends(collection: Collection, editor: Actor) -> None:
    mother = collection.create(editor, "Person", {"names": ["박순희"]})
    child = collection.create(editor, "Person", {"names": ["김철"]})
    place = collection.create(editor, "Place", {"names": ["Camp 15"], "gazetteer": "kwalliso-15"})
    relation = collection.link(editor, "parent-of", mother.id, child.id)
    assert relation.data == {"type": "parent-of", "subject": mother.id, "object": child.id}
    collection.link(editor, "detained-in", child.id, place.id, date="1997")
    with pytest.raises(ValidationError, match=r"^Relation\.object: a parent-of relation takes Person, not Place"):
        collection.link(editor, "parent-of", mother.id, place.id)
    with pytest.raises(ValidationError, match=r"^Relation\.type"):
        collection.link(editor, "best-friend-of", mother.id, child.id)


def test_update_keeps_history_and_stale_update_conflicts(collection: Collection, editor: Actor) -> None:
    person = collection.create(editor, "Person", {"names": ["Pak Chol"], "birth_date": "1960"})
    updated = collection.update(editor, person.id, {"birth_date": "1961"}, expected_version=1, reason="second source")
    assert updated.version == 2 and updated.data["birth_date"] == "1961"
    with pytest.raises(ConflictError, match=r"changed by someone else .*version 1.* now at version 2"):
        collection.update(editor, person.id, {"birth_date": "1962"}, expected_version=1)
    cleared = collection.update(editor, person.id, {"birth_date": None}, expected_version=2)
    assert "birth_date" not in cleared.data
    history = collection.history(editor, person.id)
    assert [(h["version"], h["action"]) for h in history] == [(1, "create"), (2, "update"), (3, "update")]
    assert history[1]["before"]["data"]["birth_date"] == "1960"
    assert history[1]["after"]["data"]["birth_date"] == "1961"
    assert history[1]["reason"] == "second source"


def test_concurrent_edits_one_wins_one_conflicts(collection: Collection, editor: Actor) -> None:
    person = collection.create(editor, "Person", {"names": ["Choe Un-hui"]})
    outcomes: list[str] = []

    def edit(value: str) -> None:
        try:
            collection.update(editor, person.id, {"occupation": value}, expected_version=1)
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=edit, args=(f"job {i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "ok"]
    assert collection.get(editor, person.id).version == 2


def test_soft_delete_and_restore(collection: Collection, editor: Actor) -> None:
    org = collection.create(editor, "Organisation", {"names": ["Onsong county bowibu"], "institution": "mss"})
    deleted = collection.delete(editor, org.id, expected_version=1, reason="duplicate entry")
    assert deleted.deleted_at is not None
    with pytest.raises(NotFoundError, match="was deleted"):
        collection.get(editor, org.id)
    assert collection.list_records(editor, "Organisation") == []
    with pytest.raises(ValidationError, match=r"Violation\.perpetrators: no record"):
        collection.create(editor, "Violation", {"type": "torture", "perpetrators": [org.id]})
    restored = collection.restore(editor, org.id, expected_version=2)
    assert restored.deleted_at is None and restored.version == 3
    assert [h["action"] for h in collection.history(editor, org.id)] == ["create", "delete", "restore"]


def test_roles_are_enforced_in_the_services(collection: Collection, editor: Actor) -> None:
    viewer = Actor(name="vera", role="viewer", clearance="restricted")
    with pytest.raises(PermissionDeniedError, match="vera \\(viewer\\) may not change records"):
        collection.create(viewer, "Person", {"names": ["Kim"]})
    person = collection.create(editor, "Person", {"names": ["Kim"]})
    with pytest.raises(PermissionDeniedError):
        collection.update(viewer, person.id, {"sex": "male"}, expected_version=1)
    with pytest.raises(PermissionDeniedError):
        collection.delete(viewer, person.id, expected_version=1)


def test_protected_identities_are_redacted_for_uncleared_readers(collection: Collection, editor: Actor) -> None:
    person = collection.create(
        editor, "Person", {"names": ["이순옥"], "birth_date": "1965", "sex": "female"}, protection="protected"
    )
    clerk = Actor(name="clerk", role="viewer", clearance="internal")
    seen = collection.get(clerk, person.id)
    assert seen.redacted
    assert seen.data["names"] == REDACTED and seen.data["birth_date"] == REDACTED
    assert seen.data["sex"] == "female"  # not identifying
    history = collection.history(clerk, person.id)
    assert history[0]["after"]["data"]["names"] == REDACTED
    cleared = collection.get(editor, person.id)
    assert cleared.data["names"] == [{"text": "이순옥"}] and not cleared.redacted


def test_confidential_records_are_invisible_below_clearance(collection: Collection, editor: Actor) -> None:
    secret = collection.create(editor, "Event", {"title": "Transfer of prisoners"}, confidentiality="restricted")
    collection.create(editor, "Event", {"title": "Public execution in the market"}, confidentiality="public")
    clerk = Actor(name="clerk", role="viewer", clearance="internal")
    with pytest.raises(NotFoundError, match=f"^no record {secret.id}$"):
        collection.get(clerk, secret.id)
    assert [r.data["title"] for r in collection.list_records(clerk, "Event")] == ["Public execution in the market"]


def test_raising_protection_seals_earlier_revisions(collection: Collection, editor: Actor) -> None:
    person = collection.create(editor, "Person", {"names": ["Han Myong-sil"]}, protection="none")
    collection.update(editor, person.id, {}, expected_version=1, protection="high")
    with collection.store.read() as conn:
        revisions = Store.revisions_of(conn, person.id)
        row = Store.get_record(conn, person.id)
    assert "Han Myong-sil" not in repr(revisions) and "Han Myong-sil" not in repr(row)
    assert collection.get(editor, person.id).data["names"] == [{"text": "Han Myong-sil"}]


def test_unchanged_identifying_fields_keep_their_ciphertext(collection: Collection, editor: Actor) -> None:
    person = collection.create(editor, "Person", {"names": ["Kim"], "birth_date": "1970"})
    collection.update(editor, person.id, {"birth_date": "1971"}, expected_version=1)
    history = collection.history(editor, person.id)
    with collection.store.read() as conn:
        raw = Store.revisions_of(conn, person.id)
    assert raw[1]["before"]["data"]["names"] == raw[1]["after"]["data"]["names"]
    assert raw[1]["before"]["data"]["birth_date"] != raw[1]["after"]["data"]["birth_date"]
    assert history[1]["after"]["data"]["birth_date"] == "1971"


def test_ciphertext_moved_to_another_record_does_not_decrypt(collection: Collection, editor: Actor) -> None:
    from girok.errors import KeyringError
    from girok.store import tables

    first = collection.create(editor, "Person", {"names": ["First Person"]})
    second = collection.create(editor, "Person", {"names": ["Second Person"]})
    with collection.store.write() as conn:
        stolen = Store.get_record(conn, first.id)["data"]
        conn.execute(tables.records.update().where(tables.records.c.id == second.id).values(data=stolen))
    with pytest.raises(KeyringError, match="does not authenticate"):
        collection.get(editor, second.id)


def test_batch_is_one_transaction_all_or_nothing(collection: Collection, editor: Actor) -> None:
    from girok.services import audit

    with pytest.raises(ValidationError), collection.batch():
        collection.create(editor, "Event", {"title": "first of a failed batch"})
        collection.create(editor, "Event", {"title": "second of a failed batch"})
        collection.create(editor, "Violation", {"type": "no-such-type"})
    with collection.store.read() as conn:
        assert Store.count_records(conn) == {}
        assert Store.audit_head(conn) == (0, "0" * 64)
    with collection.batch():
        first = collection.create(editor, "Person", {"names": ["Kim"]})
        violation = collection.create(editor, "Violation", {"type": "torture", "victim": first.id})
        assert collection.get(editor, violation.id).data["victim"] == first.id  # reads see the batch so far
    with collection.store.read() as conn:
        assert Store.audit_head(conn)[0] == 2
    assert audit.verify(collection.store, Actor(name="r", role="reviewer", clearance="restricted")).ok
