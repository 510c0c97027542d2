"""`girok ingest`, `girok text` and `girok custody verify`: files in, text out, originals checked."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from girok.cli.context import CliContext
from girok.errors import GirokError
from girok.ingest.filestore import FileStore
from girok.ingest.readers import read
from girok.services import ingest as ingest_service

custody_app = typer.Typer(help="Chain of custody of the originals.", no_args_is_help=True)


def _files(cli: CliContext) -> FileStore:
    return FileStore(cli.home.files_path)


def _expand(paths: list[Path], recursive: bool) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            pattern = path.rglob("*") if recursive else path.glob("*")
            found.extend(sorted(p for p in pattern if p.is_file() and not p.name.startswith(".")))
        else:
            found.append(path)
    return found


def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="files or folders")],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="also take files in sub-folders")] = False,
    received_from: Annotated[str | None, typer.Option("--from", help="from whom the files came")] = None,
    received_how: Annotated[str | None, typer.Option("--how", help="how they came (hand-over, email, USB...)")] = None,
    received_on: Annotated[str | None, typer.Option("--on", help="when they came (a date)")] = None,
    kind: Annotated[str, typer.Option(help="testimony, document, report, media or dataset")] = "document",
    protection: Annotated[str | None, typer.Option(help="none, protected (default) or high")] = None,
) -> None:
    """Ingest files as Sources: original kept by SHA-256, text extracted, custody recorded."""
    cli: CliContext = ctx.obj
    collection, files = cli.collection, _files(cli)
    failures: list[str] = []
    for path in _expand(paths, recursive):
        try:
            result = ingest_service.ingest_path(
                collection,
                files,
                cli.actor,
                path,
                received_from=received_from,
                received_how=received_how,
                received_on=received_on,
                kind=kind,
                protection=protection,
            )
        except GirokError as error:
            failures.append(f"{path}: {error}")
            typer.echo(f"failed    {path}: {error}", err=True)
            continue
        source = result.source
        if result.duplicate:
            typer.echo(f"again     {path} -> {source.id} (custody entry {result.custody.id})")
        else:
            data = source.data
            pages = len(data.get("metadata", {}).get("pages", [])) if isinstance(data.get("metadata"), dict) else 0
            details = ", ".join(
                part
                for part in (data.get("format"), f"{pages} pages" if pages else "", data.get("language") or "")
                if part
            )
            typer.echo(f"ingested  {path} -> {source.id} ({details})")
    if failures:
        raise GirokError(f"{len(failures)} file(s) could not be ingested (listed above); the others were")


def text(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="SOURCE_ID|FILE", help="a Source id, or a file to read")],
) -> None:
    """Print a source's text exactly as citation offsets count it."""
    cli: CliContext = ctx.obj
    path = Path(target)
    if not target.startswith("src_") and path.is_file():
        try:
            data = path.read_bytes()
        except OSError:
            raise GirokError("cannot read the file") from None
        content = read(data).text
    else:
        content = ingest_service.source_text(cli.collection, cli.actor, target)
    sys.stdout.write(content)


@custody_app.command("verify")
def custody_verify(ctx: typer.Context) -> None:
    """Re-hash every stored original; report any that changed or went missing."""
    cli: CliContext = ctx.obj
    problems = ingest_service.verify_files(cli.collection, _files(cli), cli.actor)
    if problems:
        for check in problems:
            typer.echo(f"{check.problem:<8} {check.sha256}", err=True)
        raise GirokError(f"{len(problems)} original(s) changed or missing")
    typer.echo("every stored original is present and unchanged")
