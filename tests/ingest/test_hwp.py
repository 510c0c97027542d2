"""HWP 5 (binary): text in document order, controls, sections, summary metadata, and hostile files."""

from __future__ import annotations

import random
import re
import struct
from datetime import UTC, datetime

import pytest
from hwp_files import (
    PARA_HEADER,
    PARA_TEXT,
    chars,
    deflate,
    empty_para,
    inline,
    make_compound,
    make_hwp,
    para,
    record,
    section,
    summary,
    table,
)

from girok.ingest.readers import Limits, ReaderError, read, sniff
from girok.ingest.readers.base import MiB
from girok.ingest.readers.hwp import read_hwp

TESTIMONY = section(
    para("증언자 A의 진술"),
    para("Statement of witness A, 1997."),
    table("수용 기록:", ["이름", "김철수", "수용소", "요덕"]),
    empty_para(),
    para("끝."),
)
EXPECTED = "증언자 A의 진술\nStatement of witness A, 1997.\n수용 기록:\n이름\n김철수\n수용소\n요덕\n\n끝."


def _raises(data: bytes, message: str, limits: Limits | None = None) -> None:
    with pytest.raises(ReaderError) as caught:
        read(data, limits) if limits else read(data)
    assert str(caught.value) == message


@pytest.mark.parametrize("compressed", [True, False])
def test_korean_and_english_round_trip(compressed: bool) -> None:
    data = make_hwp([TESTIMONY], compressed=compressed)
    assert sniff(data) == "hwp"
    extracted = read(data)
    assert extracted.format == "hwp"
    assert extracted.text == EXPECTED
    assert extracted.pages == ()
    assert extracted.metadata["hwp_version"] == "5.1.1.0"


def test_tab_line_break_and_char_controls() -> None:
    hyphen_and_spaces = "가".encode("utf-16-le") + struct.pack("<3H", 24, 30, 31) + "나".encode("utf-16-le")
    data = make_hwp(
        [section(para("이름\t김철수"), para("첫 줄\n둘째 줄"), para(hyphen_and_spaces), para("\t"))],
    )
    assert read(data).text == "이름\t김철수\n첫 줄\n둘째 줄\n가-  나\n\t"


def test_inline_controls_are_skipped_whole() -> None:
    # The six data code units of a field or an object may hold anything, controls and surrogates included.
    field = inline(3, b"\x0d\x00\x0a\x00\x00\xd8\x09\x00%dlc")
    drawing = inline(11, b"osg " + b"\x00" * 8)
    body = chars("앞") + field + chars("필드") + inline(4) + drawing + chars("뒤")
    assert read(make_hwp([section(para(body))])).text == "앞필드뒤"


def test_text_is_nfc_and_astral_characters_survive() -> None:
    decomposed = "\u1100\u1161\u11a8"  # 각 as conjoining jamo
    data = make_hwp([section(para(decomposed + " 𠀀 end"))])
    assert read(data).text == "각 𠀀 end"


def test_nested_table_keeps_document_order() -> None:
    inner = table("셀 안의 표:", ["내부1", "내부2"], level=2)
    outer = (
        para(chars("바깥 표:") + inline(11, b"lbt " + b"\x00" * 8))
        + record(0x47, 1, b"lbt " + b"\x00" * 40)
        + record(0x48, 2, b"\x00" * 32)
        + inner
        + record(0x48, 2, b"\x00" * 32)
        + para("둘째 칸", level=2)
    )
    data = make_hwp([section(para("머리"), outer, para("꼬리"))])
    assert read(data).text == "머리\n바깥 표:\n셀 안의 표:\n내부1\n내부2\n둘째 칸\n꼬리"


def test_sections_in_numeric_order() -> None:
    sections = [section(para(f"구역 {n}")) for n in range(12)]
    text = read(make_hwp(sections)).text
    assert text == "\n".join(f"구역 {n}" for n in range(12))


def test_long_paragraph_uses_the_extended_size() -> None:
    long = "북한 인권 기록 " * 600  # over 4095 bytes of UTF-16
    data = make_hwp([section(para(long), para("다음"))])
    assert read(data).text == long + "\n다음"


def test_summary_metadata() -> None:
    info = summary(
        title="증언 기록",
        author="기록팀",
        created=datetime(2023, 5, 1, 9, 30, tzinfo=UTC),
        modified=datetime(2024, 2, 3, 10, 0, tzinfo=UTC),
    )
    extracted = read(make_hwp([TESTIMONY], summary_info=info))
    assert extracted.text == EXPECTED
    assert extracted.metadata == {
        "title": "증언 기록",
        "author": "기록팀",
        "created": "2023-05-01T09:30:00+00:00",
        "modified": "2024-02-03T10:00:00+00:00",
        "hwp_version": "5.1.1.0",
    }


@pytest.mark.parametrize("info", [b"", b"\xfe\xff" + b"\xff" * 200, summary(title="x")[:60]])
def test_damaged_summary_never_stops_the_text(info: bytes) -> None:
    extracted = read(make_hwp([TESTIMONY], summary_info=info))
    assert extracted.text == EXPECTED
    assert "title" not in extracted.metadata


