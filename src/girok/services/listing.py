"""Filtered lists of records with facet counts, computed in the database over what the actor may see.

The search index's facets are blind (keyed hashes) and answer text queries; a list with no query is a
plain filter over the records table, so it is counted here with GROUP BY on JSON fields (as
services/overview.py does), which both SQLite and PostgreSQL run as one scan of the type's rows.
Each facet is counted over the records the *other* filters select, so the sidebar shows the
alternatives to a chosen value as well as the value itself.

Province: a record lies in the province of its facility, gazetteer entry, origin or province field,
else of the Place it points at. Filter and counts use the same expression, so they agree exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.sql.selectable import Select

from girok.errors import GirokError, ValidationError
from girok.schema.enums import enum_entry
from girok.schema.vocabulary import label_of, load_vocabularies, province_of
from girok.services.actor import LEVELS, Actor
from girok.services.protection import REDACTED
from girok.services.records import Collection, Record
from girok.store import tables as t
from girok.store.kept import KeptUntilWrite

FACETS = ("type", "status", "violation_type", "year", "facility", "province")
#: The longest facet list shown (the most frequent values); years are all shown, in order.
FACET_TOP = 25
MAX_LIMIT = 500
_YEAR = re.compile(r"^(\d{4})$|^(\d{3})0s$")
_RECORD_ID = re.compile(r"^[a-z]{3}_[0-9A-Za-z]{4,40}$")

r = t.records.alias("r")
p = t.records.alias("p")


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to; every value is an id (type name, status, KP-xx, gazetteer or record id)."""

    type: str | None = None
    year: str | None = None  # "1997", or a decade "1990s"
    status: str | None = None
    facility: str | None = None
    place: str | None = None
    province: str | None = None
    violation_type: str | None = None

    def active(self) -> dict[str, str]:
        return {name: value for name, value in self.__dict__.items() if value}


@dataclass
class Listing:
    records: list[Record]
    total: int
    limit: int
    offset: int
    #: facet -> [(value, count)], most frequent first (years in order); decades under "decade".
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    #: Records the page's records point at (victims, places, relation ends), for one-line summaries.
    linked: dict[str, Record] = field(default_factory=dict)

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None


def _s(column: Any, name: str) -> ColumnElement[Any]:
    return column.data[name].as_string()  # type: ignore[no-any-return]


def _date(alias: Any) -> ColumnElement[Any]:
    return func.coalesce(_s(alias.c, "date"), _s(alias.c, "as_of"))


def _year() -> ColumnElement[Any]:
    return func.substr(_date(r), 1, 4)


def _province_key() -> ColumnElement[Any]:
    """The gazetteer id a record's province is read from (needs the outer join to its Place ``p``)."""
    own = (_s(r.c, name) for name in ("facility", "gazetteer", "origin", "province"))
    return func.coalesce(*own, _s(p.c, "province"), _s(p.c, "gazetteer"))


@cache
def _province_members(province: str) -> tuple[str, ...]:
    gazetteer = load_vocabularies().get("gazetteer")
    return tuple(entry.id for entry in gazetteer if province_of(entry.id) == province)


def _check(filters: Filters, collection: Collection) -> Filters:
    """Canonical filters, or a one-line ValidationError naming the bad one."""
    values = dict(filters.__dict__)
    if filters.type:
        try:
            values["type"] = collection.schema.get(filters.type).name
        except GirokError:
            raise ValidationError(f"type: unknown record type {filters.type[:40]!r}") from None
    if filters.year and not _YEAR.match(filters.year):
        raise ValidationError(f"year: expected a year (1997) or a decade (1990s), got {filters.year[:20]!r}")
    gazetteer = load_vocabularies().get("gazetteer")
    if filters.facility and filters.facility not in gazetteer:
        raise ValidationError(f"facility: unknown gazetteer id {filters.facility[:40]!r}")
    if filters.province and province_of(filters.province) != filters.province:
        raise ValidationError(f"province: expected a province id (KP-01 ... KP-15), got {filters.province[:20]!r}")
    if filters.place and not (_RECORD_ID.match(filters.place) or filters.place in gazetteer):
        raise ValidationError(f"place: expected a Place record id or a gazetteer id, got {filters.place[:40]!r}")
    if filters.violation_type and filters.violation_type not in load_vocabularies().get("violation_types"):
        raise ValidationError(f"violation_type: unknown violation type {filters.violation_type[:40]!r}")
    return Filters(**values)


