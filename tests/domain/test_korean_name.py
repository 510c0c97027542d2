"""Tests for girok.domain.korean_name and girok.domain.surnames."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from girok.domain import surnames
from girok.domain.korean_name import KoreanName
from girok.domain.romanization import hangul_to_latin
from girok.errors import ValidationError

PARSED = [
    ("김영호", "hangul", "김", "영호"),
    ("김 영호", "hangul", "김", "영호"),
    ("金英浩", "hanja", "金", "英浩"),
    ("남궁민", "hangul", "남궁", "민"),
    ("남궁민수", "hangul", "남궁", "민수"),
    ("南宮珉", "hanja", "南宮", "珉"),
    ("리용호", "hangul", "리", "용호"),
    ("김", "hangul", "김", None),
    ("영", "hangul", None, "영"),
    ("Kim Yong-ho", "latin", "Kim", "Yong-ho"),
    ("Kim Young Ho", "latin", "Kim", "Young Ho"),
    ("Yongho Kim", "latin", "Kim", "Yongho"),
    ("Yong Ho Kim", "latin", "Kim", "Yong Ho"),
    ("Joy Kim", "latin", "Kim", "Joy"),
    ("KIM Yong Ho", "latin", "KIM", "Yong Ho"),
    ("Yong Ho KIM", "latin", "KIM", "Yong Ho"),
    ("KIM YONG HO", "latin", "KIM", "YONG HO"),
    ("Kim, Yong Ho", "latin", "Kim", "Yong Ho"),
    ("Ri Yong Ho", "latin", "Ri", "Yong Ho"),
    ("Lee Young-ho", "latin", "Lee", "Young-ho"),
    ("Ch'oe Sŏng-ho", "latin", "Ch'oe", "Sŏng-ho"),
    ("Kim Ho", "latin", "Kim", "Ho"),
    ("Kim", "latin", "Kim", None),
    ("Minhyuk", "latin", None, "Minhyuk"),
    ("Bora Smith", "latin", "Bora", "Smith"),
    ("김 Yong-ho", "mixed", "김", "Yong-ho"),
    ("Ким Ен Хо", "other", "Ким", "Ен Хо"),
    ("  Kim   Yong-ho  ", "latin", "Kim", "Yong-ho"),
]


@pytest.mark.parametrize(("text", "script", "surname", "given_name"), PARSED)
def test_parse(text: str, script: str, surname: str | None, given_name: str | None) -> None:
    name = KoreanName.parse(text)
    assert (name.script, name.surname, name.given) == (script, surname, given_name)
    assert name.original == text.strip()
    assert str(name) == text.strip()
    assert name.match_keys()


SAME_PERSON = [
    ["Ri Yong Ho", "Lee Yong-ho", "Yi Yongho", "리용호", "이용호", "RI Yong Ho", "Rhee Yong-ho", "Yong Ho Lee"],
    ["Kim Young-ho", "김영호", "Kim Yong Ho", "Yongho Kim", "KIM Yŏng-ho", "Gim Yeong-ho", "Kimyongho"],
    ["Pak Min-hyuk", "Park Minhyuk", "박민혁", "Bak Min Hyeok", "Min-Hyuk Park", "PARK Min Hyŏk"],
    ["Choi Song-i", "Ch'oe Sŏng-i", "Choe Seongi", "최성이"],
    ["Rim Chol", "Lim Cheol", "Im Ch'ŏl", "림철", "임철"],
    ["Ryu Kyong", "Yoo Kyung", "Yu Kyŏng", "류경", "유경"],
    ["Thae Yong Ho", "T'ae Yŏng-ho", "Tae Yong-ho", "태영호"],
    ["Namgung Min", "Namkoong Min", "남궁민"],
    ["Jung Kwang-il", "Chŏng Kwang-il", "Jeong Gwangil", "정광일"],
    ["Kang Chol-hwan", "Kang Chŏl-hwan", "Gang Cheolhwan", "강철환"],
]


@pytest.mark.parametrize("forms", SAME_PERSON, ids=lambda forms: forms[0])
def test_forms_of_one_name_share_a_key(forms: list[str]) -> None:
    keys = [KoreanName.parse(f).match_keys() for f in forms]
    for form, form_keys in zip(forms, keys, strict=True):
        assert form_keys & keys[0], (form, sorted(form_keys), sorted(keys[0]))


DIFFERENT_PEOPLE = [
    ("Kim Yong-ho", "Kim Yong-nam"),
    ("Kim Yong-ho", "Park Yong-ho"),
    ("김영호", "박영호"),
    ("김영호", "김영남"),
    ("Ri Yong Ho", "Ri Chol Ho"),
    ("Choi Min", "Cho Min"),
    ("Kang Chol-hwan", "Kang Chol-ho"),
    ("Han Min", "Hwang Min"),
]


@pytest.mark.parametrize(("left", "right"), DIFFERENT_PEOPLE)
def test_different_names_share_no_key(left: str, right: str) -> None:
    assert not KoreanName.parse(left).match_keys() & KoreanName.parse(right).match_keys()


def test_hangul_variants() -> None:
    assert KoreanName.parse("리용호").hangul_variants() == {"리용호", "이용호"}
    assert KoreanName.parse("이용호").hangul_variants() == {"리용호", "이용호"}
    assert KoreanName.parse("김룡호").hangul_variants() == {"김룡호", "김용호"}
    assert KoreanName.parse("김 영호").hangul_variants() == {"김영호"}
    assert KoreanName.parse("Ri Yong Ho").hangul_variants() == frozenset()
    assert KoreanName.parse("李容浩").hangul_variants() == frozenset()


def test_hanja_surname_resolves_to_hangul() -> None:
    keys = KoreanName.parse("金英浩").match_keys()
    assert "김:英浩" in keys
    assert keys & KoreanName.parse("金 英浩").match_keys()
    assert [s.hangul for s in KoreanName.parse("柳京").surname_entries] == ["유"]


def test_ambiguous_romanized_surname_keeps_both_candidates() -> None:
    song = KoreanName.parse("Song Min")
    assert {s.hangul for s in song.surname_entries} == {"송", "성"}
    assert song.match_keys() & KoreanName.parse("성민").match_keys()
    assert song.match_keys() & KoreanName.parse("송민").match_keys()


REJECTED = [
    ("", "empty name"),
    ("   ", "empty name"),
    ("12345", "no letters"),
    ("--- !!", "no letters"),
    ("Kim\x00Yong", "control characters"),
    ("Kim\nYong", "control characters"),
    ("가" * 201, "limit 200"),
]


@pytest.mark.parametrize(("text", "message"), REJECTED)
def test_invalid_names(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        KoreanName.parse(text)
    assert "\n" not in str(info.value) and len(str(info.value)) < 140


def test_rejects_non_text() -> None:
    with pytest.raises(ValidationError, match="expected a name as text"):
        KoreanName.parse(None)  # type: ignore[arg-type]


# --- surname table --------------------------------------------------------------------------------------


def test_surname_table_lookups() -> None:
    assert [s.hangul for s in surnames.by_hangul("리")] == ["이"]
    assert [s.hangul for s in surnames.by_hanja("李")] == ["이"]
    assert {s.hangul for s in surnames.by_latin("Rhee")} == {"이"}
    assert {s.hangul for s in surnames.by_latin("Ch'ŏn")} == {"천"}
    assert {s.hangul for s in surnames.by_latin("Chon")} == {"전", "천"}
    assert {s.hangul for s in surnames.by_latin("So")} == {"서", "소"}
    assert surnames.by_latin("Smith") == ()
    assert surnames.rank(surnames.by_hangul("김")[0]) == 0
    assert surnames.is_very_common(surnames.by_latin("Park")[0])
    assert surnames.fold_latin("Ch'ŏng-Ho") == "chongho"


def test_surname_table_is_consistent() -> None:
    seen: set[str] = set()
    for surname in surnames.SURNAMES:
        assert surname.hangul not in seen
        seen.add(surname.hangul)
        assert all("\uac00" <= ch <= "\ud7a3" for ch in surname.hangul)
        assert surname in surnames.by_hangul(surname.hangul)
        for spelling in surname.latin_forms:
            assert surname in surnames.by_latin(spelling)
        for hanja in surname.hanja:
            assert surname in surnames.by_hanja(hanja)
        if surname.north:
            assert surname in surnames.by_hangul(surname.north)


# --- property tests -------------------------------------------------------------------------------------

given_syllable = st.integers(min_value=0xAC00, max_value=0xD7A3).map(chr)
one_syllable_surnames = [s for s in surnames.SURNAMES if len(s.hangul) == 1]


@given(
    st.sampled_from(one_syllable_surnames),
    st.lists(given_syllable, min_size=1, max_size=2),
    st.sampled_from(["-", " "]),
    st.data(),
)
def test_romanized_forms_match_hangul(
    surname: surnames.Surname, syllables: list[str], sep: str, data: st.DataObject
) -> None:
    hangul = KoreanName.parse(surname.hangul + "".join(syllables))
    spelling = data.draw(st.sampled_from(sorted(surname.latin_forms)))
    romanized_given = sep.join(hangul_to_latin(s) for s in syllables).title()
    latin = KoreanName.parse(f"{spelling} {romanized_given}")
    assert latin.match_keys() & hangul.match_keys()
    upper = KoreanName.parse(f"{spelling.upper()} {romanized_given}")
    assert upper.match_keys() & hangul.match_keys()


very_common_surnames = [s for s in surnames.SURNAMES if surnames.is_very_common(s)]


@given(st.sampled_from(very_common_surnames), st.lists(given_syllable, min_size=2, max_size=2))
def test_western_order_with_common_surname(surname: surnames.Surname, syllables: list[str]) -> None:
    romanized_given = "-".join(hangul_to_latin(s) for s in syllables).title()
    # When a given-name syllable is itself a surname spelling ("I-I Ghim"), the order is genuinely ambiguous.
    assume(not any(surnames.by_latin(hangul_to_latin(s)) for s in syllables))
    hangul = KoreanName.parse(surname.hangul + "".join(syllables))
    western = KoreanName.parse(f"{romanized_given} {surname.spellings[0] if surname.spellings else surname.rr}")
    assert western.surname is not None and surname in western.surname_entries
    assert western.match_keys() & hangul.match_keys()


@given(st.sampled_from(one_syllable_surnames), st.lists(given_syllable, min_size=1, max_size=3))
def test_north_and_south_hangul_forms_match(surname: surnames.Surname, syllables: list[str]) -> None:
    forms = [KoreanName.parse(h + "".join(syllables)) for h in surname.hangul_forms]
    assert frozenset.intersection(*(f.match_keys() for f in forms))
    assert all(f.hangul_variants() == forms[0].hangul_variants() for f in forms)


@given(st.text(min_size=1, max_size=40))
def test_parse_never_crashes(text: str) -> None:
    try:
        name = KoreanName.parse(text)
    except ValidationError as error:
        assert "\n" not in str(error)
    else:
        assert name.match_keys()
        assert name.surname or name.given


def test_unmarked_order_between_two_surnames_keeps_both_readings() -> None:
    name = KoreanName.parse("Han Pak")
    assert (name.surname, name.given) == ("Pak", "Han")  # 박 is very common, 한 less so: Western order first
    assert name.match_keys() & KoreanName.parse("박한").match_keys()
    assert name.match_keys() & KoreanName.parse("한박").match_keys()
    marked = KoreanName.parse("HAN Pak")
    assert (marked.surname, marked.given) == ("HAN", "Pak")
    assert not marked.match_keys() & KoreanName.parse("박한").match_keys()
