"""The fictional demo collection: deterministic, covering the taxonomy, cited exactly, clearly fictional."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from girok.demo import names as nm
from girok.demo.generator import generate
from girok.demo.places import FACILITIES, INSTITUTIONS
from girok.schema.vocabulary import load_vocabularies
from girok.security.keyring import Keyring, is_envelope
from girok.services.actor import Actor
from girok.services.exchange import export_lines
from girok.services.records import Collection, Record
from girok.store.store import Store

FAMILY = {"parent-of", "spouse-of", "sibling-of"}


def _plain(value: Any, keyring: Keyring, record_id: str, field: str) -> Any:
    return keyring.decrypt(value, f"{record_id}/{field}") if is_envelope(value) else value


def _normalised(store: Store, admin: Actor, keyring: Keyring) -> list[str]:
    """Export lines with the clock and the ciphertext nonces taken out (decrypted; times blanked)."""
    lines = []
    for line in export_lines(store, admin):
        item = json.loads(line)
        if item["kind"] == "record":
            record = item["record"]
            record["data"] = {k: _plain(v, keyring, record["id"], k) for k, v in record["data"].items()}
            record["created_at"] = record["updated_at"] = "T"
        elif item["kind"] == "revision":
            revision = item["revision"]
            revision["at"] = "T"
            for side in ("before", "after"):
                state = revision[side]
                if state is not None:
                    state["data"] = {k: _plain(v, keyring, revision["record_id"], k) for k, v in state["data"].items()}
        lines.append(json.dumps(item, sort_keys=True, ensure_ascii=False))
    return lines


def _all(collection: Collection, actor: Actor, record_type: str) -> list[Record]:
    return collection.list_records(actor, record_type, limit=100_000)


def test_same_seed_gives_the_same_collection(
    collection: Collection, admin: Actor, keyring: Keyring, db_urls: Callable[[], str]
) -> None:
    first_counts = generate(collection, admin, size=12, seed=7)
    first = _normalised(collection.store, admin, keyring)
    others = []
    for seed in (7, 8):
        store = Store(db_urls())
        store.migrate()
        try:
            counts = generate(Collection(store, keyring), admin, size=12, seed=seed)
            others.append((counts, _normalised(store, admin, keyring)))
        finally:
            store.close()
    assert others[0] == (first_counts, first)
    assert others[1][1] != first
    ids_first = {json.loads(line)["record"]["id"] for line in first if '"kind": "record"' in line}
    ids_other = {json.loads(line)["record"]["id"] for line in others[1][1] if '"kind": "record"' in line}
    assert not ids_first & ids_other  # another seed, other ids


def test_demo_collection_of_forty(collection: Collection, admin: Actor) -> None:
    counts = generate(collection, admin, size=40, seed=3)
    with collection.store.read() as conn:
        assert Store.count_records(conn) == counts
    shared = counts["Place"] + counts["Organisation"] + 2 * counts["Figure"]  # figures are cited
    shared += sum(1 for s in _all(collection, admin, "Source") if s.data["kind"] != "testimony")
    assert 10 <= (sum(counts.values()) - shared) / 40 <= 20

    # Every violation type of the taxonomy appears, at facilities, over 1990-2023.
    violations = _all(collection, admin, "Violation")
    assert {v.data["type"] for v in violations} == set(load_vocabularies().get("violation_types").ids())
    assert len({v.data["facility"] for v in violations if "facility" in v.data}) >= 8
    years = [int(v.data["date"][:4]) for v in violations]
    assert min(years) >= 1990 and max(years) <= 2023
    assert all(v.data.get("victim") for v in violations)

    # Every citation quotes exactly the span it points at.
    sources = {s.id: s for s in _all(collection, admin, "Source")}
    citations = _all(collection, admin, "Citation")
    cited = Counter(c.data["record"] for c in citations)
    assert all(cited[v.id] >= 1 for v in violations)
    for citation in citations:
        data = citation.data
        assert sources[data["source"]].data["text"][data["start"] : data["end"]] == data["quote"]

    # Some violations are corroborated by a second, independent testimony.
    corroborated = [v for v in violations if v.status == "corroborated"]
    assert corroborated and all(cited[v.id] >= 2 for v in corroborated)

    # Clearly fictional: every source and every person says so.
    assert all("FICTIONAL DEMO" in s.data["title"] and "FICTIONAL DEMO" in s.data["notes"] for s in sources.values())
    testimonies = [s for s in sources.values() if s.data["kind"] == "testimony"]
    assert len(testimonies) == 40
    assert Counter(s.data["language"] for s in testimonies) == {"en": 20, "ko": 20}
    assert all(s.data["text"].startswith(("FICTIONAL DEMO", "가상 데모 증언 (FICTIONAL DEMO)")) for s in testimonies)
    persons = {p.id: p for p in _all(collection, admin, "Person")}
    assert all("FICTIONAL DEMO" in p.data["notes"] for p in persons.values())

    # Witnesses are protected, some highly; their identifying fields are not readable without clearance.
    witnesses = [persons[s.data["witness"]] for s in testimonies]
    assert {w.protection for w in witnesses} == {"protected", "high"}
    outsider = Actor(name="outsider", role="viewer", clearance="internal")
    assert collection.get(outsider, witnesses[0].id).redacted

    # Family relations tie witnesses to relatives, who are protected too.
    relations = _all(collection, admin, "Relation")
    family = [r for r in relations if r.data["type"] in FAMILY]
    assert {r.data["type"] for r in family} == FAMILY
    assert all(persons[r.data[end]].protection != "none" for r in family for end in ("subject", "object"))

    # The same fictional person recurs under other spellings, so linkage has work to do.
    by_identity: dict[str, set[str]] = {}
    for person in persons.values():
        key = person.data["notes"].rsplit("Demo identity ", 1)[1].rstrip(".")
        by_identity.setdefault(key, set()).update(n["text"] for n in person.data["names"])
    assert sum(1 for names in by_identity.values() if len(names) > 1) >= 5


def test_aliases_come_from_the_vocabularies() -> None:
    vocabularies = load_vocabularies()
    for facility in FACILITIES:
        known = set(vocabularies.get("gazetteer").get(facility.id).names())
        used = {alias.removeprefix("the ") for alias in (*facility.en, *facility.ko)}
        assert used <= known, (facility.id, used - known)
    for institution in INSTITUTIONS:
        known = {name.lower() for name in vocabularies.get("institutions").get(institution.id).names()}
        used = {alias.lower().removeprefix("the ").removeprefix("an ") for alias in (*institution.en, *institution.ko)}
        assert used <= known, (institution.id, used - known)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("hangul-south", "이영호"),
        ("hangul-north", "리영호"),
        ("nk", "Ri Yong Ho"),
        ("mr", "Yi Yŏng-ho"),
    ],
)
def test_name_renderings(style: str, expected: str) -> None:
    identity = nm.Identity("K", 1, ("영", "호"), "male", 1965, "hoeryong")
    assert nm.render(identity, style, random.Random(0)) == expected


def test_common_spellings_vary_but_stay_the_same_name() -> None:
    identity = nm.Identity("K", 1, ("영", "호"), "male", 1965, "hoeryong")
    rng = random.Random(1)
    spellings = {nm.render(identity, style, rng) for style in nm.LATIN_STYLES for _ in range(10)}
    assert {"Lee Young-ho", "Young-ho Lee"} <= spellings
    assert all("young" in s.lower() or "yeong" in s.lower() or "yŏng" in s.lower() or "yong" in s.lower()
               for s in spellings)  # fmt: skip
