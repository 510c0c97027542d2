"""The packaged vocabularies: the id contract of shared/reference, referential integrity, and find()."""

from __future__ import annotations

import copy
import json
from collections import Counter
from importlib import resources

import pytest
import yaml

from girok.errors import NotFoundError
from girok.schema.vocabulary import (
    Entry,
    Vocabularies,
    VocabularyDataError,
    check_id,
    label_of,
    load_vocabularies,
    parse_vocabulary_file,
)

# The contract ids, as listed in shared/reference (taxonomy.md, gazetteer.md, institutions.md).
COI_AREAS = [
    "coi-food", "coi-prison-camps", "coi-torture", "coi-arbitrary-detention", "coi-discrimination",
    "coi-expression", "coi-life", "coi-movement", "coi-disappearance",
]  # fmt: skip
ROME_STATUTE = [
    "cah-murder", "cah-extermination", "cah-enslavement", "cah-forcible-transfer", "cah-imprisonment",
    "cah-torture", "cah-sexual-violence", "cah-persecution", "cah-disappearance", "cah-apartheid",
    "cah-other-inhumane",
]  # fmt: skip
VIOLATION_TYPES = [
    "execution", "killing", "death-in-custody", "torture", "sexual-violence", "forced-abortion",
    "arbitrary-detention", "political-imprisonment", "collective-punishment", "forced-labour", "starvation",
    "inhumane-conditions", "denial-of-medical-care", "unfair-trial", "enforced-disappearance", "abduction",
    "forcible-transfer", "movement-restriction", "forced-repatriation", "trafficking",
    "religious-persecution", "information-control", "surveillance", "indoctrination", "discrimination",
    "statelessness",
]  # fmt: skip
FACILITY_TYPES = [
    "kwalliso",
    "kyohwaso",
    "rodong-danryondae",
    "jipkyulso",
    "kuryujang",
    "taegisil",
    "kyoyangso",
]
PROVINCES = ["KP-01", "KP-02", "KP-03", "KP-04", "KP-05", "KP-06", "KP-07", "KP-08", "KP-09", "KP-10",
             "KP-13", "KP-14", "KP-15"]  # fmt: skip
FACILITIES = [
    "kwalliso-14", "kwalliso-15", "kwalliso-16", "kwalliso-18", "kwalliso-22", "kwalliso-25", "kwalliso-11",
    "kwalliso-12", "kwalliso-13", "kyohwaso-1", "kyohwaso-12", "kyohwaso-3", "kyohwaso-4", "kyohwaso-6",
    "kyohwaso-9", "kyohwaso-11", "kyohwaso-22", "kyohwaso-77", "onsong-mss-detention", "onsong-mps-detention",
    "hoeryong-mss-detention", "musan-mss-detention", "hyesan-mss-detention", "chongjin-holding-centre",
    "sinuiju-holding-centre", "manpo-holding-centre",
]  # fmt: skip
INSTITUTIONS = [
    "mss", "mps", "kpa-security-command", "wpk-ogd", "supreme-guard-command", "prosecutors", "border-guards",
    "group-109", "peoples-committee", "china-public-security",
]  # fmt: skip
# Places gazetteer.md names: border cities and counties, other cities, capitals (renamed counties by one id).
PLACES = [
    "taehongdan", "musan", "hoeryong", "onsong", "namyang", "kyongwon", "kyonghung", "samjiyon", "pochon",
    "hyesan", "kimjongsuk", "kimhyongjik", "chunggang", "chasong", "manpo", "wiwon", "chosan", "pyoktong",
    "sakju", "uiju", "sinuiju", "chongjin", "hamhung", "kanggye", "kaechon", "yodok", "pukchang", "myonggan",
    "wonsan", "haeju", "sariwon", "pyongsong",
]  # fmt: skip
RECORD_TYPES_WITH_EDGES = {"Person", "Organisation", "Place", "Event", "Violation"}


@pytest.fixture(scope="module")
def vocabs() -> Vocabularies:
    return load_vocabularies()


def _ids(vocabs: Vocabularies, name: str) -> list[str]:
    return [e.id for e in vocabs.get(name)]


