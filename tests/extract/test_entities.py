"""Facilities, places and institutions read in their sentence."""

from __future__ import annotations

from girok.extract import entities
from girok.extract.korean import tokenize
from girok.extract.sentences import split


def find(text: str) -> entities.Found:
    return entities.find(text, split(text), tokenize(text))


def facilities(text: str) -> list[tuple[str | None, str | None, str]]:
    return [(f.id, f.type, f.quote) for f in find(text).facilities]


def test_camp_or_county_by_what_the_sentence_speaks_of() -> None:
    assert facilities("He spent ten years in the camp at Yodok.") == [("kwalliso-15", "kwalliso", "Yodok")]
    found = find("She was born in Yodok and moved to Hamhung.")
    assert [p.id for p in found.places] == ["yodok", "hamhung"]
    assert found.facilities == []


def test_numbers_take_their_type() -> None:
    assert facilities("He was in Camp 12.") == [("kwalliso-12", "kwalliso", "Camp 12")]
    assert facilities("He was in Kyohwaso No. 12.") == [("kyohwaso-12", "kyohwaso", "Kyohwaso No. 12")]
    assert facilities("그는 12호 교화소에 있었다.") == [("kyohwaso-12", "kyohwaso", "12호 교화소")]
    assert facilities("그는 12호 관리소에 있었다.") == [("kwalliso-12", "kwalliso", "12호 관리소")]
    assert facilities("The prison where he served, No. 12, was cold.") == [("kyohwaso-12", "kyohwaso", "No. 12")]


def test_unknown_number_is_an_unnamed_facility_of_its_type() -> None:
    assert facilities("He was sent to Camp 99.") == [(None, "kwalliso", "Camp 99")]


def test_unnamed_facility_is_placed_in_its_sentence() -> None:
    found = find("She was held in a holding centre in Hyesan.")
    assert [(f.id, f.type, f.place) for f in found.facilities] == [(None, "jipkyulso", "hyesan")]
    assert [(p.id, p.province) for p in found.places] == [("hyesan", "KP-10")]


def test_type_in_apposition_describes_the_named_camp() -> None:
    assert facilities("Yodok, a political prison camp, held thousands.") == [("kwalliso-15", "kwalliso", "Yodok")]


def test_institution_inside_a_facility_name_is_reported() -> None:
    found = find("He was taken to the Onsong bowibu detention centre.")
    assert [f.id for f in found.facilities] == ["onsong-mss-detention"]
    assert [(i.id, i.quote) for i in found.institutions] == [("mss", "bowibu")]


def test_provinces_and_cities_carry_their_province() -> None:
    found = find("From 함경북도 회령시 to Ryanggang and the Tumen River.")
    assert [(p.id, p.province) for p in found.places] == [
        ("KP-09", "KP-09"),
        ("hoeryong", "KP-09"),
        ("KP-10", "KP-10"),
        ("tumen-river", None),
    ]


def test_institutions_in_both_scripts() -> None:
    text = "보위부와 안전부, then the Chinese police and the border guards."
    assert [i.id for i in find(text).institutions] == ["mss", "mps", "china-public-security", "border-guards"]


def test_place_institution_and_type_name_the_facility_run_by_that_institution() -> None:
    # Onsong has two detention centres (MSS and MPS): the institution between place and type picks one.
    assert facilities("Detained 2 mos. at Onsong MSS det. ctr.") == [
        ("onsong-mss-detention", "kuryujang", "Onsong MSS det. ctr")  # the final dot may end the sentence
    ]
    assert facilities("He was held at the Musan MSS det. ctr. for a month.") == [
        ("musan-mss-detention", "kuryujang", "Musan MSS det. ctr")
    ]
    assert facilities("그는 농포 집결소로 넘겨졌다.") == [("chongjin-holding-centre", "jipkyulso", "농포 집결소")]
