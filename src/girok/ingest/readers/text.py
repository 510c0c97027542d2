"""Plain text and Markdown (and CSV read as text), with encoding detection.

Order of evidence, most reliable first:

1. a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. an encoding the container declares (HTML ``<meta charset>``), when the bytes decode with it;
3. strict UTF-8;
4. CP949, the Windows superset of EUC-KR that Korean documents are commonly saved in. CP949 accepts many
   byte pairs, so Latin-1 text can decode as rare Hangul; we accept it only when nearly all of its
   two-byte characters lie in the KS X 1001 range (both bytes >= 0xA1) that ordinary Korean text uses,
   and report ``euc-kr`` when all of them do;
5. charset-normalizer, a statistical detector, for everything else.

The encoding found goes into ``metadata["encoding"]``. Text is normalised (:func:`~.base.normalise`).
Binary data (many control characters once decoded) is refused rather than returned as mojibake.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from girok.ingest.readers.base import Extracted, ReaderError, control_ratio, normalise

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels that name CP949 or a subset of it; browsers read all of them as CP949 (windows-949).
_KOREAN_LABELS = {"euc-kr", "euckr", "euc_kr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "cp949", "uhc", "windows-949"}

BINARY_CONTROL_RATIO = 0.02


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte order mark names and the mark's length, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _korean(data: bytes) -> tuple[str, str] | None:
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    ks = ext = 0
    for ch in text[:500_000]:
        if ord(ch) < 0x80:
            continue
        encoded = ch.encode("cp949")
        if len(encoded) == 2 and encoded[0] >= 0xA1 and encoded[1] >= 0xA1:
            ks += 1
        else:
            ext += 1
    if ks + ext == 0 or ks < 0.9 * (ks + ext):
        return None
    return text, "euc-kr" if ext == 0 else "cp949"


def _declared(data: bytes, declared: str) -> tuple[str, str] | None:
    label = declared.strip().lower()
    codec = "cp949" if label in _KOREAN_LABELS else label
    try:
        name = codecs.lookup(codec).name
        return data.decode(name), name
    except (LookupError, UnicodeDecodeError):
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Text and the name of its encoding; raises ReaderError for data that is not text."""
    found = bom_encoding(data)
    if found is not None:
        name, skip = found
        try:
            return data[skip:].decode(name), name
        except UnicodeDecodeError:
            raise ReaderError(f"text damaged: not valid {name.upper()} despite its byte order mark") from None
    if declared:
        result = _declared(data, declared)
        if result is not None:
            return result
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    korean = _korean(data)
    if korean is not None:
        return korean
    best = from_bytes(data).best()
    if best is None:
        raise ReaderError("unrecognised format (binary data)")
    return str(best), best.encoding


def read_text(data: bytes, fmt: str = "text") -> Extracted:
    """Plain text, Markdown or CSV as text: one string, no pages."""
    if not data:
        raise ReaderError("empty file")
    raw, encoding = decode(data)
    if control_ratio(raw) > BINARY_CONTROL_RATIO:
        raise ReaderError("unrecognised format (binary data)")
    return Extracted(text=normalise(raw), pages=(), format=fmt, metadata={"encoding": encoding})
