"""The record types declared as data, and validation of records against them."""

from __future__ import annotations

from typing import Any

import pytest

from girok.errors import NotFoundError, ValidationError
from girok.schema.enums import enum_values
from girok.schema.model import load_schema, parse_schema
from girok.schema.validate import references, validate_fields
from girok.schema.vocabulary import load_vocabularies

EXPECTED_TYPES = [
    "Source",
    "Custody",
    "Person",
    "Organisation",
    "Place",
    "Event",
    "Violation",
    "Relation",
    "Citation",
    "Figure",
    "Suggestion",
]


def test_all_record_types_are_declared() -> None:
    assert list(load_schema().types) == EXPECTED_TYPES


def test_every_vocabulary_and_enum_named_by_a_field_exists() -> None:
    vocabularies = set(load_vocabularies().names())
    for record_type in load_schema().types.values():
        for spec in record_type.fields.values():
            if spec.vocab:
                assert spec.vocab in vocabularies, f"{record_type.name}.{spec.name}"
            if spec.enum:
                assert enum_values(spec.enum), f"{record_type.name}.{spec.name}"
        if record_type.statuses:
            assert enum_values(record_type.statuses)[0] == "alleged"


def test_identifying_fields_are_marked_on_protectable_types() -> None:
    schema = load_schema()
    assert set(schema.get("Person").identifying_fields) == {"names", "birth_date", "origin_detail", "notes"}
    assert "quote" in schema.get("Citation").identifying_fields
    assert schema.get("Person").protectable and not schema.get("Violation").protectable


def test_type_lookup_by_name_and_id() -> None:
    schema = load_schema()
    assert schema.get("person").name == "Person"
    assert schema.for_id("vio_01J0000000000000000000000").name == "Violation"
    with pytest.raises(NotFoundError, match="unknown record type 'Camp'"):
        schema.get("Camp")


def test_schema_errors_in_the_yaml_are_caught() -> None:
    with pytest.raises(ValueError, match="unknown value type"):
        parse_schema({"T": {"prefix": "ttt", "fields": {"f": {"type": "blob"}}}})
    with pytest.raises(ValueError, match="unknown target type"):
        parse_schema({"T": {"prefix": "ttt", "fields": {"f": {"type": "ref", "to": ["Nope"]}}}})
    with pytest.raises(ValueError, match="prefix 'ttt' used twice"):
        parse_schema({"A": {"prefix": "ttt", "fields": {}}, "B": {"prefix": "ttt", "fields": {}}})


def _person(**data: Any) -> dict[str, Any]:
    return validate_fields(load_schema().get("Person"), {"names": ["Kim"], **data})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"birth_date": "1997-02-30"}, r"^Person\.birth_date: "),
        ({"birth_date": "주체0년"}, r"^Person\.birth_date: "),
        ({"sex": "other-value"}, r"^Person\.sex: expected one of female, male"),
        ({"origin": "atlantis"}, r"^Person\.origin: unknown vocabulary id 'atlantis' in gazetteer"),
        ({"names": ["Kim", 7]}, r"^Person\.names\[1\]: expected a name, got 7"),
        ({"names": [{"text": "Kim", "kind": "nickname-ish"}]}, r"^Person\.names\[0\]: unknown name kind"),
        ({"occupation": "farmer\x00"}, r"^Person\.occupation: contains control characters"),
        ({"occupation": "x" * 2001}, r"^Person\.occupation: is 2001 characters long"),
        ({"death_date": ["1990", "1991"]}, r"^Person\.death_date: takes one value, got 2"),
    ],
)
def test_bad_values_name_their_field(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _person(**data)


def test_values_are_cleaned_to_canonical_form() -> None:
    person = _person(
        names=["  김영호 ", {"text": "Kim Yong-ho", "kind": "romanized"}, "김영호"],
        birth_date="1997년 3월",
        sex="male",
        notes="line one\nline two",
        occupation="",
    )
    assert person == {
        "names": [{"text": "김영호"}, {"text": "Kim Yong-ho", "kind": "romanized"}],
        "sex": "male",
        "birth_date": "1997-03",
        "notes": "line one\nline two",
    }
    place = validate_fields(load_schema().get("Place"), {"names": ["Yodok"], "coordinates": "39.6743, 126.8510"})
    assert place["coordinates"] == {"lat": 39.6743, "lon": 126.851}
    figure = validate_fields(
        load_schema().get("Figure"),
        {"subject": "political prisoners", "unit": "persons", "low": "80,000", "high": 120000.0},
    )
    assert (figure["low"], figure["high"]) == (80000, 120000)


def test_unknown_vocabulary_id_suggests_the_entry_meant() -> None:
    with pytest.raises(
        ValidationError,
        match=r"^Violation\.facility: unknown vocabulary id 'Yodok' in gazetteer \(did you mean kwalliso-15",
    ):
        validate_fields(load_schema().get("Violation"), {"type": "torture", "facility": "Yodok"})


def test_json_metadata_is_an_object_of_bounded_size() -> None:
    source = load_schema().get("Source")
    base = {"title": "t", "kind": "document"}
    assert validate_fields(source, {**base, "metadata": {"pages": [[0, 5]], "author": "x"}})["metadata"] == {
        "author": "x",
        "pages": [[0, 5]],
    }
    with pytest.raises(ValidationError, match=r"^Source\.metadata: expected a JSON object"):
        validate_fields(source, {**base, "metadata": "not an object"})
    with pytest.raises(ValidationError, match=r"^Source\.metadata: is \d+ characters of JSON"):
        validate_fields(source, {**base, "metadata": {"x": "y" * 70_000}})


def test_confidence_and_offsets() -> None:
    violation = load_schema().get("Violation")
    with pytest.raises(ValidationError, match=r"Violation\.confidence: must be between 0 and 1"):
        validate_fields(violation, {"type": "torture", "confidence": 1.5})
    citation = load_schema().get("Citation")
    with pytest.raises(ValidationError, match=r"Citation\.start: expected a whole number of at least 0"):
        validate_fields(citation, {"record": "vio_01J000000", "source": "src_01J000000", "start": -1})


def test_references_lists_refs_and_name_sources() -> None:
    person = _person(names=[{"text": "Kim", "source": "src_01JABCDEFGH"}])
    assert references(load_schema().get("Person"), person) == [("names", "src_01JABCDEFGH")]
