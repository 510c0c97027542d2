"""The ASGI app: HTML pages and the JSON API over one collection's services.

``create_app(WebConfig)`` opens the data home once; ``girok serve`` runs it under uvicorn. Pages live in
girok.web.pages.*, the API in girok.web.api.* (its OpenAPI document at /openapi.json); both call the
services with the signed-in user's Actor, and the services decide what that actor may do.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from girok import __version__
from girok.errors import HomeError
from girok.home import Home
from girok.ingest.filestore import FileStore
from girok.search.searcher import SearchCounts
from girok.services.accounts import Accounts
from girok.services.listing import FacetCache
from girok.services.overview import Dashboard
from girok.services.records import Collection
from girok.store.store import Store
from girok.web import areas, errors, vendor
from girok.web.config import WebConfig
from girok.web.context import Services
from girok.web.security import BodyLimit, SecurityHeaders

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("girok.web")


def _routers(app: FastAPI) -> None:
    for package in ("girok.web.pages", "girok.web.api"):
        for router in areas.routers(package):
            app.include_router(router)


STATISTICS_EVERY = 1800  # seconds


async def _refresh_statistics(store: Store) -> None:
    while True:
        await asyncio.sleep(STATISTICS_EVERY)
        try:
            await anyio.to_thread.run_sync(store.refresh_statistics)
        except Exception:  # a busy database: try again next time
            log.warning("could not refresh the database statistics", exc_info=True)


def create_app(config: WebConfig) -> FastAPI:
    missing = vendor.missing()
    if missing:
        raise HomeError("the web assets are missing: run scripts/setup")
    store, keyring = config.home.open()
    collection = Collection(store, keyring)
    services = Services(
        config=config,
        collection=collection,
        accounts=Accounts(store, config.hasher),
        files=FileStore(config.home.files_path),
        dashboard=Dashboard(collection),
        facet_cache=FacetCache(),
        search_counts=SearchCounts(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The collection grows while the server runs: refresh the planner's statistics now and then.
        refresher = asyncio.create_task(_refresh_statistics(store))
        yield
        refresher.cancel()
        store.close()

    app = FastAPI(
        title="Girok API",
        version=__version__,
        description=(
            "Girok (기록): documentation of human-rights violations in North Korea. Authenticate with a "
            "personal API token (`Authorization: Bearer grk_...`, made on the Settings page) or a session."
        ),
        docs_url=None,  # the interactive docs load scripts from a CDN; the document itself is served
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.services = services
    errors.install(app)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _routers(app)
    app.add_middleware(BodyLimit, limit=config.max_upload_bytes + 1024 * 1024)  # an upload and its form fields
    app.add_middleware(SecurityHeaders)
    return app


def configure_logging(home: Home) -> None:
    """Errors (with their reference ids) go to the home's logs/web.log; never request lines or data."""
    logs = home.path / "logs"
    logs.mkdir(exist_ok=True)
    handler = RotatingFileHandler(logs / "web.log", maxBytes=5_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("girok")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def app_from_environment() -> FastAPI:
    """The app of the home in GIROK_HOME / GIROK_DB: what each worker of ``girok serve --workers N`` runs."""
    home = Home.from_env()
    configure_logging(home)
    return create_app(WebConfig.from_env(home))
