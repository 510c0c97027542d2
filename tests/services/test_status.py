"""Violation status rules: corroboration needs two independent sources, verification another reviewer."""

from __future__ import annotations

import pytest

from girok.errors import PermissionDeniedError, StatusRuleError, ValidationError
from girok.services.actor import Actor
from girok.services.records import Collection, Record


def _source(collection: Collection, actor: Actor, title: str, **data: object) -> Record:
    return collection.create(actor, "Source", {"title": title, "kind": "testimony", **data})


@pytest.fixture
def violation(collection: Collection, editor: Actor) -> Record:
    victim = collection.create(editor, "Person", {"names": ["최명희"]})
    return collection.create(editor, "Violation", {"type": "torture", "victim": victim.id, "date": "1998"})


def test_one_source_does_not_corroborate(collection: Collection, editor: Actor, violation: Record) -> None:
    source = _source(collection, editor, "Interview 1")
    collection.cite(editor, violation.id, source.id, start=0, end=10, quote="beaten daily")
    with pytest.raises(StatusRuleError, match="needs citations from two independent sources"):
        collection.change_status(editor, violation.id, "corroborated", expected_version=1)


def test_two_independent_sources_corroborate(collection: Collection, editor: Actor, violation: Record) -> None:
    for title in ("Interview 1", "Interview 2"):
        collection.cite(editor, violation.id, _source(collection, editor, title).id)
    changed = collection.change_status(editor, violation.id, "corroborated", expected_version=1)
    assert changed.status == "corroborated" and changed.version == 2
    history = collection.history(editor, violation.id)
    assert history[-1]["before"]["status"] == "alleged" and history[-1]["after"]["status"] == "corroborated"


def test_derived_source_is_not_independent(collection: Collection, editor: Actor, violation: Record) -> None:
    original = _source(collection, editor, "Interview transcript")
    summary = _source(collection, editor, "NGO report quoting the interview", derived_from=[original.id])
    collection.cite(editor, violation.id, original.id)
    collection.cite(editor, violation.id, summary.id)
    with pytest.raises(StatusRuleError, match="1 independent group"):
        collection.change_status(editor, violation.id, "corroborated", expected_version=1)


def test_same_witness_twice_is_not_independent(collection: Collection, editor: Actor, violation: Record) -> None:
    witness = collection.create(editor, "Person", {"names": ["Witness A"]})
    for title in ("First interview", "Second interview"):
        collection.cite(editor, violation.id, _source(collection, editor, title, witness=witness.id).id)
    with pytest.raises(StatusRuleError):
        collection.change_status(editor, violation.id, "corroborated", expected_version=1)


def test_verification_needs_another_reviewer(
    collection: Collection, editor: Actor, reviewer: Actor, violation: Record
) -> None:
    collection.cite(editor, violation.id, _source(collection, editor, "Interview").id)
    with pytest.raises(PermissionDeniedError, match="may not review"):
        collection.change_status(editor, violation.id, "verified", expected_version=1)
    author_reviewer = Actor(name="alice", role="reviewer", clearance="restricted")
    with pytest.raises(StatusRuleError, match="cannot be verified by its author"):
        collection.change_status(author_reviewer, violation.id, "verified", expected_version=1)
    verified = collection.change_status(reviewer, violation.id, "verified", expected_version=1)
    assert verified.status == "verified" and verified.updated_by == "bob"


def test_unknown_status_and_statusless_types(collection: Collection, editor: Actor, violation: Record) -> None:
    with pytest.raises(ValidationError, match="unknown status 'proven'"):
        collection.change_status(editor, violation.id, "proven", expected_version=1)
    person = collection.create(editor, "Person", {"names": ["Kim"]})
    with pytest.raises(ValidationError, match="Person records have no status"):
        collection.change_status(editor, person.id, "verified", expected_version=1)


def test_citation_inherits_protection_and_checks_span(collection: Collection, editor: Actor, violation: Record) -> None:
    source = _source(collection, editor, "Interview", text="He was beaten at the Onsong bowibu.")
    citation = collection.cite(editor, violation.id, source.id, start=7, end=17, quote="was beaten")
    assert citation.protection == source.protection == "protected"
    assert [c.id for c in collection.citations_of(editor, violation.id)] == [citation.id]
    with pytest.raises(ValidationError, match=r"Citation\.end: comes before start"):
        collection.cite(editor, violation.id, source.id, start=10, end=2)
    with pytest.raises(ValidationError, match=r"Citation\.source: .* is a Person, expected Source"):
        collection.cite(editor, violation.id, violation.data["victim"])
