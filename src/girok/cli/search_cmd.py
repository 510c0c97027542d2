"""`girok search` and `girok reindex`: full-text search over passages and records, and its rebuild."""

from __future__ import annotations

from typing import Annotated

import typer

from girok.cli.context import CliContext
from girok.cli.output import emit_json
from girok.errors import ValidationError
from girok.search import QueryError, SearchIndex, search
from girok.search.backends import SORTS
from girok.services.actor import LEVELS, Actor


def _facet_options(options: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """``--facet type`` asks for counts; ``--facet type=torture`` also filters (same field: either value)."""
    facets: list[str] = []
    filters: dict[str, list[str]] = {}
    for option in options:
        name, has_value, value = option.partition("=")
        name = name.strip()
        facets.append(name)
        if has_value:
            if not value.strip():
                raise QueryError(f"--facet {name}=: give a value after '='")
            filters.setdefault(name, []).append(value)
    return list(dict.fromkeys(facets)), filters


def _marked(snippet: str, spans: list[list[int]]) -> str:
    out, cursor = [], 0
    for start, end in spans:
        out += [snippet[cursor:start], "«", snippet[start:end], "»"]
        cursor = end
    out.append(snippet[cursor:])
    return "".join(out).replace("\n", " ")


def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY", help='words, "phrases", prefix*, OR, NOT/-word, ( )')],
    facet: Annotated[
        list[str] | None,
        typer.Option("--facet", metavar="FIELD[=VALUE]", help="count a facet; with =VALUE, filter on it too"),
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="only these kinds of hit: passage, violation, person, ...")
    ] = None,
    sort: Annotated[str, typer.Option("--sort", help=f"{' | '.join(SORTS)}")] = "relevance",
    limit: Annotated[int, typer.Option("--limit", help="hits per page")] = 20,
    offset: Annotated[int, typer.Option("--offset", help="hits to skip (the next page)")] = 0,
    clearance: Annotated[
        str | None,
        typer.Option("--clearance", help=f"search as a reader of this clearance ({', '.join(LEVELS)})"),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
) -> None:
    """Search passages of sources and records, in Korean and English, across romanizations."""
    cli: CliContext = ctx.obj
    actor = cli.actor
    if clearance is not None:
        if clearance not in LEVELS:
            raise ValidationError(f"unknown clearance {clearance!r} (levels: {', '.join(LEVELS)})")
        if LEVELS.index(clearance) > LEVELS.index(actor.clearance):
            raise ValidationError(f"--clearance {clearance} is above your own ({actor.clearance})")
        actor = Actor(actor.name, actor.role, clearance)
    facets, filters = _facet_options(facet or [])
    store, keyring = cli.open()
    result = search(
        SearchIndex(store, keyring),
        actor,
        query,
        filters=filters,
        facets=facets,
        kinds=kind or (),
        sort=sort,
        limit=limit,
        offset=offset,
    )
    if json_output:
        emit_json(result.to_dict())
        return
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    shown = f"{offset + 1}-{offset + len(result.hits)} of " if result.hits else ""
    typer.echo(f"{shown}{result.total} hit{'s' if result.total != 1 else ''}")
    for hit in result.hits:
        where = f"  page {hit.page}" if hit.page else ""
        typer.echo(f"{hit.kind:<12} {hit.id}  score {hit.score:.3f}{where}")
        if hit.snippet:
            typer.echo(f"    {_marked(hit.snippet, hit.highlights)}")
    for name, rows in result.facets.items():
        counts = ", ".join(f"{row['value']} {row['count']}" for row in rows[:12]) or "-"
        typer.echo(f"{name}: {counts}")


def reindex_command(
    ctx: typer.Context,
    workers: Annotated[int | None, typer.Option("--workers", help="processes analysing texts (default: cores)")] = None,
) -> None:
    """Rebuild the search index from the records (after a crash, a restore, or a key change)."""
    cli: CliContext = ctx.obj
    store, keyring = cli.open()
    if workers is not None and workers < 1:
        raise ValidationError("--workers must be at least 1")
    report = SearchIndex(store, keyring).reindex(cli.actor, workers=workers)
    typer.echo(f"indexed {report.records} records as {report.documents} documents")
