"""Sniffing by content (never by name) and the read() entry point's refusals and limits."""

from __future__ import annotations

import random

import pytest
from ingest_files import hwpx_section, hwpx_text, make_docx, make_hwpx, make_ole, make_pdf

from girok.ingest.readers import Limits, ReaderError, read, sniff
from girok.ingest.readers.base import MiB, human_size

# Fixed bytes: test ids built from random data must be the same in every xdist worker.
_RANDOM = random.Random(20261121)

HWP_HEADER = b"HWP Document File" + b"\x00" * 15 + b"\x00\x00\x05\x05"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (make_pdf([["hello"]]), "pdf"),
        (make_docx(["hello"]), "docx"),
        (make_hwpx([hwpx_section(hwpx_text("안녕"))]), "hwpx"),
        (make_hwpx([hwpx_section(hwpx_text("안녕"))], mimetype=False), "hwpx"),
        (make_ole("FileHeader", HWP_HEADER), "hwp"),
        (make_ole("WordDocument", b"\xec\xa5"), "doc"),
        (make_ole("Workbook", b"\x09\x08"), "xls"),
        (make_ole("EncryptedPackage", b"\x00"), "encrypted-office"),
        (make_ole("Something", b"\x00"), "ole"),
        (b"\x89PNG\r\n\x1a\n" + _RANDOM.randbytes(64), "png"),
        (b"\xff\xd8\xff\xe0" + _RANDOM.randbytes(64), "jpeg"),
        (b"II*\x00" + _RANDOM.randbytes(64), "tiff"),
        (b"MM\x00*" + _RANDOM.randbytes(64), "tiff"),
        (b"GIF89a" + _RANDOM.randbytes(64), "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + _RANDOM.randbytes(64), "webp"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"  <!-- saved page -->\n<HTML><BODY>x</BODY></HTML>", "html"),
        ("<html><body>한국어</body></html>".encode("cp949"), "html"),
        ("이름,출생\n김철수,1970\n이영희,1982\n".encode(), "csv"),
        (b"a\tb\tc\n1\t2\t3\n4\t5\t6\n", "csv"),
        (b"Hello, world.\nThis is prose, with commas, here and there.\nNot a table.\n", "text"),
        ("평범한 한국어 문장입니다.".encode("cp949"), "text"),
        ("평범한 한국어 문장입니다.".encode("utf-16"), "text"),
        (bytes(range(256)) * 40, "binary"),
        (_RANDOM.randbytes(4096), "binary"),
    ],
)
def test_sniff(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_large_text_cut_inside_a_character_is_still_text() -> None:
    data = ("가" * 30_000).encode()[:-1]  # the head's end falls inside a three-byte character
    assert sniff(b"x" + data) == "text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (bytes(range(256)) * 40, "unrecognised format (binary data)"),
        (make_ole("FileHeader", HWP_HEADER), "damaged HWP file"),  # a header and no body text
        (make_ole("WordDocument", b"x"), "unsupported format: legacy Word (.doc); save as DOCX"),
        (make_ole("EncryptedPackage", b"x"), "encrypted Office document: cannot read without its password"),
    ],
)
def test_refusals_are_one_clear_line(data: bytes, message: str) -> None:
    with pytest.raises(ReaderError) as caught:
        read(data)
    assert str(caught.value) == message


def test_oversize_file() -> None:
    with pytest.raises(ReaderError) as caught:
        read(b"x" * (3 * MiB), Limits(max_bytes=2 * MiB))
    assert str(caught.value) == "file of 3 MB is over the 2 MB limit"


def test_human_size() -> None:
    assert human_size(250 * MiB) == "250 MB"
    assert human_size(3.2 * 1024 * MiB) == "3.2 GB"
    assert human_size(500) == "500 bytes"
    assert human_size(1536) == "1.5 KB"


def test_images_need_ocr() -> None:
    extracted = read(b"\x89PNG\r\n\x1a\n" + _RANDOM.randbytes(64))
    assert extracted.format == "png"
    assert extracted.needs_ocr and extracted.text == ""


def test_the_name_plays_no_part() -> None:
    # read() takes bytes only: a PDF "named" .docx or an HTML page "named" .txt is what its content says.
    assert read(make_pdf([["content decides, not the extension"]])).format == "pdf"
    assert read(b"<html><body><p>page</p></body></html>").format == "html"
