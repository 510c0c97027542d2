"""`girok ingest`, `girok text` and `girok custody verify`: files in, text out, originals checked."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, TextColumn

from girok.cli.context import CliContext
from girok.errors import GirokError
from girok.ingest.filestore import FileStore
from girok.ingest.readers import read
from girok.ingest.readers.base import DEFAULT_LIMITS
from girok.services import ingest as ingest_service
from girok.services.bulk_ingest import BulkReport, ingest_many

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
    workers: Annotated[int | None, typer.Option(min=1, max=64, help="worker processes (default: one per core)")] = None,
    report: Annotated[Path | None, typer.Option(help="where to list the files that failed")] = None,
    max_size: Annotated[
        int, typer.Option("--max-size", min=1, max=100_000, help="refuse files larger than this many MB")
    ] = DEFAULT_LIMITS.max_bytes // 1_048_576,
) -> None:
    """Ingest files as Sources: original kept by SHA-256, text extracted, custody recorded."""
    cli: CliContext = ctx.obj
    todo = _expand(paths, recursive)
    started = time.monotonic()
    with _progress(len(todo)) as show:
        result = ingest_many(
            cli.collection,
            _files(cli),
            cli.actor,
            todo,
            received_from=received_from,
            received_how=received_how,
            received_on=received_on,
            kind=kind,
            protection=protection,
            workers=workers,
            limits=replace(DEFAULT_LIMITS, max_bytes=max_size * 1_048_576),
            progress=show,
        )
    seconds = max(time.monotonic() - started, 1e-9)
    typer.echo(
        f"{result.ingested} ingested, {result.again} again (custody added), {result.already} already recorded, "
        f"{len(result.failures)} failed; {result.done / seconds:.1f} files/s, "
        f"{result.bytes / seconds / 1_000_000:.2f} MB/s"
    )
    if result.failures:
        target = report or cli.home.path / "reports" / f"ingest-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(f"{path}: {reason}\n" for path, reason in sorted(result.failures)), "utf-8")
        for path, reason in sorted(result.failures):
            typer.echo(f"failed    {path}: {reason}", err=True)
        raise GirokError(f"{len(result.failures)} file(s) could not be ingested (listed in {target}); the others were")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[str, str, BulkReport], None]]:
    """A live progress bar on a terminal; one line per file otherwise (logs, CI, tests)."""
    if not sys.stderr.isatty():

        def line(path: str, outcome: str, _report: BulkReport) -> None:
            if not outcome.startswith("failed"):
                typer.echo(f"{outcome:<9} {path}")

        yield line
        return
    columns = (*Progress.get_default_columns(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"))
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("ingesting", total=total, rate="")
        started = time.monotonic()

        def advance(_path: str, _outcome: str, report: BulkReport) -> None:
            rate = report.done / max(time.monotonic() - started, 1e-9)
            bar.update(task, advance=1, rate=f"{rate:.1f} files/s, {len(report.failures)} failed")

        yield advance


@dataclass(frozen=True)
class TargetText:
    """The text of a command's SOURCE_ID|FILE argument, read as `girok text` prints it."""

    text: str
    #: The file read, or None for a stored Source.
    path: Path | None
    sha256: str | None


def target_text(cli: CliContext, target: str) -> TargetText:
    """A file (read, never stored) or a stored Source: the one rule `girok text` and `girok extract` share."""
    path = Path(target)
    if not target.startswith("src_") and path.is_file():
        try:
            data = path.read_bytes()
        except OSError:
            raise GirokError("cannot read the file") from None
        return TargetText(read(data).text, path, hashlib.sha256(data).hexdigest())
    if not target.startswith("src_"):
        raise GirokError(f"no file or Source {target[:80]!r}")
    sha256 = cli.collection.get(cli.actor, target).data.get("sha256")
    return TargetText(ingest_service.source_text(cli.collection, cli.actor, target), None, sha256)


def text(
    ctx: typer.Context,
    target: Annotated[str, typer.Argument(metavar="SOURCE_ID|FILE", help="a Source id, or a file to read")],
) -> None:
    """Print a source's text exactly as citation offsets count it."""
    sys.stdout.write(target_text(ctx.obj, target).text)


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
