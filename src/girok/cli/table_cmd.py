"""`girok import-table FILE --mapping MAP.yaml`: a victims list (CSV or XLSX) to Persons and Violations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from girok.cli.context import CliContext
from girok.errors import GirokError
from girok.ingest.filestore import FileStore
from girok.services import tables as table_service


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise GirokError(f"cannot read the {what} {path.name}") from None


def _write_report(path: Path, lines: list[str]) -> None:
    try:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError:
        raise GirokError(f"cannot write the report {path.name}") from None


def import_table(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="a CSV or XLSX file")],
    mapping: Annotated[Path, typer.Option("--mapping", help="YAML file: columns -> fields, defaults")],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="import the valid rows, report the rest")
    ] = False,
    report: Annotated[
        Path | None, typer.Option(help="where to list the invalid rows (default FILE.rejected.txt)")
    ] = None,
    received_from: Annotated[str | None, typer.Option("--from", help="from whom the file came")] = None,
) -> None:
    """Import a table of victims: each row a Person (and a Violation) citing its row."""
    cli: CliContext = ctx.obj
    plan = table_service.load_mapping(_read(mapping, "mapping").decode("utf-8", errors="replace"))
    data = _read(file, "file")
    report_path = report or file.with_name(file.name + ".rejected.txt")
    try:
        result = table_service.import_table(
            cli.collection,
            FileStore(cli.home.files_path),
            cli.actor,
            data,
            file.name,
            plan,
            skip_invalid=skip_invalid,
            received_from=received_from,
        )
    except table_service.RowsInvalidError as error:
        if report is not None:  # asked for the list: give it even though nothing was imported
            _write_report(report_path, error.lines)
        raise
    typer.echo(
        f"imported {result.rows_ok} row(s) of {file.name} as Source {result.source_id}: "
        f"{result.persons} person(s), {result.violations} violation(s), {result.places} new place(s)"
    )
    if result.errors:
        _write_report(report_path, result.error_lines())
        typer.echo(f"skipped {len(result.errors)} invalid row(s); listed in {report_path}", err=True)
