"""The data home's encryption keys and the field cipher (AES-256-GCM).

A keyring is a JSON file under GIROK_HOME/keys (mode 0600, folder 0700) holding one or more 256-bit
keys by key id and naming the active one. The key id is derived from the key itself, so a wrong or
damaged key file is recognised instead of producing wrong plaintext. Every ciphertext carries the id
of the key that made it, which is what lets ``girok keys rotate`` re-encrypt in place and lets an
export move to another home that holds the same key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from girok.errors import KeyringError

KEYRING_FILE = "keyring.json"
ENVELOPE_MARK = "$enc"
ENVELOPE_VERSION = "aes256gcm-v1"


def key_id_for(key: bytes) -> str:
    return "k" + hashlib.sha256(b"girok-key-id:" + key).hexdigest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode("ascii"))


def is_envelope(value: object) -> TypeGuard[Mapping[str, Any]]:
    return isinstance(value, Mapping) and value.get(ENVELOPE_MARK) == ENVELOPE_VERSION


@dataclass
class Keyring:
    """Keys by id; ``active`` encrypts, all of them decrypt."""

    keys: dict[str, bytes] = field(default_factory=dict)
    active: str | None = None

    @classmethod
    def generate(cls) -> Keyring:
        ring = cls()
        ring.add(AESGCM.generate_key(bit_length=256), make_active=True)
        return ring

    def add(self, key: bytes, make_active: bool = False) -> str:
        if len(key) != 32:
            raise KeyringError("a Girok key is 32 bytes (AES-256)")
        kid = key_id_for(key)
        self.keys[kid] = key
        if make_active or self.active is None:
            self.active = kid
        return kid

    def merge(self, other: Keyring) -> None:
        for key in other.keys.values():
            self.add(key)

    # -- files -------------------------------------------------------------------------------------

    def to_json(self) -> str:
        keys = {kid: _b64(key) for kid, key in sorted(self.keys.items())}
        return json.dumps({"format": "girok-keyring-1", "active": self.active, "keys": keys}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Keyring:
        try:
            document = json.loads(text)
            if document.get("format") != "girok-keyring-1":
                raise ValueError
            ring = cls()
            for kid, encoded in document["keys"].items():
                key = _unb64(encoded)
                if key_id_for(key) != kid:
                    raise KeyringError(f"key file is damaged: key {kid} does not match its id")
                ring.keys[kid] = key
            active = document["active"]
            if active not in ring.keys:
                raise ValueError
            ring.active = active
            return ring
        except KeyringError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError):
            raise KeyringError("not a Girok key file (unreadable or damaged)") from None

    def write(self, path: Path, *, private_dir: bool = False) -> None:
        """Write atomically with mode 0600; ``private_dir`` also makes the folder 0700 (the home's keys/)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if private_dir:
            os.chmod(path.parent, 0o700)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(self.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @classmethod
    def read(cls, path: Path) -> Keyring:
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            raise KeyringError("no encryption key: the data home's keys/ folder has no key file") from None
        except OSError:
            raise KeyringError("the key file cannot be read") from None
        return cls.from_json(text)

    # -- the field cipher --------------------------------------------------------------------------

    def encrypt(self, value: Any, context: str) -> dict[str, str]:
        """Encrypt a JSON value; ``context`` (record id and field) is bound as associated data."""
        if self.active is None:
            raise KeyringError("no active encryption key")
        nonce = secrets.token_bytes(12)
        plaintext = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        ciphertext = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext, context.encode())
        return {ENVELOPE_MARK: ENVELOPE_VERSION, "kid": self.active, "n": _b64(nonce), "ct": _b64(ciphertext)}

    def decrypt(self, envelope: Mapping[str, Any], context: str) -> Any:
        kid = str(envelope.get("kid"))
        key = self.keys.get(kid)
        if key is None:
            raise KeyringError(f"{context}: encrypted with key {kid[:20]}, which this data home does not hold")
        try:
            plaintext = AESGCM(key).decrypt(_unb64(envelope["n"]), _unb64(envelope["ct"]), context.encode())
        except (InvalidTag, KeyError, ValueError, TypeError):
            raise KeyringError(f"{context}: ciphertext does not authenticate (wrong key or altered data)") from None
        return json.loads(plaintext)