def _gazetteer(vocabs: Vocabularies, *kinds: str) -> list[Entry]:
    return [e for e in vocabs.get("gazetteer") if e.data["kind"] in kinds]


def _non_enum_entries(vocabs: Vocabularies) -> list[Entry]:
    return [e for v in vocabs if not v.enum for e in v]


def _first(vocabs: Vocabularies, text: str) -> str:
    matches = vocabs.find(text)
    assert matches, f"nothing found for {text!r}"
    return matches[0].entry.id


# ------------------------------------------------------------------------------------------- loading


def test_loaded_once_and_cached() -> None:
    assert load_vocabularies() is load_vocabularies()


def test_all_vocabularies_present(vocabs: Vocabularies) -> None:
    expected = {
        "coi_areas", "rome_statute", "violation_types", "crosswalks", "facility_types", "gazetteer",
        "institutions", "surnames", "protection_levels", "confidentiality", "consent_levels",
        "violation_status", "relation_types", "source_kinds", "sex", "name_kinds", "languages",
    }  # fmt: skip
    assert expected <= set(vocabs.names())


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("coi_areas", COI_AREAS),
        ("rome_statute", ROME_STATUTE),
        ("violation_types", VIOLATION_TYPES),
        ("facility_types", FACILITY_TYPES),
        ("institutions", INSTITUTIONS),
    ],
)
def test_contract_ids_exactly_as_reference(vocabs: Vocabularies, name: str, ids: list[str]) -> None:
    assert _ids(vocabs, name) == ids


def test_province_ids_exactly_as_reference(vocabs: Vocabularies) -> None:
    provinces = _gazetteer(vocabs, "province", "capital-city", "special-city")
    assert [e.id for e in provinces] == PROVINCES


def test_facility_and_place_ids(vocabs: Vocabularies) -> None:
    assert sorted(e.id for e in _gazetteer(vocabs, "facility")) == sorted(FACILITIES)
    places = {e.id for e in _gazetteer(vocabs, "city", "county", "town")}
    assert set(PLACES) <= places
    assert {e.id for e in _gazetteer(vocabs, "river")} == {"tumen-river", "yalu-river"}


def test_ids_unique_across_vocabularies_except_enums(vocabs: Vocabularies) -> None:
    counts = Counter(e.id.casefold() for e in _non_enum_entries(vocabs))
    assert [i for i, n in counts.items() if n > 1] == []
    for entry in _non_enum_entries(vocabs):
        assert vocabs.entry(entry.id) is entry


def test_duplicate_id_across_vocabularies_fails_loudly() -> None:
    one = parse_vocabulary_file(
        "vocabulary: a\nentries:\n  - {id: x, label: {en: X, ko: 엑스}, sources: [s]}\n", "a.yaml"
    )
    two = parse_vocabulary_file(
        "vocabulary: b\nentries:\n  - {id: x, label: {en: Y, ko: 와이}, sources: [s]}\n", "b.yaml"
    )
    with pytest.raises(VocabularyDataError, match="duplicate vocabulary id 'x' in b and a"):
        Vocabularies([*one, *two])


def test_duplicate_id_within_vocabulary_fails_loudly() -> None:
    text = (
        "vocabulary: a\nentries:\n"
        "  - {id: x, label: {en: X, ko: 엑스}, sources: [s]}\n"
        "  - {id: x, label: {en: Y, ko: 와이}, sources: [s]}\n"
    )
    with pytest.raises(VocabularyDataError, match="duplicate vocabulary id 'x' in a"):
        parse_vocabulary_file(text, "a.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("vocabulary: a\nentries:\n  - {id: x, label: {en: X, ko: 엑스}}\n", "cites no source"),
        ("vocabulary: a\nentries:\n  - {id: x, label: {en: X}, sources: [s]}\n", "label needs en and ko"),
        (
            "vocabulary: a\nentries:\n  - {id: x, label: {en: Camp (A, B), ko: 엑스}, sources: [s]}\n",
            "label keys must be language codes",
        ),
        (
            "vocabulary: a\nentries:\n  - {id: 'bad id', label: {en: X, ko: 엑스}, sources: [s]}\n",
            "bad or missing id",
        ),
        ("vocabulary: a\nentries: []\n", "no entries"),
        ("just: [a, list", "not valid YAML"),
        ("- 1\n- 2\n", "needs a 'vocabulary' name"),
    ],
)
def test_malformed_files_fail_with_one_line(text: str, message: str) -> None:
    with pytest.raises(VocabularyDataError, match=message) as caught:
        parse_vocabulary_file(text, "bad.yaml")
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith("bad.yaml")


