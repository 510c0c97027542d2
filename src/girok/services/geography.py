"""Where violations happened: the sites of the map, each with its coordinates and its count of violations.

A *site* is a named facility of the gazetteer (``kind="facility"``, id = gazetteer id) or a Place record
(``kind="place"``, id = record id). Every violation the actor may see is counted at exactly one site, the most
precise one it names: its ``facility``; else the facility its ``place`` stands for (a Place whose ``gazetteer``
is a facility); else its ``place``. Violations naming neither are counted apart (``unplaced``).

Coordinates come from a Place record (``coordinates``) when it has them, else from the gazetteer entry. The
gazetteer keeps every published pin of a facility side by side (sources disagree); the map uses the FIRST
claim, the one the gazetteer lists first, and says how many claims there were (``claims``) so a reader can
tell a point is one of several.

Counting is done in the database (grouped on the JSON fields, like the dashboard), over the live records of
the confidentiality levels the actor may see, so a reader never learns of a violation above their clearance.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, select

from girok.domain import GeoPoint
from girok.errors import GirokError
from girok.schema.vocabulary import Entry, load_vocabularies, province_of
from girok.services.actor import LEVELS, Actor
from girok.services.protection import unseal
from girok.services.records import Collection
from girok.store import tables as t

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Site:
    id: str
    #: "facility" (a gazetteer facility) or "place" (a Place record).
    kind: str
    #: Name in the language asked for.
    name: str
    #: Facility type id (facility_types) for a facility, else the Place's facility type or gazetteer kind.
    type: str | None
    violations: int
    point: GeoPoint | None
    #: "record" (a Place record's coordinates) or "gazetteer" (its first claim); None when there is no point.
    coordinates_from: str | None = None
    #: How many coordinate claims the gazetteer gives (more than one: the first is shown).
    claims: int = 0
    province: str | None = None
    #: The Place record standing for this site, if any (for a facility: the first such record).
    place_id: str | None = None

    @property
    def href(self) -> str:
        """The records list of the violations counted here."""
        field = "facility" if self.kind == "facility" else "place"
        return "/records?" + urlencode({"type": "Violation", field: self.id})


@dataclass(frozen=True)
class SiteMap:
    #: Sites with a point or at least one violation, most violations first.
    sites: list[Site]
    #: Visible violations that name neither a facility nor a place.
    unplaced: int

    @property
    def mapped(self) -> list[Site]:
        return [site for site in self.sites if site.point is not None]

    @property
    def unmapped(self) -> list[Site]:
        return [site for site in self.sites if site.point is None]

    def by_province(self) -> dict[str, int]:
        """Province (KP-xx) -> violations counted at its sites, mapped or not (for shading the provinces)."""
        totals: Counter[str] = Counter()
        for site in self.sites:
            if site.province and site.violations:
                totals[site.province] += site.violations
        return dict(sorted(totals.items()))

    def geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection of the mapped sites (RFC 7946: [lon, lat])."""
        return {
            "type": "FeatureCollection",
            "features": [feature(site) for site in self.mapped],
            "unmapped": len(self.unmapped),
            "unplaced": self.unplaced,
            "provinces": self.by_province(),
        }


def feature(site: Site) -> dict[str, Any]:
    assert site.point is not None
    return {
        "type": "Feature",
        "id": site.id,
        "geometry": {"type": "Point", "coordinates": [site.point.lon, site.point.lat]},
        "properties": {
            "id": site.id,
            "name": site.name,
            "kind": site.kind,
            "type": site.type,
            "violations": site.violations,
            "href": site.href,
            "province": site.province,
            "coordinates_from": site.coordinates_from,
            "claims": site.claims,
        },
    }


def _gazetteer_entry(gazetteer_id: object) -> Entry | None:
    gazetteer = load_vocabularies().get("gazetteer")
    if isinstance(gazetteer_id, str) and gazetteer_id in gazetteer:
        return gazetteer.get(gazetteer_id)
    return None


def _claims(entry: Entry | None) -> list[GeoPoint]:
    """The gazetteer's coordinate claims of an entry, in its order (unreadable ones skipped)."""
    points = []
    raw = entry.data.get("coordinates") if entry is not None else None
    for claim in raw if isinstance(raw, (list, tuple)) else ():
        try:
            points.append(GeoPoint.parse({"lat": claim["lat"], "lon": claim["lon"]}))
        except (GirokError, KeyError, TypeError):
            continue
    return points


def _point(value: object) -> GeoPoint | None:
    if not value:
        return None
    try:
        return GeoPoint.parse(value)  # type: ignore[arg-type]
    except GirokError:
        return None


def _name(names: object, language: str, fallback: str) -> str:
    """A Place's name in ``language``: the first in Hangul for Korean, the first not in Hangul otherwise."""
    listed = [str(n) for n in names if n] if isinstance(names, (list, tuple)) else []
    wanted = [n for n in listed if bool(_HANGUL.search(n)) == (language == "ko")]
    return (wanted or listed or [fallback])[0]


def _is_facility(entry: Entry | None) -> bool:
    return entry is not None and entry.data.get("kind") == "facility"