def _conditions(filters: Filters, actor: Actor, skip: str | None = None) -> list[ColumnElement[Any]]:
    visible = [level for level in LEVELS if actor.may_see(level)]
    where: list[ColumnElement[Any]] = [r.c.deleted_at.is_(None)]
    if len(visible) < len(LEVELS):  # a reader cleared for every level needs no test (and the index serves the page)
        where.append(r.c.confidentiality.in_(visible))
    if filters.type and skip != "type":
        where.append(r.c.type == filters.type)
    if filters.status and skip != "status":
        where.append(r.c.status == filters.status)
    if filters.year and skip != "year":
        match = _YEAR.match(filters.year)
        assert match is not None
        if match.group(1):
            where.append(_year() == match.group(1))
        else:
            where.append(func.substr(_date(r), 1, 3) == match.group(2))
    if filters.facility and skip != "facility":
        where.append(or_(_s(r.c, "facility") == filters.facility, _s(r.c, "gazetteer") == filters.facility))
    if filters.violation_type and skip != "violation_type":
        where.append(and_(r.c.type == "Violation", _s(r.c, "type") == filters.violation_type))
    if filters.place and skip != "place":
        if _RECORD_ID.match(filters.place):  # any reference to that record (place, parent, ...): indexed
            refs = t.record_refs.c
            where.append(r.c.id.in_(select(refs.from_id).where(refs.to_id == filters.place)))
        else:
            where.append(
                or_(*(_s(r.c, name) == filters.place for name in ("facility", "gazetteer", "origin", "province")))
            )
    if filters.province and skip != "province":
        where.append(_province_key().in_(_province_members(filters.province)))
    return where


def _base(*columns: Any, join: bool) -> Select[Any]:
    """A select over the records, joined to the Place each points at only when the province is asked."""
    if not join:
        return select(*columns).select_from(r)
    return select(*columns).select_from(r.outerjoin(p, p.c.id == _s(r.c, "place")))


def _grouped(
    conn: Any, key: ColumnElement[Any], where: Sequence[ColumnElement[Any]], join: bool
) -> list[tuple[str, int]]:
    labelled = key.label("k")
    query = _base(labelled, func.count(), join=join).where(*where, key.is_not(None)).group_by(labelled)
    rows = conn.execute(query).all()
    return [(str(k), int(n)) for k, n in rows if k]


def _top(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_TOP]


def list_records(
    collection: Collection,
    actor: Actor,
    filters: Filters = Filters(),
    *,
    limit: int = 50,
    offset: int = 0,
    facets: bool = True,
    facet_cache: FacetCache | None = None,
    summaries: bool = True,
) -> Listing:
    """One page of the records matching ``filters`` (newest first, by id: stable under edits)."""
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise ValidationError(f"limit must be 1..{MAX_LIMIT} and offset at least 0")
    filters = _check(filters, collection)
    where = _conditions(filters, actor)
    counted: dict[str, list[tuple[str, int]]] = {}
    with collection.store.read() as conn:
        join = bool(filters.province)
        total = int(conn.execute(_base(func.count(), join=join).where(*where)).scalar_one())
        # The page's ids first, from the index alone; then only those rows. Skipping to a deep offset over
        # whole rows made PostgreSQL sort every match (90 ms at offset 15,000 of 30,000 violations).
        ids = _base(r.c.id, join=join).where(*where).order_by(r.c.id.desc()).limit(limit).offset(offset)
        page = select(*r.c).where(r.c.id.in_(ids.scalar_subquery())).order_by(r.c.id.desc())
        rows = [dict(row) for row in conn.execute(page).mappings()]
        if facets:
            if facet_cache is None:
                counted = _facets(conn, filters, actor)
            else:  # what the counts cover depends only on the filters and the clearance
                counted = facet_cache.get(conn, (filters, actor.clearance), lambda: _facets(conn, filters, actor))
        records = [collection.view(actor, row) for row in rows]  # one unseal per row
        linked = _linked(collection, actor, conn, records) if summaries else {}
    return Listing(records=records, total=total, limit=limit, offset=offset, facets=counted, linked=linked)


#: Facet counts of a list, by (filters, clearance): about nine grouped scans, kept until the next write.
FacetCache = KeptUntilWrite[dict[str, list[tuple[str, int]]]]


