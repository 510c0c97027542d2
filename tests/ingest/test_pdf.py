"""PDF: text per page with exact page offsets, metadata, encryption, damage, scans."""

from __future__ import annotations

import pytest
from ingest_files import encrypt_pdf, make_pdf

from girok.ingest.readers import ReaderError, read

PAGES = [
    ["Testimony of witness 17", "Arrested in Hoeryong, 1997."],
    ["두 번째 쪽: 요덕 수용소", "강제노동과 구타가 매일 있었다."],
    ["Third page, mixed 한국어 and English."],
]
INFO = {"Title": "증언 기록 17", "Author": "NK Documentation Team", "CreationDate": "D:20240102030405+09'00'"}


def test_text_and_page_offsets() -> None:
    extracted = read(make_pdf(PAGES, INFO))
    assert extracted.format == "pdf"
    assert not extracted.needs_ocr
    assert [p.number for p in extracted.pages] == [1, 2, 3]
    for page, lines in zip(extracted.pages, PAGES, strict=True):
        assert extracted.text[page.start : page.end] == "\n".join(lines)
    assert extracted.pages[0].start == 0 and extracted.pages[-1].end == len(extracted.text)


def test_metadata() -> None:
    metadata = read(make_pdf(PAGES, INFO)).metadata
    assert metadata["page_count"] == 3
    assert metadata["title"] == "증언 기록 17"
    assert metadata["author"] == "NK Documentation Team"
    assert metadata["created"] == "2024-01-02T03:04:05+09:00"


def test_malformed_date_is_kept_as_written() -> None:
    metadata = read(make_pdf(PAGES, {"CreationDate": "sometime in 1998"})).metadata
    assert metadata["created"] == "sometime in 1998"


def test_scanned_pdf_needs_ocr() -> None:
    extracted = read(make_pdf([[], [], ["7"]]))
    assert extracted.needs_ocr
    assert extracted.text == ""
    assert len(extracted.pages) == 3 and all(p.start == p.end == 0 for p in extracted.pages)
    assert extracted.metadata["page_count"] == 3


def test_encrypted_pdf_is_refused() -> None:
    with pytest.raises(ReaderError, match=r"^encrypted PDF: cannot read without its password$"):
        read(encrypt_pdf(make_pdf(PAGES), user_password="secret"))


def test_pdf_with_empty_user_password_is_read() -> None:
    extracted = read(encrypt_pdf(make_pdf(PAGES), user_password=""))
    assert "요덕 수용소" in extracted.text


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_pdf(cut: float) -> None:
    data = make_pdf(PAGES, INFO)
    with pytest.raises(ReaderError, match=r"^truncated or damaged PDF$"):
        read(data[: int(len(data) * cut)])


def test_garbage_behind_a_pdf_header() -> None:
    with pytest.raises(ReaderError, match=r"damaged PDF"):
        read(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
