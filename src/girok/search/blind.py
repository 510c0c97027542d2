"""Blind index tokens: what the search index stores instead of words.

Source texts and the identifying fields of protected records are encrypted at rest, and an index of
their words in plaintext would undo that ("which testimonies name 김영호?" answered from the index
alone). So every term, key, facet value and prefix goes into the index as a keyed hash (HMAC-SHA256
under a key derived from the collection's encryption key): equal words give equal tokens, which is all
full-text search needs, and without the key file the index reveals only how often tokens repeat.

Facet values come back from the index as hashes; they are read through a map built from every value a
facet can take (vocabulary ids, years, enums), which is finite. The key is derived with HKDF, so the
index key never equals a data key, and is bound to the data key's id: rotating keys rebuilds the index.
"""

from __future__ import annotations

import base64
import hmac
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from girok.errors import PermissionDeniedError
from girok.security.keyring import Keyring

#: Kinds of token, so that a word can never collide with a key, facet value or prefix of the same text.
TERM, KEY, FACET, PREFIX, META = "t", "k", "f", "p", "m"
#: Characters of a token: 10 base32 characters are 50 bits, ample for a collection's vocabulary (about a
#: million distinct words and names give a chance of one collision under 1 in 2,000).
TOKEN_CHARS = 10


class Blinder:
    """Keyed tokens for one collection."""

    def __init__(self, key: bytes, key_id: str) -> None:
        self.key_id = key_id
        self._key = key
        self._cache: dict[str, str] = {}

    @classmethod
    def for_keyring(cls, keyring: Keyring | None, key_id: str | None = None) -> Blinder:
        """The blinder of the key ``key_id`` (the active key when None)."""
        if keyring is None or keyring.active is None:
            raise PermissionDeniedError("searching needs the collection's key, which this session does not hold")
        kid = key_id or keyring.active
        if kid not in keyring.keys:
            raise PermissionDeniedError("the search index was built with a key this data home no longer holds")
        return cls(_derive(keyring.keys[kid]), kid)

    def token(self, kind: str, text: str) -> str:
        """The index token of ``text`` of one kind (lower-case letters and digits 2-7)."""
        plain = kind + "\x1f" + text
        cached = self._cache.get(plain)
        if cached is None:
            mac = hmac.digest(self._key, plain.encode("utf-8", "surrogatepass"), "sha256")
            cached = base64.b32encode(mac[:7]).decode("ascii").lower()[:TOKEN_CHARS]
            if len(self._cache) > 500_000:  # a bounded memo: vocabularies are Zipfian, the head repeats
                self._cache.clear()
            self._cache[plain] = cached
        return cached

    def term(self, text: str) -> str:
        return self.token(TERM, text)

    def key(self, text: str) -> str:
        return self.token(KEY, text)

    def prefix(self, text: str) -> str:
        return self.token(PREFIX, text)

    def facet(self, facet: str, value: str) -> str:
        return self.token(FACET, f"{facet}\x1f{value}")

    def meta(self, text: str) -> str:
        return self.token(META, text)


@lru_cache(maxsize=8)
def _derive(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"girok search index v1").derive(data_key)
