"""What every request handler needs: the collection's services, opened once when the app starts."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from girok.ingest.filestore import FileStore
from girok.search.searcher import SearchCounts
from girok.services.accounts import Accounts
from girok.services.listing import FacetCache
from girok.services.overview import Dashboard
from girok.services.records import Collection
from girok.web.config import WebConfig


@dataclass
class Services:
    config: WebConfig
    collection: Collection
    accounts: Accounts
    files: FileStore
    dashboard: Dashboard
    facet_cache: FacetCache
    search_counts: SearchCounts


def services(request: Request) -> Services:
    result: Services = request.app.state.services
    return result
