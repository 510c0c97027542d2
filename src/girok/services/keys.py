"""Key management use cases: rotation (re-encrypt in place) and moving a key to another home."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from girok.errors import KeyringError
from girok.home import Home
from girok.search.index import SearchIndex
from girok.security.keyring import Keyring
from girok.services.actor import Actor
from girok.services.protection import reseal
from girok.services.records import audit_record
from girok.store.store import Store, utc_now


@dataclass(frozen=True)
class RotationReport:
    new_key: str
    records: int
    revisions: int
    retired: list[str]


def rotate(home: Home, store: Store, keyring: Keyring, actor: Actor, *, drop_old: bool = False) -> RotationReport:
    """Make a new active key and re-encrypt every sealed field (records and their revisions) with it.

    The new key is written to the keyring before the database changes, so a crash part-way leaves a
    home that still decrypts (the old key stays until every ciphertext is re-encrypted).
    """
    actor.require_admin()
    old_ids = sorted(keyring.keys)
    keyring.add(_new_key(), make_active=True)
    keyring.write(home.keyring_path, private_dir=True)
    new_kid = keyring.active or ""
    records = revisions = 0
    now = utc_now()
    with store.write() as conn:
        for row in list(Store.iter_records(conn)):
            data = reseal(keyring, row["id"], row["data"])
            if data == row["data"]:
                continue
            after = {**row, "data": data}
            Store.update_record(conn, row["id"], row["version"], {"data": data})
            audit_record(conn, actor, "record.rekey", after, now, {"key": new_kid})
            records += 1
        for revision in list(Store.iter_revisions(conn)):
            states = [
                None if state is None else {**state, "data": reseal(keyring, revision["record_id"], state["data"])}
                for state in (revision["before"], revision["after"])
            ]
            if states != [revision["before"], revision["after"]]:
                Store.replace_revision_states(conn, revision["id"], states[0], states[1])
                revisions += 1
        Store.append_audit(
            conn,
            {
                "at": now,
                "actor": actor.name,
                "action": "keys.rotate",
                "record_id": None,
                "record_type": None,
                "version": None,
                "digest": None,
                "details": {"key": new_kid, "records": records, "revisions": revisions},
            },
        )
    retired: list[str] = []
    if drop_old:
        for kid in old_ids:
            del keyring.keys[kid]
            retired.append(kid)
        keyring.write(home.keyring_path, private_dir=True)
        # The search index's tokens are made with a key derived from the one it was built under: when
        # that key is gone, the index is rebuilt under the new one.
        SearchIndex(store, keyring).reindex(actor)
    return RotationReport(new_key=new_kid, records=records, revisions=revisions, retired=retired)


def _new_key() -> bytes:
    fresh = Keyring.generate()
    assert fresh.active is not None
    return fresh.keys[fresh.active]


def export_key(keyring: Keyring, actor: Actor, path: Path) -> None:
    """Write the home's keys to ``path`` (mode 0600) so a collection can move to a new home."""
    actor.require_admin()
    if path.exists():
        raise KeyringError("that key file already exists; choose a new name (nothing was written)")
    keyring.write(path)
