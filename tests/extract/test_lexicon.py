"""Folding and the alias trie: spellings, scripts and word boundaries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from girok.extract.folding import fold
from girok.extract.korean import tokenize
from girok.extract.lexicon import lexicon


def ids(text: str) -> list[tuple[str, tuple[str, ...]]]:
    hits = lexicon().scan(text, tokenize(text))
    return [(text[h.start : h.end], h.ids) for h in hits]


def test_fold_maps_back_to_original_offsets() -> None:
    folded = fold("Kwan-li-so No. 15 in Yodŏk")
    assert folded.text == "gwanlisono15inyodog"
    assert folded.index[folded.text.index("yodog")] == "Kwan-li-so No. 15 in Yodŏk".index("Yodŏk")


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("sent to Kwan-li-so No. 15 that year", "Kwan-li-so No. 15", "kwalliso-15"),
        ("sent to Kwalliso no.15 that year", "Kwalliso no.15", "kwalliso-15"),
        ("the Yodŏk camp", "Yodŏk camp", "kwalliso-15"),
        ("요덕 제15호 관리소에 있었다", "요덕 제15호 관리소", "kwalliso-15"),
        ("요덕제15호관리소에서", "요덕제15호관리소", "kwalliso-15"),
        ("born in Hamgyong-bukto", "Hamgyong-bukto", "KP-09"),
        ("그는 양강도 혜산시에서 왔다", "양강도", "KP-10"),
        ("arrested by the MSS", "MSS", "mss"),
        ("온성군보위부에 끌려갔다", "온성군보위부", "onsong-mss-detention"),
    ],
)
def test_aliases_found_across_spellings(text: str, quote: str, expected: str) -> None:
    assert (quote, (expected,)) in [(q, i[:1]) for q, i in ids(text)]


def test_words_are_not_found_inside_other_words() -> None:
    assert ids("the Onsongian and kaechonese") == []
    assert ids("그의 우수성이 드러났다") == []  # 수성 (Susong) inside 우수성 is no place


def test_acronyms_need_capitals() -> None:
    assert ids("a mss of the book") == []
    assert ids("the MSS came")[0][1] == ("mss",)


def test_longest_match_wins() -> None:
    text = "Onsong County MSS detention centre"
    assert ids(text) == [(text, ("onsong-mss-detention",))]


@given(st.text(max_size=200))
def test_hits_are_valid_spans(text: str) -> None:
    for hit in lexicon().scan(text, tokenize(text)):
        assert 0 <= hit.start < hit.end <= len(text)


def test_aspiration_h_belongs_to_its_own_word() -> None:
    # "including Hamgyong": the h of Hamgyong is not the aspiration of "including"'s final g.
    assert ids("provinces including Hamgyong-bukto and Ryanggang") == [
        ("Hamgyong-bukto", ("KP-09",)),
        ("Ryanggang", ("KP-10",)),
    ]