def test_every_entry_has_english_and_korean_labels(vocabs: Vocabularies) -> None:
    for vocab in vocabs:
        for entry in vocab:
            assert entry.label["en"].strip() and entry.label["ko"].strip(), entry


def test_every_entry_cites_a_source(vocabs: Vocabularies) -> None:
    for entry in _non_enum_entries(vocabs):
        assert entry.sources and all(s.strip() for s in entry.sources), entry


# --------------------------------------------------------------------------------- referential integrity


def test_violation_types_map_to_existing_coi_areas_and_rome_statute_acts(vocabs: Vocabularies) -> None:
    coi, rome = vocabs.get("coi_areas"), vocabs.get("rome_statute")
    for entry in vocabs.get("violation_types"):
        assert entry.data["coi_area"] in coi, entry
        assert "rome_statute" in entry.data, entry
        act = entry.data["rome_statute"]
        assert act is None or act in rome, entry
        assert isinstance(entry.data["description"], str)
    assert check_id("violation_types", "denial-of-medical-care").data["rome_statute"] is None
    assert check_id("violation_types", "forced-labour").data["rome_statute"] == "cah-enslavement"


def test_rome_statute_article_letters(vocabs: Vocabularies) -> None:
    letters = [e.data["letter"] for e in vocabs.get("rome_statute")]
    assert letters == list("abcdefghijk")
    assert [e.id for e in vocabs.get("rome_statute") if not e.data["found_by_coi"]] == ["cah-apartheid"]


def test_crosswalks_map_to_our_violation_types(vocabs: Vocabularies) -> None:
    crosswalks = vocabs.get("crosswalks")
    for entry in crosswalks:
        for target in entry.data["maps_to"]:  # type: ignore[attr-defined]
            assert target in vocabs.get("violation_types"), (entry, target)
    taxonomies = Counter(e.data["taxonomy"] for e in crosswalks)
    assert taxonomies["nkdb"] == 16
    assert taxonomies["nkpd"] == 9
    assert taxonomies["ohchr-2020"] == 9


def test_facility_types_run_by_existing_institutions(vocabs: Vocabularies) -> None:
    institutions = vocabs.get("institutions")
    for entry in vocabs.get("facility_types"):
        for institution in entry.data["run_by"]:  # type: ignore[attr-defined]
            assert institution in institutions, (entry, institution)
    assert list(check_id("facility_types", "kwalliso").data["run_by"]) == ["mss", "mps"]  # type: ignore[call-overload]


def test_facilities_reference_existing_types_provinces_places_and_institutions(vocabs: Vocabularies) -> None:
    gazetteer, types = vocabs.get("gazetteer"), vocabs.get("facility_types")
    provinces = set(PROVINCES)
    for facility in _gazetteer(vocabs, "facility"):
        assert facility.data["type"] in types, facility
        assert facility.data["province"] in provinces, facility
        place = facility.data.get("place")
        if place is not None:
            assert gazetteer.get(str(place)).data["province"] == facility.data["province"], facility
        for claim in facility.data.get("run_by", ()):  # type: ignore[attr-defined]
            assert claim["value"] in vocabs.get("institutions"), facility
            assert claim["source"], facility


def test_places_reference_existing_provinces_rivers_and_parents(vocabs: Vocabularies) -> None:
    gazetteer = vocabs.get("gazetteer")
    for place in _gazetteer(vocabs, "city", "county", "town"):
        assert place.data["province"] in PROVINCES, place
        assert isinstance(place.data["hangul"], str), place
        if "border" in place.data:
            assert gazetteer.get(str(place.data["border"])).data["kind"] == "river", place
        if "within" in place.data:
            parent = gazetteer.get(str(place.data["within"]))
            assert parent.data["province"] == place.data["province"], place
        assert "coordinates" not in place.data, place  # the reference gives none for places
    for province in _gazetteer(vocabs, "province"):
        capital = gazetteer.get(str(province.data["capital"]))
        assert capital.data["province"] == province.id


