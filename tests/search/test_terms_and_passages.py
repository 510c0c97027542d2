"""What the index sees of a text: stemmed English, Korean morphemes, passages cut at sentences."""

from __future__ import annotations

from girok.search.passages import MAX_CHARS, split_passages
from girok.search.terms import query_words, surface_of, words


def _terms(text: str) -> list[str]:
    return [w.term for w in words(text)]


def test_english_is_stemmed_lower_cased_and_stripped_of_diacritics_and_stop_words() -> None:
    assert _terms("I was Tortured at Yodŏk, the camp.") == ["tortur", "yodok", "camp"]
    assert _terms("torture") == _terms("torturing") == ["tortur"]


def test_korean_keeps_content_morphemes_in_dictionary_form() -> None:
    assert _terms("구타를 당했다") == ["구타", "당하다"]
    assert _terms("맞았습니다") == ["맞다"]
    assert "수용소" in _terms("정치범수용소에서")


def test_north_korean_initial_sounds_meet_south_korean_ones() -> None:
    assert _terms("로동") == _terms("노동") == ["노동"]
    assert surface_of("로동") == "노동"


def test_offsets_point_at_the_words() -> None:
    text = "저는 요덕에서 맞았어요. Then I was beaten. 15호 관리소"
    found = [(w.term, text[w.start : w.end]) for w in words(text)]
    assert ("맞다", "맞") in found
    assert ("beaten", "beaten") in found
    assert ("15", "15") in found and ("관리소", "관리소") in found
    assert [start for start in (w.start for w in words(text))] == sorted(w.start for w in words(text))


def test_a_query_of_only_common_words_is_recognised() -> None:
    assert query_words("the of") == ([], True)
    assert query_words("...") == ([], False)


def test_passages_are_whole_sentences_within_paragraphs_and_pages() -> None:
    text = "First sentence here. Second one.\n\n두 번째 문단입니다. 또 있어요."
    passages = split_passages(text)
    assert [text[p.start : p.end] for p in passages] == [
        "First sentence here. Second one.",
        "두 번째 문단입니다. 또 있어요.",
    ]
    paged = split_passages("page one text\n\npage two text", [[0, 13], [15, 28]])
    assert [(p.page, p.start, p.end) for p in paged] == [(1, 0, 13), (2, 15, 28)]


def test_long_text_is_cut_into_passages_of_bounded_length_covering_all_words() -> None:
    text = " ".join(f"Sentence number {i} tells what happened." for i in range(200))
    passages = split_passages(text)
    assert all(p.end - p.start <= MAX_CHARS for p in passages)
    covered = "".join(text[p.start : p.end] for p in passages).replace(" ", "")
    assert covered == text.replace(" ", "")
    unbroken = "x" * 2000
    assert all(p.end - p.start <= MAX_CHARS for p in split_passages(unbroken))


def test_abbreviations_and_korean_words_ending_in_da_do_not_end_a_passage_sentence() -> None:
    text = "그는 날마다 구타를 당했다. 나는 Kyohwaso No. 12 에 있었다."
    (only,) = split_passages(text)
    assert text[only.start : only.end] == text
