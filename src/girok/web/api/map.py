"""GET /api/map/places: the sites of violations as GeoJSON, counted over what the user may see."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from girok.schema.vocabulary import load_vocabularies
from girok.services.geography import Site, SiteMap, sites
from girok.web.api._common import ERRORS
from girok.web.auth import CurrentUser
from girok.web.context import services
from girok.web.i18n import Translator
from girok.web.templating import translator

router = APIRouter(prefix="/api/map", tags=["map"])


class PointGeometry(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(description="[longitude, latitude], WGS84 (RFC 7946)")


class PlaceProperties(BaseModel):
    id: str = Field(description="a gazetteer facility id, or a Place record id")
    name: str = Field(description="in the user's language")
    kind: Literal["facility", "place"]
    type: str | None = Field(description="facility type id, or the place's kind (city, county, ...)")
    type_label: str
    violations: int = Field(description="violations the user may see, each counted at its most precise site")
    href: str = Field(description="the records list of those violations")
    province: str | None
    coordinates_from: str | None = Field(description='"record" (a Place record) or "gazetteer"')
    claims: int = Field(description="coordinate claims in the gazetteer; with more than one, the first is drawn")


class PlaceFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: PointGeometry
    properties: PlaceProperties


class PlaceCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[PlaceFeature]
    unmapped: int = Field(description="sites with violations but no known coordinates (not in features)")
    unplaced: int = Field(description="violations that name no place or facility")
    provinces: dict[str, int] = Field(description="province (KP-xx) -> violations at its sites, mapped or not")


def type_label(site: Site, t: Translator) -> str:
    """The site's type in the reader's language: a facility type's label, else the place kind's word."""
    if not site.type:
        return t("map.kind_" + site.kind)
    facility_types = load_vocabularies().get("facility_types")
    if site.type in facility_types:
        return facility_types.get(site.type).text(t.language)
    key = "map.kinds." + site.type
    return t(key) if key in t.messages else site.type


def site_map(request: Request, principal: CurrentUser) -> tuple[SiteMap, Translator]:
    t = translator(request)
    return sites(services(request).collection, principal.actor, t.language), t


def collection_of(found: SiteMap, t: Translator) -> dict[str, Any]:
    body = found.geojson()
    labels = {site.id: type_label(site, t) for site in found.mapped}
    for feature in body["features"]:
        feature["properties"]["type_label"] = labels[feature["id"]]
    return body


@router.get("/places", response_model=PlaceCollection, responses=ERRORS)
def places(request: Request, principal: CurrentUser) -> dict[str, Any]:
    """Facilities and places with coordinates, each with the count of violations documented there."""
    found, t = site_map(request, principal)
    return collection_of(found, t)