def test_assumed_province_codes_are_marked(vocabs: Vocabularies) -> None:
    for code in ("KP-14", "KP-15"):
        entry = check_id("gazetteer", code)
        assert entry.data["code_verified"] is False
        assert "assumed, verify" in str(entry.data["note"])
    assert "code_verified" not in check_id("gazetteer", "KP-13").data


def test_coordinates_are_claims_with_sources(vocabs: Vocabularies) -> None:
    for facility in _gazetteer(vocabs, "facility"):
        claims = facility.data["coordinates"]
        assert isinstance(claims, tuple), facility
        for claim in claims:
            assert isinstance(claim["lat"], float) and isinstance(claim["lon"], float), facility
            assert 37.5 < claim["lat"] < 43.1 and 124.0 < claim["lon"] < 131.0, facility  # inside the DPRK box
            assert claim["source"], facility


def test_conflicting_pins_are_kept_side_by_side(vocabs: Vocabularies) -> None:
    yodok = check_id("gazetteer", "kwalliso-15")
    assert [(c["lat"], c["lon"]) for c in yodok.data["coordinates"]] == [  # type: ignore[attr-defined]
        (39.6743, 126.8510),
        (39.6759, 126.8516),
    ]
    assert yodok.data["conflicts"] is True
    hoeryong = check_id("gazetteer", "kwalliso-22")
    assert [(c["lat"], c["lon"]) for c in hoeryong.data["coordinates"]] == [  # type: ignore[attr-defined]
        (42.5380, 129.9355),
        (42.5455, 129.9140),
        (42.5845, 129.8776),
    ]
    assert hoeryong.data["conflicts"] is True


def test_disagreeing_claims_are_flagged(vocabs: Vocabularies) -> None:
    for facility in _gazetteer(vocabs, "facility"):
        data = facility.data
        statuses = {c["value"] for c in data["status"]}  # type: ignore[attr-defined]
        if len(data["coordinates"]) > 1 or len(statuses) > 1 or len(data["population"]) > 1:  # type: ignore[arg-type]
            assert data["conflicts"] is True, facility
    pukchang = check_id("gazetteer", "kwalliso-18")
    assert {c["value"] for c in pukchang.data["status"]} == {"decommissioned", "operating"}  # type: ignore[attr-defined]


def test_number_collisions_are_noted(vocabs: Vocabularies) -> None:
    for a, b in (("kwalliso-12", "kyohwaso-12"), ("kwalliso-22", "kyohwaso-22")):
        assert b in " ".join(check_id("gazetteer", a).data["notes"])  # type: ignore[arg-type]
        assert a in " ".join(check_id("gazetteer", b).data["notes"])  # type: ignore[arg-type]


def test_institutions_note_the_mss_acronym_collision(vocabs: Vocabularies) -> None:
    assert "Ministry of Social Security" in str(check_id("institutions", "mss").data["note"])
    assert "MSS" not in check_id("institutions", "mps").aliases


def test_surnames_have_all_spellings(vocabs: Vocabularies) -> None:
    surnames = vocabs.get("surnames")
    assert len(surnames) >= 60
    for entry in surnames:
        for field in ("hangul", "rr", "mr", "nk"):
            assert entry.data[field], (entry, field)
        assert entry.data["hangul"] in entry.aliases
    lee = check_id("surnames", "surname-i")
    assert lee.data["hangul_nk"] == "리" and "李" in lee.data["hanja"]  # type: ignore[operator]
    assert {"Lee", "Yi", "Rhee", "Ri", "I"} <= set(lee.aliases)