def test_encrypted_and_distribution_documents_are_refused() -> None:
    _raises(make_hwp([TESTIMONY], encrypted=True), "encrypted HWP: cannot read without its password")
    _raises(make_hwp([TESTIMONY], distribution=True), "HWP distribution document: its text is encrypted")


def test_bad_signature_and_missing_body() -> None:
    streams = {"FileHeader": b"HWP Document Fil?".ljust(256, b"\x00"), "BodyText/Section0": TESTIMONY}
    with pytest.raises(ReaderError, match=r"^damaged HWP file$"):
        read_hwp(make_compound(streams))
    no_body = {"FileHeader": b"HWP Document File".ljust(32, b"\x00") + b"\x00" * 224}
    assert sniff(make_compound(no_body)) == "hwp"
    _raises(make_compound(no_body), "damaged HWP file")
    short_header = {"FileHeader": b"HWP Document File", "BodyText/Section0": TESTIMONY}
    _raises(make_compound(short_header), "damaged HWP file")


def test_damaged_compound_file() -> None:
    garbage = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"HWP Document File" + random.Random(3).randbytes(4000)
    assert sniff(garbage) == "hwp"
    _raises(garbage, "damaged HWP file")


@pytest.mark.parametrize("compressed", [True, False])
def test_truncated_file(compressed: bool) -> None:
    rng = random.Random(5)  # text that does not compress away: the sections span many sectors
    sections = [section(*[para("".join(chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(200))) for _ in range(60)])]
    data = make_hwp(sections, compressed=compressed)
    for cut in (len(data) // 2, len(data) - 700):
        truncated = data[:cut]
        assert sniff(truncated) == "hwp"
        _raises(truncated, "damaged HWP file")


def test_corrupt_and_truncated_deflate_streams() -> None:
    _raises(make_hwp([], raw_sections=[b"\xff" * 100]), "damaged HWP file")
    whole = deflate(TESTIMONY * 50)
    _raises(make_hwp([], raw_sections=[whole[: len(whole) // 2]]), "damaged HWP file")
    _raises(make_hwp([], raw_sections=[deflate(TESTIMONY), whole[:-3]]), "damaged HWP file")


def test_records_running_past_their_section() -> None:
    message = "damaged HWP file: a record runs past the end of its section"
    short = struct.pack("<I", PARA_TEXT | 1 << 10 | 100 << 20) + "짧음".encode("utf-16-le")
    _raises(make_hwp([section(para("앞"), short)]), message)
    extended = struct.pack("<II", PARA_HEADER | 0xFFF << 20, 0xFFFFFFFF) + b"\x00" * 22
    _raises(make_hwp([section(para("앞"), extended)], compressed=False), message)
    _raises(make_hwp([section(para("앞"), b"\x42\x00")]), "damaged HWP file")  # half a header


def test_stream_larger_than_the_file() -> None:
    data = bytearray(make_hwp([section(*[para("긴 문단 " * 100) for _ in range(20)])], compressed=False))
    entry = data.find("Section0".encode("utf-16-le"))
    struct.pack_into("<I", data, entry - entry % 128 + 120, 1 << 30)
    _raises(bytes(data), "damaged HWP file")


def test_deflate_bomb_stops_at_the_expanded_limit() -> None:
    bomb = deflate(b"\x00" * (20 * MiB))
    data = make_hwp([], raw_sections=[bomb])
    assert len(data) < 100_000
    _raises(data, "deflate bomb: HWP expands past the 2 MB limit", Limits(max_expanded_bytes=2 * MiB, max_ratio=1e9))
    with pytest.raises(ReaderError, match=r"^deflate bomb: HWP compresses \d+:1 \(limit 100:1\)$"):
        read(data)


def test_expanded_limit_counts_every_section() -> None:
    body = section(*[para(f"{n:05d} " + "가나다라마바사" * 20) for n in range(2500)])  # about 0.8 MB each
    data = make_hwp([body, body, body])
    assert read(data, Limits(max_expanded_bytes=3 * MiB)).text.count("\n") == 7499
    _raises(data, "deflate bomb: HWP expands past the 2 MB limit", Limits(max_expanded_bytes=2 * MiB))


@pytest.mark.parametrize("compressed", [True, False])
def test_mutated_files_fail_only_with_reader_errors(compressed: bool) -> None:
    rng = random.Random(20261121 + compressed)
    body = TESTIMONY * 3
    stream = deflate(body) if compressed else body
    for _ in range(300):
        mutated = bytearray(stream)
        for _ in range(rng.randint(1, 4)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        data = make_hwp([], compressed=compressed, raw_sections=[bytes(mutated)])
        try:
            extracted = read_hwp(data)
        except ReaderError as error:
            assert re.fullmatch(r"(damaged HWP file|deflate bomb: HWP).*", str(error))
        else:
            assert "\x00" not in extracted.text
