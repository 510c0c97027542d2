"""Tabular sources: a victims list (CSV or XLSX) becomes Persons, Violations and Places, each citing its row.

The mapping (YAML) says which column feeds which field::

    sheet: Victims            # XLSX only: a sheet name or its 1-based number (default: the first)
    header_row: 1             # the row holding the column headers (default 1); data rows follow it
    columns:
      이름: person.name         # person.name may come from several columns (Hangul, romanized...)
      Name: person.name
      Sex: person.sex
      Born: person.birth_year
      Hometown: person.origin
      Camp: violation.facility
      Detained: violation.date
      Notes: notes
    defaults:                 # used where a row leaves the column empty (or no column is mapped)
      violation.type: political-imprisonment
      person.protection: protected

Each row gives one Person and, when any violation.* column of the row has a value (or, if the mapping maps
no violation.* column at all, when the defaults name violation fields), one Violation whose victim is that
Person. Names, places, facilities, institutions and violation types are resolved through the vocabularies
(any spelling: "Yodok", "요덕", "Camp 15" all give kwalliso-15); a place that is not a facility becomes a
Place record, one per gazetteer id (an existing Place with that id is reused). The file itself becomes a
Source (kind "dataset") and every record cites its row: page = row number, quote = the row's cells.

Every row is validated (through the schema, as a write would) before anything is written. Invalid rows are
reported by number and reason; by default nothing is written if any row is invalid (not even the Source);
with ``skip_invalid`` the valid rows are imported in one transaction and the rest are returned in the report.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from girok.domain import KoreanName
from girok.errors import GirokError, ImportFileError, ValidationError
from girok.ingest.filestore import FileStore, sha256_of
from girok.ingest.language import detect_language
from girok.ingest.readers.base import DEFAULT_LIMITS, Limits
from girok.ingest.tables import Row, Table, read_table
from girok.schema.enums import enum_values
from girok.schema.model import load_schema
from girok.schema.validate import validate_fields
from girok.schema.vocabulary import SCORE_KEY, SCORE_WORDS, Entry, load_vocabularies
from girok.services.actor import Actor
from girok.services.ids import new_id
from girok.services.ingest import ingest_bytes, source_id_for
from girok.services.records import DEFAULT_PROTECTION, Collection
from girok.store.store import Store

PERSON_TARGETS = (
    "person.name",
    "person.name_hangul",
    "person.name_romanized",
    "person.sex",
    "person.birth_year",
    "person.birth_date",
    "person.death_date",
    "person.origin",
    "person.occupation",
)
VIOLATION_TARGETS = (
    "violation.type",
    "violation.date",
    "violation.place",
    "violation.facility",
    "violation.institution",
    "violation.description",
)
TARGETS = (*PERSON_TARGETS, *VIOLATION_TARGETS, "notes")
#: Targets several columns may feed (names are collected, notes joined line by line).
REPEATABLE = frozenset({"person.name", "person.name_hangul", "person.name_romanized", "notes"})
#: Targets a default may fill; person.protection is only a default (it is a record level, not a cell).
DEFAULTABLE = frozenset(TARGETS) - REPEATABLE - {"person.birth_year"} | {"person.protection"}
_MAPPING_KEYS = ("sheet", "header_row", "columns", "defaults")
_NAME_TARGETS = ("person.name", "person.name_hangul", "person.name_romanized")
_BIRTH_TARGETS = ("person.birth_year", "person.birth_date")

_SEX = {
    "female": "female", "f": "female", "woman": "female", "여": "female", "여자": "female", "여성": "female",
    "male": "male", "m": "male", "man": "male", "남": "male", "남자": "male", "남성": "male",
    "unknown": "unknown", "u": "unknown", "?": "unknown", "미상": "unknown", "모름": "unknown",
}  # fmt: skip

QUOTE_MAX = 2_000


class RowsInvalidError(ImportFileError):
    """Rows of the table are invalid and were not skipped; nothing was written. ``lines`` lists them all."""

    def __init__(self, message: str, lines: list[str]) -> None:
        super().__init__(message)
        self.lines = lines


# ---------------------------------------------------------------------------------------------- mapping


@dataclass(frozen=True)
class Mapping:
    """A validated mapping: (column header, target) pairs in file order, defaults, header row, sheet."""

    columns: tuple[tuple[str, str], ...]
    defaults: dict[str, str] = field(default_factory=dict)
    header_row: int = 1
    sheet: str | int | None = None

    def targets(self) -> set[str]:
        return {target for _, target in self.columns}


def _mapping_error(message: str) -> ValidationError:
    return ValidationError(f"mapping: {message}")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _header(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


class _MappingLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: a date in a mapping (``violation.date: 1997-03-04``) stays text."""


_MappingLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_mapping(text: str) -> Mapping:
    """Parse and fully check a mapping; ValidationError("mapping: <key>: <reason>") on the first fault."""
    try:
        doc = yaml.load(text, Loader=_MappingLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise _mapping_error(f"not valid YAML{where}") from None
    except ValueError:
        raise _mapping_error("not valid YAML (a value cannot be read)") from None
    if not isinstance(doc, dict):
        raise _mapping_error("expected a YAML mapping with a 'columns' key")
    unknown = [str(key) for key in doc if key not in _MAPPING_KEYS]
    if unknown:
        raise _mapping_error(f"unknown key {unknown[0]!r} (keys: {', '.join(_MAPPING_KEYS)})")
    header_row = doc.get("header_row", 1)
    if not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1:
        raise _mapping_error(f"header_row: expected a whole number of at least 1, got {_show(header_row)}")
    sheet = doc.get("sheet")
    if sheet is not None and (isinstance(sheet, bool) or not isinstance(sheet, str | int) or sheet == ""):
        raise _mapping_error(f"sheet: expected a sheet name or number, got {_show(sheet)}")
    if isinstance(sheet, int) and sheet < 1:
        raise _mapping_error(f"sheet: sheet numbers start at 1, got {sheet}")
    columns = _load_columns(doc.get("columns"))
    defaults = _load_defaults(doc.get("defaults"))
    mapping = Mapping(columns=columns, defaults=defaults, header_row=header_row, sheet=sheet)
    if not mapping.targets() & set(_NAME_TARGETS):
        raise _mapping_error("columns: no column maps to person.name (every row is a person and needs a name)")
    births = [target for target in _BIRTH_TARGETS if target in mapping.targets()]
    if len(births) > 1:
        raise _mapping_error("columns: map person.birth_year or person.birth_date, not both")
    return mapping


def _load_columns(raw: object) -> tuple[tuple[str, str], ...]:
    if raw is None:
        raise _mapping_error("columns: required (column header -> target, e.g. 'Name: person.name')")
    if not isinstance(raw, dict) or not raw:
        raise _mapping_error("columns: expected a mapping of column headers to targets")
    columns: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for header, target in raw.items():
        name = _header(header)
        if not name:
            raise _mapping_error("columns: a column header is empty")
        if not isinstance(target, str) or target.strip() not in TARGETS:
            raise _mapping_error(f"columns.{name}: unknown target {_show(target)} (targets: {', '.join(TARGETS)})")
        target = target.strip()
        if target in seen and target not in REPEATABLE:
            raise _mapping_error(f"columns.{name}: {target} is already mapped from column {seen[target]!r}")
        seen.setdefault(target, name)
        columns.append((name, target))
    return tuple(columns)


def _load_defaults(raw: object) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _mapping_error("defaults: expected a mapping of targets to values")
    defaults: dict[str, str] = {}
    for key, value in raw.items():
        target = str(key).strip()
        if target not in DEFAULTABLE:
            raise _mapping_error(
                f"defaults.{target}: not a target that takes a default ({', '.join(sorted(DEFAULTABLE))})"
            )
        if isinstance(value, bool) or not isinstance(value, str | int | float) or not str(value).strip():
            raise _mapping_error(f"defaults.{target}: expected a value, got {_show(value)}")
        text = str(value).strip()
        try:
            _check_default(target, text)
        except ValidationError as error:
            raise _mapping_error(f"defaults.{target}: {error}") from None
        defaults[target] = text
    return defaults


def _check_default(target: str, value: str) -> None:
    """Resolve a default as a cell of that target would be, so a bad default fails at load, not per row."""
    if target == "person.protection":
        if value not in enum_values("protection_levels"):
            raise ValidationError(f"expected one of {', '.join(enum_values('protection_levels'))}, got {value!r}")
    elif target in ("person.birth_date", "person.death_date", "violation.date"):
        validate_fields(load_schema().get("Person"), {"names": ["x"], "birth_date": value})
    else:
        _Resolver().cell(target, value)


# ---------------------------------------------------------------------------------------------- resolution


class _Resolver:
    """Turns cell text into vocabulary ids (cached: a list repeats the same camp thousands of times)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], object] = {}
        self.vocabularies = load_vocabularies()

    def _best(self, text: str, vocabulary: str, minimum: int, facility: bool | None) -> Entry | None:
        vocab = self.vocabularies.get(vocabulary)
        if text in vocab:
            entry = vocab.get(text)
            if facility is None or (entry.data.get("kind") == "facility") == facility:
                return entry
        matches = [
            m
            for m in self.vocabularies.find(text, limit=20, vocabularies=[vocabulary])
            if m.score >= minimum and (facility is None or (m.entry.data.get("kind") == "facility") == facility)
        ]
        if not matches:
            return None
        top = [m for m in matches if m.score == matches[0].score]
        priorities = {_priority(m.entry) for m in top}
        if len(top) > 1 and len({m.entry.id for m in top if _priority(m.entry) == max(priorities)}) > 1:
            names = " or ".join(m.entry.id for m in top[:3])
            raise ValidationError(f"ambiguous {_KIND_WORD.get(vocabulary, vocabulary)} {text!r} ({names})")
        return matches[0].entry

    def resolve(self, text: str, vocabulary: str, minimum: int, facility: bool | None = None) -> Entry | None:
        key = (f"{vocabulary}:{minimum}:{facility}", text)
        if key not in self._cache:
            try:
                self._cache[key] = self._best(text, vocabulary, minimum, facility)
            except ValidationError as error:
                self._cache[key] = error
        found = self._cache[key]
        if isinstance(found, ValidationError):
            raise ValidationError(str(found))
        return found if isinstance(found, Entry) else None

    def violation_type(self, text: str) -> str:
        entry = self.resolve(text, "violation_types", SCORE_WORDS)
        if entry is None:
            raise ValidationError(f"unknown violation type {text!r}")
        return entry.id

    def facility(self, text: str) -> str:
        entry = self.resolve(text, "gazetteer", SCORE_KEY, facility=True)
        if entry is None:
            raise ValidationError(f"unknown facility {text!r}")
        return entry.id

    def place(self, text: str) -> Entry | None:
        """A gazetteer entry (facility or place) for ``text``, or None if the gazetteer does not know it."""
        return self.resolve(text, "gazetteer", SCORE_KEY)

    def origin(self, text: str) -> str | None:
        try:
            entry = self.resolve(text, "gazetteer", SCORE_KEY, facility=False)
        except ValidationError:
            return None  # ambiguous: keep the words in origin_detail
        return entry.id if entry is not None else None

    def institution(self, text: str) -> str:
        entry = self.resolve(text, "institutions", SCORE_KEY)
        if entry is None:
            raise ValidationError(f"unknown institution {text!r}")
        return entry.id

    def sex(self, text: str) -> str:
        found = _SEX.get(text.strip().casefold())
        if found is None:
            raise ValidationError(f"Person.sex: expected female, male or unknown (or 여/남), got {text!r}")
        return found

    def cell(self, target: str, value: str) -> object:
        """Check a value for ``target`` the way a row's cell is checked (used for defaults)."""
        if target == "violation.type":
            return self.violation_type(value)
        if target == "violation.facility":
            return self.facility(value)
        if target == "violation.institution":
            return self.institution(value)
        if target == "person.sex":
            return self.sex(value)
        if target == "violation.place":
            return self.place(value)
        return value


_KIND_WORD = {"gazetteer": "place", "violation_types": "violation type", "institutions": "institution"}


def _priority(entry: Entry) -> int:
    value = entry.data.get("search_priority", 0)
    return value if isinstance(value, int) else 0


# ---------------------------------------------------------------------------------------------- planning


@dataclass
class _PlannedRow:
    number: int
    quote: str
    person_id: str
    person: dict[str, Any]
    protection: str
    violation_id: str | None = None
    violation: dict[str, Any] | None = None


@dataclass
class _PlannedPlace:
    id: str
    data: dict[str, Any]
    first_row: int
    quote: str
    new: bool


@dataclass(frozen=True)
class TableImportReport:
    source_id: str
    persons: int
    violations: int
    rows_ok: int
    errors: list[tuple[int, str]]
    places: int = 0

    def error_lines(self) -> list[str]:
        return [f"row {number}: {message}" for number, message in self.errors]


def _quote(cells: tuple[str, ...]) -> str:
    text = " | ".join(cells)
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def _locate_columns(table: Table, mapping: Mapping) -> tuple[list[tuple[int, str]], list[Row]]:
    header = next((row for row in table.rows if row.number == mapping.header_row), None)
    if header is None:
        raise ImportFileError(f"the table has no header row {mapping.header_row} (or it is empty)")
    positions: dict[str, int] = {}
    folded: dict[str, int] = {}
    for index, cell in enumerate(header.cells):
        name = _header(cell)
        if name:
            positions.setdefault(name, index)
            folded.setdefault(name.casefold(), index)
    located: list[tuple[int, str]] = []
    for name, target in mapping.columns:
        found = positions.get(name, folded.get(name.casefold()))
        if found is None:
            shown = ", ".join(repr(_header(c)) for c in header.cells if c.strip())[:300]
            raise ImportFileError(
                f"mapping: columns.{name}: no column {name!r} in header row {mapping.header_row} (found: {shown})"
            )
        located.append((found, target))
    data_rows = [row for row in table.rows if row.number > mapping.header_row]
    if not data_rows:
        raise ImportFileError(f"the table has no data rows below header row {mapping.header_row}")
    return located, data_rows


class _Planner:
    def __init__(self, collection: Collection, mapping: Mapping, source_id: str) -> None:
        self.collection = collection
        self.mapping = mapping
        self.source_id = source_id
        self.resolve = _Resolver()
        self.person_type = collection.schema.get("Person")
        self.violation_type = collection.schema.get("Violation")
        self.place_type = collection.schema.get("Place")
        self.places: dict[str, _PlannedPlace] = {}  # gazetteer id (or "text:<words>") -> place
        self.has_violation_columns = any(t.startswith("violation.") for t in mapping.targets())
        self.default_violation = any(t.startswith("violation.") for t in mapping.defaults)
        self._existing_places: dict[str, str] | None = None

    def existing_places(self) -> dict[str, str]:
        if self._existing_places is None:
            found: dict[str, str] = {}
            with self.collection.store.read() as conn:
                for row in Store.list_records(conn, "Place"):
                    gazetteer = row["data"].get("gazetteer")
                    if isinstance(gazetteer, str):
                        found.setdefault(gazetteer, row["id"])
            self._existing_places = found
        return self._existing_places

    def plan(self, row: Row, located: list[tuple[int, str]]) -> _PlannedRow:
        values: dict[str, list[str]] = {}
        for index, target in located:
            value = row.cells[index].strip() if index < len(row.cells) else ""
            if value:
                values.setdefault(target, []).append(value)

        def one(target: str) -> str | None:
            found = values.get(target)
            if found:
                return found[0]
            return self.mapping.defaults.get(target)

        person_id = new_id(self.person_type.prefix)
        person = self._person(values, one)
        protection = self.mapping.defaults.get("person.protection", DEFAULT_PROTECTION)
        planned = _PlannedRow(row.number, _quote(row.cells), person_id, person, protection)
        wants_violation = (
            any(t.startswith("violation.") for t in values) if self.has_violation_columns else self.default_violation
        )
        if wants_violation:
            planned.violation_id = new_id(self.violation_type.prefix)
            planned.violation = self._violation(one, person_id, row.number, planned.quote)
        return planned

    def _person(self, values: dict[str, list[str]], one: Callable[[str], str | None]) -> dict[str, Any]:
        names: list[dict[str, str]] = []
        for target in _NAME_TARGETS:
            for text in values.get(target, []):
                try:
                    script = KoreanName.parse(text).script
                except ValidationError as error:
                    raise ValidationError(f"Person.names: {error}") from None
                if target == "person.name_hangul" and script != "hangul":
                    raise ValidationError(f"Person.names: {text!r} is not written in Hangul")
                kind = {"person.name_hangul": "hangul", "person.name_romanized": "romanized"}.get(target)
                kind = kind or {"hangul": "hangul", "hanja": "hanja", "latin": "romanized"}.get(script)
                name = {"text": text, "source": self.source_id}
                if kind:
                    name["kind"] = kind
                names.append(name)
        if not names:
            columns = [repr(c) for c, t in self.mapping.columns if t in _NAME_TARGETS]
            raise ValidationError(f"Person.names: required (no name in column {' or '.join(columns)})")
        data: dict[str, Any] = {"names": names}
        sex = one("person.sex")
        if sex:
            data["sex"] = self.resolve.sex(sex)
        birth = one("person.birth_date") or one("person.birth_year")
        if birth:
            data["birth_date"] = birth
        data["death_date"] = one("person.death_date")
        data["occupation"] = one("person.occupation")
        origin = one("person.origin")
        if origin:
            origin_id = self.resolve.origin(origin)
            data["origin" if origin_id else "origin_detail"] = origin_id or origin
        notes = values.get("notes")
        if notes:
            data["notes"] = "\n".join(notes)
        return validate_fields(self.person_type, data)

    def _violation(self, one: Any, person_id: str, number: int, quote: str) -> dict[str, Any]:
        data: dict[str, Any] = {"victim": person_id}
        kind = one("violation.type")
        if kind:
            data["type"] = self.resolve.violation_type(kind)
        facility = one("violation.facility")
        if facility:
            data["facility"] = self.resolve.facility(facility)
        place = one("violation.place")
        if place:
            entry = self.resolve.place(place)
            if entry is not None and entry.data.get("kind") == "facility":
                if data.get("facility", entry.id) != entry.id:
                    raise ValidationError(
                        f"place {place!r} is facility {entry.id} but the facility column says {data['facility']}"
                    )
                data["facility"] = entry.id
            else:
                data["place"] = self._place(place, entry, number, quote)
        institution = one("violation.institution")
        if institution:
            data["institution"] = self.resolve.institution(institution)
        data["date"] = one("violation.date")
        data["description"] = one("violation.description")
        return validate_fields(self.violation_type, data)

    def _place(self, text: str, entry: Entry | None, number: int, quote: str) -> str:
        key = entry.id if entry is not None else "text:" + " ".join(text.casefold().split())
        planned = self.places.get(key)
        if planned is not None:
            return planned.id
        if entry is not None and entry.id in self.existing_places():
            place = _PlannedPlace(self.existing_places()[entry.id], {}, number, quote, new=False)
        else:
            if entry is not None:
                data: dict[str, Any] = {"names": [entry.text("en"), entry.text("ko")], "gazetteer": entry.id}
                province = entry.data.get("province")
                if isinstance(province, str):
                    data["province"] = province
            else:
                data = {"names": [text], "notes": "not in the gazetteer (from a table import)"}
            clean = validate_fields(self.place_type, data)
            place = _PlannedPlace(new_id(self.place_type.prefix), clean, number, quote, new=True)
        self.places[key] = place
        return place.id


# ---------------------------------------------------------------------------------------------- import


def import_table(
    collection: Collection,
    files: FileStore,
    actor: Actor,
    data: bytes,
    filename: str,
    mapping: Mapping,
    *,
    skip_invalid: bool = False,
    received_from: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> TableImportReport:
    """Import a table (see the module docstring); ImportFileError if rows are invalid and not skipped."""
    actor.require_writer()
    table = read_table(data, mapping.sheet, limits)
    located, data_rows = _locate_columns(table, mapping)
    sha256 = sha256_of(data)
    source_id = source_id_for(sha256)
    planner = _Planner(collection, mapping, source_id)
    planned: list[_PlannedRow] = []
    errors: list[tuple[int, str]] = []
    for row in data_rows:
        try:
            planned.append(planner.plan(row, located))
        except GirokError as error:
            errors.append((row.number, str(error)))
    total = len(data_rows)
    if errors and (not skip_invalid or not planned):
        number, message = errors[0]
        how_many = f"all {total} rows are" if not planned else f"{len(errors)} of {total} rows are"
        lines = [f"row {n}: {m}" for n, m in errors]
        raise RowsInvalidError(f"{how_many} invalid; nothing was imported. First: row {number}: {message}", lines)
    _refuse_reimport(collection, actor, source_id)
    places = [place for place in planner.places.values() if place.new]
    with collection.batch():
        _store_source(collection, files, actor, data, filename, table, received_from, limits)
        for place in places:
            collection.create(actor, "Place", place.data, record_id=place.id)
            collection.cite(actor, place.id, source_id, page=place.first_row, quote=place.quote)
        violations = 0
        for item in planned:
            collection.create(actor, "Person", item.person, protection=item.protection, record_id=item.person_id)
            collection.cite(actor, item.person_id, source_id, page=item.number, quote=item.quote)
            if item.violation is not None and item.violation_id is not None:
                collection.create(actor, "Violation", item.violation, record_id=item.violation_id)
                collection.cite(actor, item.violation_id, source_id, page=item.number, quote=item.quote)
                violations += 1
    return TableImportReport(
        source_id=source_id,
        persons=len(planned),
        violations=violations,
        rows_ok=len(planned),
        errors=errors,
        places=len(places),
    )


def _refuse_reimport(collection: Collection, actor: Actor, source_id: str) -> None:
    with collection.store.read() as conn:
        if not Store.existing_types(conn, [source_id], include_deleted=True):
            return
        cited = Store.referrers(conn, source_id, "Citation")
    if cited:
        raise ImportFileError(f"this file was already imported (Source {source_id}); nothing was imported again")


def _store_source(
    collection: Collection,
    files: FileStore,
    actor: Actor,
    data: bytes,
    filename: str,
    table: Table,
    received_from: str | None,
    limits: Limits,
) -> str:
    """The file as a Source of kind dataset, through ingest for CSV; XLSX (which the text readers refuse)
    is stored here the same way: original in the file store, Source with the table as CSV text, custody."""
    if table.format == "csv":
        result = ingest_bytes(
            collection,
            files,
            actor,
            data,
            filename=filename,
            received_from=received_from,
            kind="dataset",
            limits=limits,
        )
        return result.source.id
    sha256 = sha256_of(data)
    source_id = source_id_for(sha256)
    custody = {
        "source": source_id,
        "sha256": sha256,
        "received_from": received_from,
        "received_by": actor.name,
        "filename": filename,
    }
    with collection.store.read() as conn:
        exists = bool(Store.existing_types(conn, [source_id], include_deleted=True))
    if not exists:
        text = table.as_csv()
        files.put(data)
        source = {
            "title": Path(filename).name or sha256[:12],
            "kind": "dataset",
            "sha256": sha256,
            "format": table.format,
            "filename": filename,
            "language": detect_language(text) if text.strip() else None,
            "metadata": {**table.metadata, "size": len(data), "rows": len(table.rows)},
            "text": text if text.strip() else None,
            "acquired_by": actor.name,
            "provider": received_from,
        }
        created = collection.create(actor, "Source", source, record_id=source_id)
        collection.create(actor, "Custody", custody, protection=created.protection)
    else:
        existing = collection.get(actor, source_id, include_deleted=True)
        if existing.deleted_at is not None:
            raise ImportFileError(f"this file is Source {source_id}, which was deleted; restore it first")
        collection.create(actor, "Custody", custody, protection=existing.protection)
    return source_id
