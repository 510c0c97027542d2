"""The field cipher and key files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from girok.errors import KeyringError
from girok.security.keyring import Keyring, is_envelope, key_id_for

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@given(value=json_values)
def test_round_trip_any_json_value(value: object) -> None:
    ring = Keyring.generate()
    envelope = ring.encrypt(value, "per_X/names")
    assert is_envelope(envelope) and envelope["kid"] == ring.active
    assert ring.decrypt(envelope, "per_X/names") == value


def test_ciphertext_is_bound_to_its_context() -> None:
    ring = Keyring.generate()
    envelope = ring.encrypt(["김영호"], "per_A/names")
    with pytest.raises(KeyringError, match="does not authenticate"):
        ring.decrypt(envelope, "per_B/names")
    tampered = {**envelope, "ct": envelope["ct"][:-4] + ("AAAA" if envelope["ct"][-4:] != "AAAA" else "BBBB")}
    with pytest.raises(KeyringError, match="does not authenticate"):
        ring.decrypt(tampered, "per_A/names")


def test_unknown_key_id_is_named() -> None:
    envelope = Keyring.generate().encrypt("x", "c")
    with pytest.raises(KeyringError, match=f"encrypted with key {envelope['kid']}"):
        Keyring.generate().decrypt(envelope, "c")


def test_key_file_round_trip_and_damage(tmp_path: Path) -> None:
    ring = Keyring.generate()
    path = tmp_path / "ring.json"
    ring.write(path)
    assert Keyring.read(path).keys == ring.keys
    document = json.loads(path.read_text())
    kid = next(iter(document["keys"]))
    document["keys"][kid] = document["keys"][kid][:-8] + "AAAAAAA="
    path.write_text(json.dumps(document))
    with pytest.raises(KeyringError, match="damaged"):
        Keyring.read(path)
    path.write_text("{}")
    with pytest.raises(KeyringError, match="not a Girok key file"):
        Keyring.read(path)


def test_key_id_is_derived_from_the_key() -> None:
    ring = Keyring.generate()
    assert ring.active is not None
    assert key_id_for(ring.keys[ring.active]) == ring.active
    with pytest.raises(KeyringError, match="32 bytes"):
        ring.add(b"short")
