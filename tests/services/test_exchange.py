"""Lossless export and import as JSON Lines; every bad line reported, nothing half-written."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest

from girok.errors import ImportFileError
from girok.schema.model import load_schema
from girok.security.keyring import Keyring
from girok.services import exchange
from girok.services.actor import Actor
from girok.services.records import Collection
from girok.store.store import Store


def _fill(collection: Collection, actor: Actor) -> dict[str, str]:
    witness = collection.create(actor, "Person", {"names": ["정은미", "Jong Un-mi"], "birth_date": "1971"})
    source = collection.create(
        actor, "Source", {"title": "Interview 7", "kind": "testimony", "witness": witness.id, "text": "..."}
    )
    victim = collection.create(actor, "Person", {"names": ["리철호"]}, protection="high")
    violation = collection.create(actor, "Violation", {"type": "execution", "victim": victim.id, "date": "1996"})
    collection.cite(actor, violation.id, source.id, start=0, end=3, quote="...")
    collection.link(actor, "parent-of", witness.id, victim.id)
    collection.update(actor, victim.id, {"sex": "male"}, expected_version=1)
    gone = collection.create(actor, "Event", {"title": "Removed event"})
    collection.delete(actor, gone.id, expected_version=1)
    return {"witness": witness.id, "victim": victim.id, "violation": violation.id}


def _export(collection: Collection, actor: Actor) -> list[str]:
    handle = io.StringIO()
    exchange.export_to(collection.store, actor, handle)
    return handle.getvalue().splitlines()


def test_export_import_export_is_identical(
    collection: Collection, admin: Actor, keyring: Keyring, db_urls: Callable[[], str]
) -> None:
    _fill(collection, admin)
    first = _export(collection, admin)
    assert "정은미" not in "\n".join(first) and "리철호" not in "\n".join(first)
    other = Store(db_urls())
    other.migrate()
    report = exchange.import_from(other, keyring, load_schema(), admin, io.StringIO("\n".join(first)))
    assert report.errors == [] and report.records == sum('"kind":"record"' in line for line in first)
    second = _export(Collection(other, keyring), admin)
    other.close()
    assert sorted(first) == sorted(second)


def test_every_bad_line_is_reported_and_nothing_written(collection: Collection, admin: Actor, keyring: Keyring) -> None:
    ids = _fill(collection, admin)
    lines = _export(collection, admin)
    broken = [
        lines[0],
        "{not json",
        json.dumps({"kind": "record", "record": {"id": "per_X"}}),
        json.dumps({"kind": "mystery"}),
        json.dumps(
            {
                "kind": "record",
                "record": {
                    **json.loads(lines[1])["record"],
                    "id": "vio_01JZZZZZZZZZZZZZZZZZZZZZZZ",
                    "type": "Violation",
                    "data": {"type": "no-such-violation"},
                    "status": "alleged",
                    "protection": "none",
                },
            }
        ),
    ]
    before = _export(collection, admin)
    with pytest.raises(
        ImportFileError, match=r"^4 invalid line\(s\); nothing was imported\. First: line 2: not valid JSON"
    ):
        exchange.import_from(collection.store, keyring, load_schema(), admin, io.StringIO("\n".join(broken)))
    assert _export(collection, admin) == before
    assert ids


def test_line_errors_name_the_problem(collection: Collection, admin: Actor, keyring: Keyring) -> None:
    ids = _fill(collection, admin)
    lines = _export(collection, admin)
    victim_line = next(json.loads(line) for line in lines if ids["victim"] in line and '"kind":"record"' in line)
    plain = json.loads(json.dumps(victim_line))
    plain["record"]["id"] = "per_01JPLAINTEXT0000000000000"
    plain["record"]["data"]["names"] = [{"text": "리철호"}]
    bad_vocab = json.loads(json.dumps(victim_line))
    bad_vocab["record"]["id"] = "per_01JBADVOCAB00000000000000"
    bad_vocab["record"]["data"]["origin"] = "atlantis"
    text = "\n".join([lines[0], json.dumps(plain), json.dumps(bad_vocab), json.dumps({"kind": "record", "record": 5})])
    report_error = None
    try:
        exchange.import_from(collection.store, keyring, load_schema(), admin, io.StringIO(text))
    except ImportFileError as error:
        report_error = str(error)
    assert report_error is not None and report_error.startswith("3 invalid line(s)")
    report = exchange.import_from(collection.store, keyring, load_schema(), admin, io.StringIO(text), skip_invalid=True)
    messages = dict(report.errors)
    assert "in plaintext although the record is protected" in messages[2]
    assert "unknown vocabulary id 'atlantis'" in messages[3] or "does not authenticate" in messages[3]
    assert messages[4] == "record must be an object"
    assert report.records == 0


def test_skip_invalid_imports_the_valid_rest(
    collection: Collection, admin: Actor, keyring: Keyring, db_urls: Callable[[], str]
) -> None:
    _fill(collection, admin)
    lines = _export(collection, admin)
    fresh = Store(db_urls())
    fresh.migrate()
    damaged = [*lines[:3], "][", *lines[3:]]
    report = exchange.import_from(
        fresh, keyring, load_schema(), admin, io.StringIO("\n".join(damaged)), skip_invalid=True
    )
    assert [number for number, _ in report.errors] == [4]
    assert report.records == sum(1 for line in lines if '"kind":"record"' in line)
    fresh.close()


def test_import_with_another_key_is_refused(collection: Collection, admin: Actor, db_urls: Callable[[], str]) -> None:
    _fill(collection, admin)
    lines = _export(collection, admin)
    fresh = Store(db_urls())
    fresh.migrate()
    with pytest.raises(ImportFileError, match="which this data home does not hold"):
        exchange.import_from(fresh, Keyring.generate(), load_schema(), admin, io.StringIO("\n".join(lines)))
    with fresh.read() as conn:
        assert Store.count_records(conn) == {}
    fresh.close()
