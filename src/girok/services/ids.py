"""Record ids: the type's prefix and a ULID (time-ordered, 26 Crockford base32 characters)."""

from __future__ import annotations

import secrets
import time

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _base32(number: int, length: int) -> str:
    chars = []
    for _ in range(length):
        number, rest = divmod(number, 32)
        chars.append(_CROCKFORD[rest])
    return "".join(reversed(chars))


def ulid(timestamp_ms: int | None = None, randomness: int | None = None) -> str:
    ms = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
    rand = secrets.randbits(80) if randomness is None else randomness
    return _base32(ms, 10) + _base32(rand, 16)


def digest_id(prefix: str, hexdigest: str) -> str:
    """An id fixed by content: the first 130 bits of a hex digest in the same 26 characters as a ULID."""
    bits = len(hexdigest) * 4
    return f"{prefix}_{_base32(int(hexdigest, 16) >> (bits - 130), 26)}"


def new_id(prefix: str) -> str:
    return f"{prefix}_{ulid()}"
