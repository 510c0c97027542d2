"""Plain text decoding (BOMs, UTF-8, CP949/EUC-KR, detection), normalisation, and the language guess."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from girok.ingest.language import detect_language
from girok.ingest.readers import ReaderError, read
from girok.ingest.readers.text import decode, read_text

KOREAN = "1997년 함경북도 회령시에서 보위부에 체포되었다.\n요덕 수용소로 이송되었다."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (KOREAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + KOREAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + KOREAN.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + KOREAN.encode("utf-16-be"), "utf-16-be"),
        (KOREAN.encode("euc-kr"), "euc-kr"),
    ],
)
def test_korean_round_trip_in_every_encoding(data: bytes, encoding: str) -> None:
    extracted = read(data)
    assert extracted.format == "text"
    assert extracted.text == KOREAN
    assert extracted.metadata["encoding"] == encoding
    assert extracted.pages == ()


def test_cp949_extension_syllables_are_cp949() -> None:
    text = "똠방각하 뷁 " + KOREAN  # 똠 and 뷁 lie outside KS X 1001: CP949 only
    extracted = read(text.encode("cp949"))
    assert extracted.text == text
    assert extracted.metadata["encoding"] == "cp949"


def test_latin1_text_is_not_mistaken_for_korean() -> None:
    text = "Äußerung über die Lage. Öffentliche Anhörung. " * 20
    decoded, encoding = decode(text.encode("latin-1"))
    assert decoded == text
    assert encoding not in ("cp949", "euc-kr")


def test_newlines_and_nfc_are_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "한국어")
    assert decomposed != "한국어"
    extracted = read(f"line one\r\nline two\rline three\n{decomposed}".encode())
    assert extracted.text == "line one\nline two\nline three\n한국어"


def test_markdown_is_text() -> None:
    extracted = read("# 제목\n\n- 항목 하나\n- item two\n".encode())
    assert extracted.format == "text"
    assert extracted.text.startswith("# 제목")


def test_csv_is_read_as_text_with_its_format() -> None:
    data = "이름,출생,출신\n김철수,1970,함경북도\n이영희,1982,양강도\n".encode("cp949")
    extracted = read(data)
    assert extracted.format == "csv"
    assert "김철수,1970,함경북도" in extracted.text


def test_nul_heavy_binary_is_refused() -> None:
    with pytest.raises(ReaderError, match=r"^unrecognised format \(binary data\)$"):
        read_text(b"abc\x00\x00\x00\x01\x02" * 500)


def test_empty_text_reader_refuses() -> None:
    with pytest.raises(ReaderError, match=r"^empty file$"):
        read_text(b"")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (KOREAN, "ko"),
        ("He was arrested by the State Security Department in 1997 and sent to Yodok.", "en"),
        ("그는 1997년 정치범수용소(political prison camp)에 수감되어 10년 동안 강제노동을 했다고 증언했다.", "ko"),
        ("The witness said 보위부 officers took her to 전거리 교화소 in 2005, where 구타 occurred daily.", "mixed"),
        ("他在一九九七年被捕，然后被送往监狱。", "other"),
        ("12345 — 67890 !!!", "other"),
        ("", "other"),
        ("Kim Jong-un (김정은) was named in the Commission of Inquiry report of February 2014.", "en"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected
