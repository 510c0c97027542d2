"""Key rotation, moving a key to another home, and verifying the audit chain (tampering detected)."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from girok.errors import HomeError, KeyringError
from girok.home import Home
from girok.services import audit, exchange, keys
from girok.services.actor import Actor
from girok.services.records import Collection
from girok.store.store import Store


def _collection(home: Home) -> Collection:
    store, keyring = home.open()
    return Collection(store, keyring)


def test_init_makes_a_private_key_and_refuses_a_second_time(home: Home) -> None:
    store, _ = home.init()
    store.close()
    mode = stat.S_IMODE(os.stat(home.keyring_path).st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(home.keyring_path.parent).st_mode) == 0o700
    before = home.keyring_path.read_bytes()
    with pytest.raises(HomeError, match="already initialised; nothing was changed"):
        home.init()
    assert home.keyring_path.read_bytes() == before


def test_rotation_reencrypts_in_place_and_chain_stays_valid(home: Home, admin: Actor) -> None:
    home.init()[0].close()
    collection = _collection(home)
    person = collection.create(admin, "Person", {"names": ["김순남"], "birth_date": "1950"})
    collection.update(admin, person.id, {"sex": "female"}, expected_version=1)
    old_kid = collection.keyring.active  # type: ignore[union-attr]
    report = keys.rotate(home, collection.store, collection.keyring, admin, drop_old=True)  # type: ignore[arg-type]
    assert report.records == 1 and report.revisions == 2 and report.retired == [old_kid]
    with collection.store.read() as conn:
        raw = repr(Store.get_record(conn, person.id)) + repr(Store.revisions_of(conn, person.id))
    assert old_kid not in raw and report.new_key in raw
    reopened = _collection(home)  # the keyring on disk holds only the new key now
    assert reopened.get(admin, person.id).data["names"] == [{"text": "김순남"}]
    assert audit.verify(reopened.store, admin).ok


def test_key_moves_a_collection_to_a_new_home(home: Home, admin: Actor, tmp_path: Path, db_urls: object) -> None:
    home.init()[0].close()
    collection = _collection(home)
    collection.create(admin, "Person", {"names": ["Ryang Chol-su"]}, protection="high")
    lines = list(exchange.export_lines(collection.store, admin))
    key_file = tmp_path / "moved.key"
    keys.export_key(collection.keyring, admin, key_file)  # type: ignore[arg-type]
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    with pytest.raises(KeyringError, match="already exists"):
        keys.export_key(collection.keyring, admin, key_file)  # type: ignore[arg-type]

    new_home = Home(path=tmp_path / "new-home", db_url=db_urls())  # type: ignore[operator]
    store, keyring = new_home.init(key_file=key_file)
    exchange.import_from(store, keyring, collection.schema, admin, io.StringIO("\n".join(lines)))
    assert sorted(exchange.export_lines(store, admin)) == sorted(lines)
    store.close()


def test_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    home = Home(path=tmp_path / "h", db_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(HomeError, match=r"^cannot open the database"):
        home.init()
    assert not home.path.exists()  # nothing half-made is left behind


def test_missing_or_wrong_key_file_is_a_clear_error(home: Home, tmp_path: Path) -> None:
    home.init()[0].close()
    os.remove(home.keyring_path)
    with pytest.raises(HomeError, match="run 'girok init' first"):
        home.open()
    garbage = tmp_path / "garbage.key"
    garbage.write_text("this is not a key")
    with pytest.raises(KeyringError, match=r"^not a Girok key file"):
        Home(path=tmp_path / "h2", db_url=f"sqlite:///{tmp_path / 'h2.db'}").init(key_file=garbage)
    with pytest.raises(KeyringError, match="no encryption key"):
        Home(path=tmp_path / "h3", db_url=f"sqlite:///{tmp_path / 'h3.db'}").init(key_file=tmp_path / "absent.key")


def test_wrong_key_never_decrypts(home: Home, admin: Actor, tmp_path: Path) -> None:
    home.init()[0].close()
    collection = _collection(home)
    person = collection.create(admin, "Person", {"names": ["Secret Name"]})
    from girok.security.keyring import Keyring

    stranger = Collection(collection.store, Keyring.generate())
    with pytest.raises(KeyringError, match=r"which this data home does not hold"):
        stranger.get(admin, person.id)


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2", "audit entry 2: was altered"),
        ("DELETE FROM audit_log WHERE seq = 2", "audit entry 2: is missing"),
        ("DELETE FROM audit_log WHERE seq = 3", "audit entry 3: is missing"),
        ("UPDATE audit_log SET seq = seq + 100 WHERE seq = 1", "audit entry 1: is missing"),
    ],
)
def test_tampering_with_the_audit_log_is_named(
    collection: Collection, admin: Actor, tamper: str, expected: str
) -> None:
    for index in range(3):
        collection.create(admin, "Event", {"title": f"Event {index}"})
    assert audit.verify(collection.store, admin).ok
    with collection.store.write() as conn:
        conn.execute(text(tamper))
    report = audit.verify(collection.store, admin)
    assert not report.ok
    assert report.summary().startswith(f"audit chain broken at {expected}")


def test_swapping_two_entries_is_detected(collection: Collection, admin: Actor) -> None:
    for index in range(3):
        collection.create(admin, "Event", {"title": f"Event {index}"})
    with collection.store.write() as conn:
        conn.execute(text("UPDATE audit_log SET seq = 100 WHERE seq = 1"))
        conn.execute(text("UPDATE audit_log SET seq = 1 WHERE seq = 2"))
        conn.execute(text("UPDATE audit_log SET seq = 2 WHERE seq = 100"))
    assert "audit entry 1: does not follow" in audit.verify(collection.store, admin).summary()


def test_record_edited_behind_girok_is_reported(collection: Collection, admin: Actor) -> None:
    event = collection.create(admin, "Event", {"title": "Original title"})
    with collection.store.write() as conn:
        conn.execute(text("UPDATE records SET status = 'verified' WHERE id = :id"), {"id": event.id})
    report = audit.verify(collection.store, admin)
    assert report.summary() == f"1 record(s) changed outside Girok: {event.id}"
