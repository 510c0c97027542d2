"""`girok extract` and `girok eval-extract`: suggestions from a text, and how good they are."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from girok.cli.context import CliContext
from girok.cli.ingest_cmd import target_text
from girok.cli.output import emit_json
from girok.extract.evaluation import evaluate, load_passages
from girok.extract.pipeline import Extraction, extract


def _print_summary(extraction: Extraction, text: str) -> None:
    for kind, mentions in extraction.mentions().items():
        typer.echo(f"{kind} ({len(mentions)})")
        for mention in mentions:
            label = " ".join(
                str(value) for name, value in mention.contract().items() if name not in ("start", "end", "quote")
            )
            snippet = text[mention.start : mention.end].replace("\n", " ")
            snippet = snippet if len(snippet) <= 70 else snippet[:67] + "..."
            typer.echo(f"  {mention.start}-{mention.end}  {label}  «{snippet}»")


def extract_command(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="FILE|SOURCE_ID", help="a file to read, or a Source id")],
    json_output: Annotated[bool, typer.Option("--json", help="print the JSON contract (DESIGN.md)")] = False,
) -> None:
    """Suggest violations, facilities, places, institutions, dates, persons and figures, each with its span."""
    cli: CliContext = ctx.obj
    loaded = target_text(cli, target)
    text = loaded.text
    extraction = extract(text)
    for note in extraction.notes:
        typer.echo(f"note: {note}", err=True)
    if json_output:
        contract = extraction.contract(str(loaded.path) if loaded.path else None, loaded.sha256)
        sys.stdout.write(json.dumps(contract, ensure_ascii=False) + "\n")
    else:
        _print_summary(extraction, text)


def eval_extract(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="a folder of labelled passage files (*.yaml)")],
    json_output: Annotated[bool, typer.Option("--json", help="print the table as JSON")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="also list every missed and spurious key")] = False,
    cues_only: Annotated[
        bool, typer.Option("--cues-only", help="violations from the cues alone, without the trained classifier")
    ] = False,
) -> None:
    """Precision, recall and F1 per field of extraction on a labelled set."""
    report = evaluate(load_passages(directory), model=not cues_only)
    rows = report.table()
    if json_output:
        emit_json(
            {
                "passages": report.passages,
                "languages": report.by_language,
                "fields": rows,
                "invalid_spans": report.invalid_spans,
            }
        )
        return
    languages = ", ".join(f"{count} {language}" for language, count in sorted(report.by_language.items()))
    typer.echo(f"{report.passages} passages ({languages}); {report.invalid_spans} invalid spans")
    typer.echo(f"{'field':<14}{'precision':>10}{'recall':>8}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}")
    for row in rows:
        typer.echo(
            f"{row['field']:<14}{row['precision']:>10.3f}{row['recall']:>8.3f}{row['f1']:>7.3f}"
            f"{row['tp']:>6}{row['fp']:>5}{row['fn']:>5}"
        )
    if errors:
        for passage, kind, key, what in report.errors:
            typer.echo(f"  {what:<8} {passage:<10} {kind:<13} {key}")
