"""Ingest through the services on both backends: originals kept, text and pages, custody, duplicates, refusals."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from ingest_files import make_docx, make_pdf

from girok.ingest.filestore import FileStore
from girok.ingest.readers import ReaderError
from girok.services.actor import Actor
from girok.services.ingest import ingest_bytes, ingest_path, source_id_for, source_text, verify_files
from girok.services.records import Collection
from girok.store.store import Store

KOREAN = "증언: 1997년 3월 요덕 수용소에서 구타를 당했다.\n"


@pytest.fixture
def files(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files")


def _counts(collection: Collection) -> dict[str, int]:
    with collection.store.read() as conn:
        return Store.count_records(conn)


def test_cp949_text_becomes_a_source_with_custody(collection: Collection, files: FileStore, editor: Actor) -> None:
    data = KOREAN.encode("cp949")
    result = ingest_bytes(
        collection, files, editor, data, filename="interview.txt", received_from="NGO A", received_how="USB"
    )
    source = result.source
    assert not result.duplicate
    assert source.id == source_id_for(source.data["sha256"])
    assert source.data["text"] == KOREAN
    assert source.data["language"] == "ko" and source.data["format"] == "text"
    assert source.data["metadata"]["encoding"] in ("euc-kr", "cp949")
    assert files.read(source.data["sha256"]) == data  # the original, byte for byte
    assert not os.access(files.path(source.data["sha256"]), os.W_OK) or os.geteuid() == 0
    custody = result.custody.data
    assert custody["source"] == source.id and custody["received_from"] == "NGO A"
    assert custody["received_by"] == editor.name and custody["sha256"] == source.data["sha256"]
    assert source_text(collection, editor, source.id) == KOREAN


def test_same_file_twice_is_one_source_and_two_custody_entries(
    collection: Collection, files: FileStore, editor: Actor
) -> None:
    data = make_docx(["He was taken to Camp 15.", "그는 요덕으로 끌려갔다."])
    first = ingest_bytes(collection, files, editor, data, filename="a.docx", received_from="NGO A")
    second = ingest_bytes(collection, files, editor, data, filename="copy-of-a.docx", received_from="UN office")
    assert second.duplicate and second.source.id == first.source.id
    assert second.custody.data["received_from"] == "UN office"
    assert _counts(collection) == {"Source": 1, "Custody": 2}
    assert first.source.data["language"] == "mixed"


def test_pdf_pages_are_offsets_into_the_text(collection: Collection, files: FileStore, editor: Actor) -> None:
    data = make_pdf([["First page, Hoeryong."], ["둘째 쪽: 회령."]])
    source = ingest_bytes(collection, files, editor, data, filename="report.pdf").source
    text = source.data["text"]
    pages = source.data["metadata"]["pages"]
    assert len(pages) == 2
    assert "Hoeryong" in text[pages[0][0] : pages[0][1]] and "회령" in text[pages[1][0] : pages[1][1]]
    citation = collection.cite(editor, source.id, source.id, start=text.index("회령"), end=text.index("회령") + 2)
    assert text[citation.data["start"] : citation.data["end"]] == "회령"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (random.Random(7).randbytes(4096), "unrecognised format"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "truncated or damaged PDF"),
    ],
    ids=["empty", "garbage", "truncated-pdf"],
)
def test_unreadable_files_write_nothing(
    collection: Collection, files: FileStore, editor: Actor, data: bytes, reason: str
) -> None:
    with pytest.raises(ReaderError, match=reason):
        ingest_bytes(collection, files, editor, data, filename="x.docx")
    assert _counts(collection) == {}
    assert not files.root.exists() or not any(files.root.rglob("*"))


def test_oversized_file_is_refused_before_reading(
    collection: Collection, files: FileStore, editor: Actor, tmp_path: Path
) -> None:
    from girok.ingest.readers.base import Limits

    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 5000)
    with pytest.raises(ReaderError, match="over the"):
        ingest_path(collection, files, editor, big, limits=Limits(max_bytes=4096))
    assert _counts(collection) == {}


def test_custody_verify_finds_changed_and_missing_originals(
    collection: Collection, files: FileStore, editor: Actor, reviewer: Actor
) -> None:
    kept = ingest_bytes(collection, files, editor, b"first testimony text", filename="1.txt").source
    changed = ingest_bytes(collection, files, editor, b"second testimony text", filename="2.txt").source
    gone = ingest_bytes(collection, files, editor, b"third testimony text", filename="3.txt").source
    assert verify_files(collection, files, reviewer) == []
    path = files.path(changed.data["sha256"])
    path.chmod(0o644)
    path.write_bytes(b"second testimony text, edited")
    files.path(gone.data["sha256"]).unlink()
    problems = {check.sha256: check.problem for check in verify_files(collection, files, reviewer)}
    assert problems == {changed.data["sha256"]: "changed", gone.data["sha256"]: "missing"}
    assert kept.data["sha256"] not in problems


def test_protected_source_keeps_no_plaintext_at_rest(collection: Collection, files: FileStore, editor: Actor) -> None:
    secret = "증인 황보은정의 진술"
    source = ingest_bytes(
        collection, files, editor, secret.encode(), filename="황보은정.txt", received_from="황보은정"
    ).source
    assert source.protection == "protected"
    with collection.store.read() as conn:
        raw = repr(list(Store.iter_records(conn))) + repr(list(Store.iter_revisions(conn)))
    assert "황보은정" not in raw


def test_photo_is_read_by_ocr_with_its_exif_time_and_place(
    collection: Collection, files: FileStore, editor: Actor
) -> None:
    from test_ocr import draw, encode

    image = draw(["Detained at Yodok camp in 1997."])
    exif = image.getexif()
    exif[0x0132] = "2019:05:04 10:11:12"  # DateTime, as a phone writes it
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (41.0, 24.0, 0.0), 3: "E", 4: (128.0, 10.0, 30.0)})
    data = encode(image, "JPEG", exif=exif)
    source = ingest_bytes(collection, files, editor, data, filename="photo.jpg").source
    assert source.data["format"] == "jpeg"
    assert "Yodok" in source.data["text"] and "1997" in source.data["text"]
    metadata = source.data["metadata"]
    assert metadata["width"] == image.width and "needs_ocr" not in metadata
    assert metadata["latitude"] == pytest.approx(41.4) and metadata["longitude"] == pytest.approx(128.175)


def test_scan_without_ocr_engine_is_stored_and_marked(
    collection: Collection, files: FileStore, editor: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_ocr import scanned_pdf

    data = scanned_pdf([["Page one: arrested in Hoeryong"]])
    empty = tmp_path / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    source = ingest_bytes(collection, files, editor, data, filename="scan.pdf").source
    assert source.data["metadata"]["needs_ocr"] is True
    assert source.data["metadata"]["ocr_error"].startswith("OCR unavailable")
    assert "text" not in source.data and files.read(source.data["sha256"]) == data


def test_spreadsheet_is_a_source_with_its_first_sheet_as_csv(
    collection: Collection, files: FileStore, editor: Actor
) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["이름", "출생", "수용소"])
    sheet.append(["리영호", 1961, "요덕"])
    out = io.BytesIO()
    book.save(out)
    source = ingest_bytes(collection, files, editor, out.getvalue(), filename="victims.xlsx").source
    assert source.data["format"] == "xlsx"
    assert source.data["text"] == "이름,출생,수용소\n리영호,1961,요덕\n"
