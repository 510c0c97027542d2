"""`girok suggest SOURCE_ID` and `girok suggestions list|accept|reject`: the review queue of extraction."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer

from girok.cli.context import CliContext
from girok.cli.output import emit_json
from girok.cli.records_cmd import _parse_value
from girok.errors import GirokError
from girok.schema.model import RecordType
from girok.services import suggestions as service
from girok.services.records import Record

app = typer.Typer(help="The review queue: suggestions from extraction, accepted or rejected.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON")]
ExpectVersion = Annotated[
    int | None, typer.Option("--expect-version", help="fail unless the suggestion is still at this version")
]
_QUOTE_MAX = 40
_SPACE = re.compile(r"\s+")


def suggest(
    ctx: typer.Context,
    source_ids: Annotated[
        list[str] | None, typer.Argument(metavar="SOURCE_ID...", help="the Sources whose text to read")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="every Source in the collection")] = False,
) -> None:
    """Find violations, facilities, places, institutions, dates, persons and figures in sources; queue them.

    Each source is its own transaction: one that cannot be read is reported and the others are still done.
    """
    cli: CliContext = ctx.obj
    if every == bool(source_ids):
        raise typer.BadParameter("give SOURCE_IDs or --all, not both or neither")
    targets = list(source_ids or []) if not every else _all_sources(cli)
    failed = 0
    for source_id in targets:
        try:
            result = service.suggest(cli.collection, cli.actor, source_id)
        except GirokError as error:
            failed += 1
            typer.echo(f"{source_id}: {error}", err=True)
            continue
        withdrawn = f", {len(result.withdrawn)} withdrawn" if result.withdrawn else ""
        typer.echo(f"{source_id}: {len(result.new)} new, {len(result.kept)} kept{withdrawn}")
    if failed:
        raise GirokError(f"{failed} of {len(targets)} source(s) could not be read; the others were")


def _all_sources(cli: CliContext) -> list[str]:
    ids: list[str] = []
    while True:
        page = cli.collection.list_records(cli.actor, "Source", limit=1000, offset=len(ids))
        ids.extend(record.id for record in page)
        if len(page) < 1000:
            return ids


def _short(quote: object) -> str:
    text = _SPACE.sub(" ", str(quote or "")).strip()
    return text if len(text) <= _QUOTE_MAX else text[: _QUOTE_MAX - 1] + "…"


def _line(suggestion: Record) -> str:
    data = suggestion.data
    span = f"{data.get('start')}-{data.get('end')}"
    return (
        f"{suggestion.id}  {data.get('kind', ''):<11} {data.get('decision', ''):<8} {data.get('key', '')}  "
        f"{span}  “{_short(data.get('quote'))}”"
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option("--source", help="only this Source's suggestions")] = None,
    decision: Annotated[str | None, typer.Option(help="pending, accepted or rejected")] = None,
    kind: Annotated[
        str | None, typer.Option(help="violation, facility, place, institution, date, person or figure")
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """List suggestions: id, kind, decision, key, span and the start of the quote."""
    cli: CliContext = ctx.obj
    found = service.list_suggestions(cli.collection, cli.actor, source_id=source, decision=decision, kind=kind)
    if json_output:
        emit_json([s.to_dict() for s in found])
        return
    for suggestion in found:
        typer.echo(_line(suggestion))


def _edits(record_type: RecordType, assignments: list[str]) -> dict[str, Any]:
    """``field=value`` pairs as `girok edit` reads its options: repeat a multi-valued field; empty clears."""
    edits: dict[str, Any] = {}
    for assignment in assignments:
        name, equals, raw = assignment.partition("=")
        if not equals or not name.strip():
            raise typer.BadParameter(f"expected field=value, got {assignment[:60]!r}", param_hint="--set")
        spec = record_type.field(name.strip())
        value = None if raw == "" else _parse_value(spec, raw)
        if spec.multi:
            values = edits.setdefault(spec.name, [])
            if value is not None:
                values.append(value)
        else:
            edits[spec.name] = value
    return {name: (value or None) if isinstance(value, list) else value for name, value in edits.items()}


@app.command("accept")
def accept(
    ctx: typer.Context,
    suggestion_id: Annotated[str, typer.Argument(metavar="ID")],
    assignments: Annotated[
        list[str] | None,
        typer.Option("--set", metavar="FIELD=VALUE", help="set a field of the record first (repeatable)"),
    ] = None,
    expect_version: ExpectVersion = None,
    json_output: JsonFlag = False,
) -> None:
    """Accept a suggestion: create (or reuse) its record, cite it to the passage, mark it accepted."""
    cli: CliContext = ctx.obj
    collection = cli.collection
    suggestion = collection.get(cli.actor, suggestion_id)
    if suggestion.type != "Suggestion":
        raise GirokError(f"{suggestion_id} is not a suggestion")
    record_type = collection.schema.get(service.record_type_for(str(suggestion.data.get("kind"))))
    edits = _edits(record_type, assignments or [])
    version = suggestion.version if expect_version is None else expect_version
    done = service.accept(collection, cli.actor, suggestion_id, expected_version=version, edits=edits)
    if json_output:
        emit_json(
            {
                "suggestion": done.suggestion.to_dict(),
                "record": done.record.to_dict(),
                "citation": done.citation.to_dict(),
                "reused": done.reused,
            }
        )
        return
    how = "reused" if done.reused else "created"
    typer.echo(f"accepted {suggestion_id}: {how} {done.record.type} {done.record.id}, cited by {done.citation.id}")


@app.command("reject")
def reject(
    ctx: typer.Context,
    suggestion_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option("--reason", help="why the suggestion is wrong (required)")],
    expect_version: ExpectVersion = None,
) -> None:
    """Reject a suggestion, saying why."""
    cli: CliContext = ctx.obj
    collection = cli.collection
    version = collection.get(cli.actor, suggestion_id).version if expect_version is None else expect_version
    record = service.reject(collection, cli.actor, suggestion_id, expected_version=version, reason=reason)
    typer.echo(f"rejected {record.id} (version {record.version})")