def test_enums(vocabs: Vocabularies) -> None:
    assert _ids(vocabs, "protection_levels") == ["none", "protected", "high"]
    assert _ids(vocabs, "confidentiality") == ["public", "internal", "confidential", "restricted"]
    assert vocabs.get("confidentiality").ordered
    assert vocabs.get("confidentiality").position("restricted") > vocabs.get("confidentiality").position("public")
    assert _ids(vocabs, "consent_levels") == ["none", "internal", "anonymised-public", "named-public"]
    assert _ids(vocabs, "violation_status") == [
        "alleged",
        "corroborated",
        "verified",
        "disputed",
        "retracted",
    ]
    assert _ids(vocabs, "source_kinds") == ["testimony", "document", "report", "media", "dataset"]
    assert _ids(vocabs, "sex") == ["female", "male", "unknown"]
    assert _ids(vocabs, "name_kinds") == [
        "primary", "hangul", "hanja", "romanized", "alias", "pseudonym", "chinese-name", "south-korean-name",
    ]  # fmt: skip
    with pytest.raises(NotFoundError):
        vocabs.entry("none")  # enum values are not in the global id space


def test_relation_types_declare_their_ends(vocabs: Vocabularies) -> None:
    relations = vocabs.get("relation_types")
    assert {"parent-of", "spouse-of", "sibling-of", "relative-of", "member-of", "detained-in", "witnessed",
            "perpetrated", "commanded", "located-in"} <= set(relations.ids())  # fmt: skip
    for entry in relations:
        for end in ("subject", "object"):
            assert set(entry.data[end]) <= RECORD_TYPES_WITH_EDGES, entry  # type: ignore[call-overload]
    assert list(relations.get("parent-of").data["object"]) == ["Person"]  # type: ignore[call-overload]
    assert list(relations.get("member-of").data["object"]) == ["Organisation"]  # type: ignore[call-overload]
    assert list(relations.get("detained-in").data["object"]) == ["Place"]  # type: ignore[call-overload]


def test_vocabularies_named_by_record_types_exist(vocabs: Vocabularies) -> None:
    text = (resources.files("girok.schema") / "data" / "record_types.yaml").read_text(encoding="utf-8")
    named = set()
    for record_type in yaml.safe_load(text).values():
        if record_type.get("statuses"):
            named.add(record_type["statuses"])
        for spec in record_type.get("fields", {}).values():
            named.update(spec[key] for key in ("vocab", "enum") if key in spec)
    assert named <= set(vocabs.names())


def test_entry_data_is_read_only_and_serialisable(vocabs: Vocabularies) -> None:
    entry = check_id("gazetteer", "kwalliso-15")
    with pytest.raises(TypeError):
        entry.data["status"] = "open"  # type: ignore[index]
    with pytest.raises(TypeError):
        entry.data["coordinates"][0]["lat"] = 0.0  # type: ignore[index]
    assert json.loads(json.dumps({**entry.data}))["coordinates"][1]["source"] == "Korea Future NKPD"
    assert copy.deepcopy(entry.data) == entry.data


# ------------------------------------------------------------------------------------ lookup and errors


def test_unknown_id_error_message(vocabs: Vocabularies) -> None:
    with pytest.raises(NotFoundError) as caught:
        check_id("facility_types", "x")
    assert str(caught.value) == "unknown vocabulary id 'x' in facility_types"
    with pytest.raises(NotFoundError, match="unknown vocabulary id 'kwalliso-99'"):
        vocabs.entry("kwalliso-99")
    with pytest.raises(NotFoundError, match="unknown vocabulary 'nope'"):
        vocabs.get("nope")
    with pytest.raises(NotFoundError, match="in gazetteer"):
        check_id("gazetteer", "kp-01")  # ids are case-sensitive


def test_contains_and_get(vocabs: Vocabularies) -> None:
    types = vocabs.get("facility_types")
    assert "kwalliso" in types and "kwalliso-15" not in types and 3 not in types
    assert types.get("kyohwaso").label["ko"] == "교화소"
    assert check_id("gazetteer", "kwalliso-15").vocabulary == "gazetteer"