def _facets(conn: Any, filters: Filters, actor: Actor) -> dict[str, list[tuple[str, int]]]:
    result: dict[str, list[tuple[str, int]]] = {}
    join = bool(filters.province)

    def grouped(key: ColumnElement[Any], skip: str, *extra: ColumnElement[Any]) -> list[tuple[str, int]]:
        where = _conditions(filters, actor, skip) + list(extra)
        return _grouped(conn, key, where, join or skip == "province")

    result["type"] = _top(dict(grouped(r.c.type, "type")))
    result["status"] = _top(dict(grouped(r.c.status, "status")))
    result["violation_type"] = _top(dict(grouped(_s(r.c, "type"), "violation_type", r.c.type == "Violation")))
    years = [(y, n) for y, n in grouped(_year(), "year") if y.isdigit()]
    result["year"] = sorted(years)
    decades: dict[str, int] = {}
    for year, n in years:
        decades[year[:3] + "0s"] = decades.get(year[:3] + "0s", 0) + n
    result["decade"] = sorted(decades.items())
    gazetteer = load_vocabularies().get("gazetteer")
    facilities = grouped(func.coalesce(_s(r.c, "facility"), _s(r.c, "gazetteer")), "facility")
    result["facility"] = _top(
        {k: n for k, n in facilities if k in gazetteer and gazetteer.get(k).data.get("kind") == "facility"}
    )
    provinces: dict[str, int] = {}
    for key, n in grouped(_province_key(), "province"):
        province = province_of(key)
        if province:
            provinces[province] = provinces.get(province, 0) + n
    result["province"] = _top(provinces)
    return result


#: Fields whose referenced records a summary names.
_SUMMARY_REFS = ("victim", "place", "subject", "object", "record", "source", "witness")


def _linked(collection: Collection, actor: Actor, conn: Any, records: list[Record]) -> dict[str, Record]:
    wanted = {
        value
        for record in records
        for name in _SUMMARY_REFS
        if isinstance(value := record.data.get(name), str) and _RECORD_ID.match(value)
    }
    if not wanted:
        return {}
    visible = [level for level in LEVELS if actor.may_see(level)]
    query = select(t.records).where(t.records.c.id.in_(sorted(wanted)), t.records.c.confidentiality.in_(visible))
    return {row["id"]: collection.view(actor, dict(row)) for row in conn.execute(query).mappings()}


# -- one-line summaries ----------------------------------------------------------------------------


def display_name(record: Record | None) -> str:
    """A record's name as a reader may see it: its first names, its title, or [protected]."""
    if record is None:
        return ""
    names = record.data.get("names")
    if names == REDACTED or record.data.get("title") == REDACTED:
        return REDACTED
    if isinstance(names, list) and names:
        texts = [n["text"] if isinstance(n, Mapping) else str(n) for n in names[:2]]
        return " / ".join(texts)
    for key in ("title", "subject"):
        if isinstance(record.data.get(key), str):
            return str(record.data[key])
    return record.id


def summary(record: Record, linked: Mapping[str, Record], language: str) -> str:
    """One line: what the record is (names, title, type), when and where."""
    data = record.data
    parts: list[str] = []
    if record.type == "Violation":
        parts.append(label_of(data.get("type"), language, "violation_types"))
        victim = data.get("victim")
        if victim:
            parts.append(display_name(linked.get(victim)) or victim)
    elif record.type == "Relation":
        relation = enum_entry("relation_types", data["type"]) if data.get("type") else {}
        label = label_of(data.get("type"), language, "relation_types") if relation else ""
        ends = [display_name(linked.get(data.get(end, ""))) or str(data.get(end, "")) for end in ("subject", "object")]
        parts.append(f"{ends[0]} — {label} — {ends[1]}")
    elif record.type == "Citation":
        quote = data.get("quote")
        parts.append(f"“{_short(quote)}”" if isinstance(quote, str) and quote != REDACTED else str(quote or ""))
        parts.append(display_name(linked.get(data.get("record", ""))) or str(data.get("record", "")))
    elif record.type == "Figure":
        value = data.get("value", f"{data.get('low', '?')}–{data.get('high', '?')}")
        parts.append(f"{data.get('subject', '')}: {value} {data.get('unit', '')}".strip())
    elif record.type == "Suggestion":
        parts.append(f"{label_of(data.get('kind'), language, 'suggestion_kinds')}: {_short(data.get('quote'))}")
    elif record.type == "Custody":
        parts.append(str(data.get("source", "")))
    else:
        parts.append(display_name(record))
    date = data.get("date") or data.get("as_of") or data.get("acquired_on")
    if isinstance(date, str) and date != REDACTED:
        parts.append(date)
    where = data.get("facility") or data.get("gazetteer") or data.get("origin")
    if where:
        parts.append(label_of(where, language, "gazetteer"))
    elif data.get("place"):
        parts.append(display_name(linked.get(data["place"])) or str(data["place"]))
    return " · ".join(part for part in parts if part)


def _short(text: Any, length: int = 80) -> str:
    if not isinstance(text, str):
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"