def _violation_counts(collection: Collection, actor: Actor) -> Counter[tuple[str | None, str | None]]:
    """(facility, place) -> visible live violations naming them."""
    r = t.records.c
    visible = [level for level in LEVELS if actor.may_see(level)]
    facility, place = r.data["facility"].as_string(), r.data["place"].as_string()
    query = (
        select(facility, place, func.count())
        .where(r.type == "Violation", r.deleted_at.is_(None), r.confidentiality.in_(visible))
        .group_by(facility, place)
    )
    counts: Counter[tuple[str | None, str | None]] = Counter()
    with collection.store.read() as conn:
        for fac, plc, n in conn.execute(query):
            counts[(fac or None, plc or None)] += int(n)
    return counts


def _places(collection: Collection, actor: Actor) -> dict[str, dict[str, Any]]:
    """Id -> data of the live Place records the actor may see."""
    r = t.records.c
    visible = [level for level in LEVELS if actor.may_see(level)]
    query = (
        select(r.id, r.protection, r.data)
        .where(r.type == "Place", r.deleted_at.is_(None), r.confidentiality.in_(visible))
        .order_by(r.id)
    )
    kind = collection.schema.get("Place")
    places = {}
    with collection.store.read() as conn:
        for row in conn.execute(query).mappings():
            allowed = actor.may_read_identities(row["protection"])
            data, _ = unseal(collection.keyring, kind, row["id"], row["data"], allowed)
            places[row["id"]] = data
    return places


def sites(collection: Collection, actor: Actor, language: str = "en") -> SiteMap:
    """The sites of the collection as ``actor`` may see them, names in ``language`` ("en" or "ko")."""
    counts = _violation_counts(collection, actor)
    places = _places(collection, actor)
    # A Place whose gazetteer entry is a facility stands for that facility: it is drawn once, as the facility.
    stands_for = {
        pid: str(data["gazetteer"])
        for pid, data in places.items()
        if _is_facility(_gazetteer_entry(data.get("gazetteer")))
    }
    at_facility: Counter[str] = Counter()
    at_place: Counter[str] = Counter()
    unplaced = 0
    for (fac, plc), n in counts.items():
        if fac:
            at_facility[fac] += n
        elif plc and plc in stands_for:
            at_facility[stands_for[plc]] += n
        elif plc:
            at_place[plc] += n
        else:
            unplaced += n
    found: list[Site] = []
    facility_ids = dict.fromkeys([*sorted(at_facility), *stands_for.values()])
    for fid in facility_ids:
        found.append(_facility_site(fid, at_facility[fid], places, stands_for, language))
    for pid, data in places.items():
        if pid in stands_for:
            continue
        site = _place_site(pid, data, at_place.get(pid, 0), language)
        if site.point is not None or site.violations:
            found.append(site)
    for pid, n in at_place.items():
        if pid not in places:  # a Place the actor may not see (or deleted): count it, name it by its id only
            found.append(Site(id=pid, kind="place", name=pid, type=None, violations=n, point=None))
    found.sort(key=lambda s: (-s.violations, s.name.casefold(), s.id))
    return SiteMap(sites=found, unplaced=unplaced)


def _facility_site(
    fid: str, n: int, places: Mapping[str, Mapping[str, Any]], stands_for: Mapping[str, str], language: str
) -> Site:
    entry = _gazetteer_entry(fid)
    records = [pid for pid, gid in stands_for.items() if gid == fid]
    point, source = None, None
    for pid in records:
        point = _point(places[pid].get("coordinates"))
        if point is not None:
            source = "record"
            break
    claims = _claims(entry)
    if point is None and claims:
        point, source = claims[0], "gazetteer"
    if entry is not None:
        name = entry.text(language)
        kind_of = str(entry.data.get("type")) if entry.data.get("type") else None
    else:  # a facility id no longer in the gazetteer: the id says what it was
        name = _name(places[records[0]].get("names"), language, fid) if records else fid
        kind_of = None
    return Site(
        id=fid,
        kind="facility",
        name=name,
        type=kind_of,
        violations=n,
        point=point,
        coordinates_from=source,
        claims=len(claims),
        province=province_of(fid),
        place_id=records[0] if records else None,
    )


def _place_site(pid: str, data: Mapping[str, Any], n: int, language: str) -> Site:
    entry = _gazetteer_entry(data.get("gazetteer"))
    point, source = _point(data.get("coordinates")), "record"
    claims = _claims(entry)
    if point is None and claims:
        point, source = claims[0], "gazetteer"
    kind_of = data.get("facility_type") or (entry.data.get("kind") if entry is not None else None)
    province = data.get("province") or (province_of(entry.id) if entry is not None else None)
    return Site(
        id=pid,
        kind="place",
        name=entry.text(language) if entry is not None else _name(data.get("names"), language, pid),
        type=str(kind_of) if kind_of else None,
        violations=n,
        point=point,
        coordinates_from=source if point is not None else None,
        claims=len(claims),
        province=str(province) if province else None,
        place_id=pid,
    )
