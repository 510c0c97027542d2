"""DOCX and HWPX: text in document order, metadata, Korean content, and hostile containers."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
from ingest_files import (
    add_member,
    hwpx_hpf,
    hwpx_paragraph,
    hwpx_section,
    hwpx_text,
    make_docx,
    make_hwpx,
    patch_central,
)

from girok.ingest.readers import Limits, ReaderError, read
from girok.ingest.readers.base import MiB

BOMB = b"\x00" * (20 * MiB)  # deflates about 1000:1


def _docx() -> bytes:
    return make_docx(
        ["증언자 A의 진술", "Statement of witness A"],
        table=[["이름", "수용소"], ["김철수", "요덕"]],
        after_table=["끝."],
        title="증언 기록",
        author="기록팀",
        created=datetime(2023, 5, 1, 9, 30, tzinfo=UTC),
        modified=datetime(2024, 2, 3, 10, 0, tzinfo=UTC),
    )


def _hwpx(**extra: bytes) -> bytes:
    section0 = hwpx_section(
        hwpx_text("첫째 구역 첫 문단")
        + hwpx_paragraph("<hp:t>탭<hp:tab/>뒤, 줄<hp:lineBreak/>바꿈</hp:t>")
        + hwpx_paragraph(
            "<hp:t>표 앞</hp:t><hp:tbl><hp:tr><hp:tc><hp:subList>"
            + hwpx_text("셀 하나")
            + "</hp:subList></hp:tc></hp:tr></hp:tbl>"
        )
    )
    sections = [section0] + [hwpx_section(hwpx_text(f"구역 {n}")) for n in range(1, 12)]
    hpf = hwpx_hpf("탈북자 증언", "홍길동", "2021-05-12T01:23:45Z", "2022-01-02T03:04:05Z")
    return make_hwpx(sections, hpf, extra)


def test_docx_text_in_document_order() -> None:
    extracted = read(_docx())
    assert extracted.format == "docx"
    assert extracted.text == "증언자 A의 진술\nStatement of witness A\n이름\t수용소\n김철수\t요덕\n끝."
    assert extracted.pages == ()


def test_docx_metadata() -> None:
    metadata = read(_docx()).metadata
    assert metadata == {
        "title": "증언 기록",
        "author": "기록팀",
        "created": "2023-05-01T09:30:00+00:00",
        "modified": "2024-02-03T10:00:00+00:00",
    }


def test_hwpx_text_sections_in_numeric_order() -> None:
    extracted = read(_hwpx())
    assert extracted.format == "hwpx"
    lines = extracted.text.split("\n")
    assert lines[:5] == ["첫째 구역 첫 문단", "탭\t뒤, 줄", "바꿈", "표 앞", "셀 하나"]
    assert lines[5:] == [f"구역 {n}" for n in range(1, 12)]  # section10 after section9, not after section1


def test_hwpx_metadata_and_language() -> None:
    extracted = read(_hwpx())
    assert extracted.metadata == {
        "title": "탈북자 증언",
        "author": "홍길동",
        "created": "2021-05-12T01:23:45Z",
        "modified": "2022-01-02T03:04:05Z",
    }
    assert extracted.language_hint == "ko"


def test_hwpx_without_mimetype_or_hpf() -> None:
    extracted = read(make_hwpx([hwpx_section(hwpx_text("본문"))], mimetype=False))
    assert extracted.format == "hwpx"
    assert extracted.text == "본문"
    assert extracted.metadata == {}


# --- hostile containers ----------------------------------------------------------------------------


@pytest.mark.parametrize("make", [_docx, _hwpx], ids=["docx", "hwpx"])
def test_zip_bomb_by_ratio(make: object) -> None:
    data = add_member(make(), "Contents/bomb.bin", BOMB)  # type: ignore[operator]
    with pytest.raises(ReaderError, match=r"^zip bomb: (DOCX|HWPX) compresses \d+:1 \(limit 100:1\)$"):
        read(data)


@pytest.mark.parametrize(("make", "kind"), [(_docx, "DOCX"), (_hwpx, "HWPX")], ids=["docx", "hwpx"])
def test_zip_bomb_by_expanded_size(make: object, kind: str) -> None:
    data = add_member(make(), "Contents/big.txt", b"0123456789abcdef" * (200 * 1024))  # type: ignore[operator]
    with pytest.raises(ReaderError, match=rf"^zip bomb: {kind} would expand to 3\.\d MB \(limit 2 MB\)$"):
        read(data, Limits(max_expanded_bytes=2 * MiB))


@pytest.mark.parametrize("make", [_docx, _hwpx], ids=["docx", "hwpx"])
@pytest.mark.parametrize("name", ["../evil.txt", "../../etc/passwd", "/etc/passwd", "..\\evil.txt", "C:/x.txt"])
def test_unsafe_entry_names(make: object, name: str) -> None:
    data = add_member(make(), name, b"evil")  # type: ignore[operator]
    with pytest.raises(ReaderError) as caught:
        read(data)
    assert str(caught.value) == f"unsafe archive entry name {name!r}"


def test_lying_header_is_not_trusted() -> None:
    data = add_member(_docx(), "word/media/blob.bin", b"x" * 50_000)
    data = patch_central(data, "word/media/blob.bin", file_size=100)
    with pytest.raises(ReaderError, match=r"^damaged DOCX"):
        read(data)


def test_encrypted_entry() -> None:
    data = patch_central(_hwpx(), "Contents/section0.xml", flag_bits=0x1)
    with pytest.raises(ReaderError, match=r"^encrypted HWPX: cannot read without its password$"):
        read(data)


def test_too_many_entries() -> None:
    with pytest.raises(ReaderError, match=r"^DOCX has \d+ archive entries \(limit 5\)$"):
        read(_docx(), Limits(max_entries=5))


def test_hwpx_entity_expansion_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<hs:sec xmlns:hs="urn:s" xmlns:hp="urn:p"><hp:p><hp:run><hp:t>&lol3;</hp:t></hp:run></hp:p></hs:sec>'
    )
    with pytest.raises(ReaderError, match=r"^unsafe HWPX: its XML declares entities or a DTD$"):
        read(make_hwpx([laughs]))


def test_hwpx_with_broken_xml() -> None:
    with pytest.raises(ReaderError, match=r"^damaged HWPX: a part is not well-formed XML$"):
        read(make_hwpx([b"<hs:sec><hp:p>unclosed"]))


def test_docx_with_broken_document_xml() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx())) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            content = b"<w:document>broken" if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, content)
    with pytest.raises(ReaderError, match=r"^damaged DOCX"):
        read(buffer.getvalue())


@pytest.mark.parametrize(("make", "kind"), [(_docx, "DOCX"), (_hwpx, "HWPX")], ids=["docx", "hwpx"])
def test_truncated_container(make: object, kind: str) -> None:
    data = make()  # type: ignore[operator]
    with pytest.raises(ReaderError, match=rf"^truncated or damaged {kind}$"):
        read(data[: len(data) // 2])