# ------------------------------------------------------------------------------------------------ find


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yodeok", "kwalliso-15"),
        ("Yodok", "kwalliso-15"),
        ("Yodŏk", "kwalliso-15"),
        ("요덕", "kwalliso-15"),
        ("요덕 제15호 관리소", "kwalliso-15"),
        ("Kwan-li-so No. 15", "kwalliso-15"),
        ("Camp 15", "kwalliso-15"),
        ("No. 15", "kwalliso-15"),
        ("camp no 15", "kwalliso-15"),
        ("Camp 14", "kwalliso-14"),
        ("bowibu", "mss"),
        ("보위부", "mss"),
        ("anjeonbu", "mps"),
        ("보안서", "mps"),
        ("Hyesan", "hyesan"),
        ("혜산", "hyesan"),
        ("Ryanggang", "KP-10"),
        ("Yanggang", "KP-10"),
        ("량강도", "KP-10"),
        ("양강도", "KP-10"),
        ("Phyongyang", "KP-01"),
        ("P'yŏngyang", "KP-01"),
        ("Chongori", "kyohwaso-12"),
        ("Jongo-ri", "kyohwaso-12"),
        ("Pyongannam-do", "KP-02"),
        ("Phyongan-namdo", "KP-02"),
        ("Saebyol", "kyongwon"),
        ("Huchang", "kimhyongjik"),
        ("Tuman-gang", "tumen-river"),
        ("압록강", "yalu-river"),
        ("정치범수용소", "kwalliso"),
        ("노동단련대", "rodong-danryondae"),
        ("공개처형", "execution"),
        ("torture", "torture"),
        ("KP-09", "KP-09"),
        ("Rhee", "surname-i"),
    ],
)
def test_find_across_scripts_and_romanizations(vocabs: Vocabularies, text: str, expected: str) -> None:
    assert _first(vocabs, text) == expected


def test_find_numbers_matter(vocabs: Vocabularies) -> None:
    ids = [m.entry.id for m in vocabs.find("Camp 15")]
    assert ids[0] == "kwalliso-15"
    assert not {"kwalliso-14", "kwalliso-16", "kwalliso-18"} & set(ids)
    assert [m.entry.id for m in vocabs.find("No. 12")][:2] == ["kwalliso-12", "kyohwaso-12"]
    assert {m.entry.id for m in vocabs.find("No. 22")[:2]} == {"kwalliso-22", "kyohwaso-22"}


def test_find_hyesan_gives_the_city_and_its_province(vocabs: Vocabularies) -> None:
    for text in ("Hyesan", "혜산"):
        match = vocabs.find(text)[0]
        assert match.entry.data["kind"] == "city"
        assert check_id("gazetteer", str(match.entry.data["province"])).label["en"] == "Ryanggang"


def test_find_match_fields_and_ranking(vocabs: Vocabularies) -> None:
    matches = vocabs.find("Yodeok")
    top = matches[0]
    assert (top.entry.id, top.vocabulary, top.alias) == ("kwalliso-15", "gazetteer", "Yodeok")
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert "yodok" in [m.entry.id for m in matches]  # the county is found too, after the camp
    assert vocabs.find("KP-10")[0].score > vocabs.find("Ryanggang")[0].score  # exact id above exact alias
    assert vocabs.find("Yoduk")[0].entry.id == "kwalliso-15"


def test_find_limit_scope_and_empty_queries(vocabs: Vocabularies) -> None:
    assert len(vocabs.find("camp", limit=3)) == 3
    assert vocabs.find("") == [] and vocabs.find("  ") == [] and vocabs.find("—") == []
    assert vocabs.find("SGBV") == []  # crosswalks are not searched by default
    assert vocabs.find("SGBV", vocabularies=["crosswalks"])[0].entry.id == "nkpd-sgbv"
    assert {m.vocabulary for m in vocabs.find("Kaechon", vocabularies=["gazetteer"])} == {"gazetteer"}
    assert vocabs.find("none") == [] or all(m.vocabulary != "protection_levels" for m in vocabs.find("none"))


def test_label_of_reads_any_vocabulary_or_enum_in_a_language() -> None:
    assert label_of("kwalliso-15", "en") == "Yodok Political Prison Camp No. 15"
    assert label_of("accepted", "ko", "suggestion_decisions") == "채택"
    assert label_of("no-such-id", "en") == "no-such-id"
    assert label_of(None, "en") == "" and label_of(3, "en") == "3"
