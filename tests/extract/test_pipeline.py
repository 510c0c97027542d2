"""The whole extraction on awkward input: never a crash, offsets always valid, the contract's shape."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from girok.extract.mentions import KINDS
from girok.extract.pipeline import extract, language_of


def assert_valid(text: str) -> None:
    extraction = extract(text)
    for kind, mentions in extraction.mentions().items():
        assert kind in KINDS
        for mention in mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start : mention.end] == mention.quote


def test_contract_shape() -> None:
    text = "In the spring of 1997 Kim Young-soon was sent to Yodok, Camp 15, by the bowibu; 80,000 to 120,000 people."
    contract = extract(text).contract("t.txt", "ab" * 32)
    assert list(contract) == ["source", *KINDS]
    assert contract["source"] == {"path": "t.txt", "sha256": "ab" * 32, "language": "en"}
    assert set(contract["violations"][0]) == {"type", "start", "end", "quote", "confidence"}
    assert set(contract["facilities"][0]) == {"id", "type", "start", "end", "quote"}
    assert set(contract["institutions"][0]) == {"id", "start", "end", "quote"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t",
        "\x00\x01\x02 보위부\x07에 끌려갔다 \x1b[31m",
        "요덕Yodok관리소camp15호",
        "보위부bowibu보위부",
        "\u200b\u200d요덕\u200b",
        "😀 Camp 15 😀 요덕 😀",
    ],
)
def test_awkward_input_never_breaks_offsets(text: str) -> None:
    assert_valid(text)


def test_enormous_single_line() -> None:
    line = ("그는 요덕 제15호 관리소에서 구타를 당했다 " * 3000) + ("He was beaten at Camp 15 in 1997 " * 3000)
    assert "\n" not in line
    extraction = extract(line)
    assert len(extraction.facilities) >= 6000
    assert_valid(line)


def test_chinese_and_japanese_are_named_and_certain_names_kept() -> None:
    chinese = "他在1997年被中国公安逮捕, 然后被遣返到朝鲜。图们江很冷。我们在延吉住了三年。"
    extraction = extract(chinese)
    assert extraction.language == "zh"
    assert "Chinese" in extraction.notes[0]
    assert {i.id for i in extraction.institutions} == {"china-public-security"}
    assert {p.id for p in extraction.places} == {"tumen-river"}
    assert extraction.violations == []
    japanese = "彼女は1997年に北朝鮮へ送還されました。とても怖かったです。"
    assert extract(japanese).language == "ja"


def test_languages() -> None:
    assert language_of("He was beaten.") == "en"
    assert language_of("그는 맞았다.") == "ko"
    assert language_of("그는 bowibu에 arrested 되었다 and beaten 당했다 in the camp") == "mixed"
    assert language_of("1997 ... !!!") == "und"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("요덕관리소보위부맞았다않 Camp15Yodok.,\n-제호에서년3월")), max_size=120))
def test_offsets_valid_on_random_text(text: str) -> None:
    assert_valid(text)
