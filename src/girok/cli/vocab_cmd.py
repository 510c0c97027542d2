"""`girok vocab list|show|find`: the shipped vocabularies (taxonomy, gazetteer, institutions, ...)."""

from __future__ import annotations

from typing import Annotated

import typer

from girok.cli.output import emit_json
from girok.schema.vocabulary import load_vocabularies

app = typer.Typer(
    help="The vocabularies: violation taxonomy, gazetteer, facilities, institutions, names.",
    no_args_is_help=True,
)

JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON")]


def _entry_dict(entry: object) -> dict[str, object]:
    return {
        "id": entry.id,  # type: ignore[attr-defined]
        "vocabulary": entry.vocabulary,  # type: ignore[attr-defined]
        "label": dict(entry.label),  # type: ignore[attr-defined]
        "aliases": list(entry.aliases),  # type: ignore[attr-defined]
        "sources": list(entry.sources),  # type: ignore[attr-defined]
        **{k: v for k, v in entry.data.items()},  # type: ignore[attr-defined]
    }


@app.command("list")
def list_(
    vocabulary: Annotated[str | None, typer.Argument(help="a vocabulary name; without it, the vocabularies")] = None,
    json_output: JsonFlag = False,
) -> None:
    """List the vocabularies, or the entries of one."""
    vocabularies = load_vocabularies()
    if vocabulary is None:
        names = list(vocabularies.names())
        if json_output:
            emit_json({name: len(vocabularies.get(name).entries) for name in names})
        for name in names if not json_output else []:
            typer.echo(f"{name:<20}{len(vocabularies.get(name).entries):>5} entries")
        return
    entries = vocabularies.get(vocabulary).entries
    if json_output:
        emit_json([_entry_dict(e) for e in entries])
        return
    for entry in entries:
        label = entry.label.get("en", "")
        korean = entry.label.get("ko", "")
        typer.echo(f"{entry.id:<28}{label}{'  ' + korean if korean else ''}")


@app.command()
def show(entry_id: str, json_output: JsonFlag = False) -> None:
    """Show one vocabulary entry with its aliases and sources."""
    entry = load_vocabularies().entry(entry_id)
    data = _entry_dict(entry)
    if json_output:
        emit_json(data)
        return
    typer.echo(f"{entry.id}  ({entry.vocabulary})")
    for key, value in data.items():
        if key in ("id", "vocabulary"):
            continue
        typer.echo(f"  {key}: {value}")


@app.command()
def find(
    text: str,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 10,
    json_output: JsonFlag = False,
) -> None:
    """Find entries by any name, in any script or romanization ("Yodeok", "Yodok", "요덕")."""
    matches = load_vocabularies().find(text, limit=limit)
    if json_output:
        emit_json(
            [{"id": m.entry.id, "vocabulary": m.vocabulary, "matched": m.alias, "score": m.score} for m in matches]
        )
        return
    if not matches:
        typer.echo("no match", err=True)
        raise typer.Exit(1)
    for match in matches:
        label = match.entry.label.get("en", "")
        typer.echo(f"{match.entry.id:<28}{match.vocabulary:<18}{label}  (matched {match.alias!r})")
