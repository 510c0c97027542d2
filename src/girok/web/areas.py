"""The app's areas: each module of girok.web.pages (HTML) and girok.web.api (JSON) exposing a ``router``.

An area is added by adding its module; no list of areas is kept by hand.
"""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter


def routers(package: str) -> list[APIRouter]:
    """The router of every public module of ``package``, in module name order."""
    found = []
    path = importlib.import_module(package).__path__
    for module in sorted(pkgutil.iter_modules(path), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        router = getattr(importlib.import_module(f"{package}.{module.name}"), "router", None)
        if isinstance(router, APIRouter):
            found.append(router)
    return found
