"""Commands for the collection as a whole and for actions on records other than add/edit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from girok.cli.context import CliContext
from girok.cli.output import emit_json, record_lines
from girok.errors import GirokError, HomeError
from girok.schema.model import load_schema
from girok.services import audit as audit_service
from girok.services import exchange
from girok.services import keys as key_service
from girok.store.store import Store

audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
keys_app = typer.Typer(help="The encryption key of this data home.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="print JSON")]


def init(
    ctx: typer.Context,
    key_file: Annotated[
        Path | None,
        typer.Option("--key-file", help="use the key exported from another home (to move a collection)"),
    ] = None,
) -> None:
    """Create a new data home: database, evidence folder and encryption key."""
    cli: CliContext = ctx.obj
    home = cli.home
    store, _ = home.init(key_file=key_file)
    store.close()
    typer.echo(f"initialised a Girok data home in {home.path}")
    typer.echo("the encryption key is in its keys/ folder: back it up with 'girok keys export FILE'")


def demo(
    ctx: typer.Context,
    size: Annotated[int, typer.Option(min=1, max=1_000_000, help="number of testimonies")] = 40,
    seed: Annotated[int, typer.Option(help="random seed: the same seed gives the same collection")] = 1,
) -> None:
    """Fill the home with a FICTIONAL demo collection (creates the home if needed) and print a summary."""
    from girok.demo.generator import generate  # the generator is only loaded when asked for

    cli: CliContext = ctx.obj
    if not cli.home.is_initialised:
        cli.home.init()[0].close()
    counts = generate(cli.collection, cli.actor, size=size, seed=seed)
    typer.echo(f"demo collection (fictional) created: {sum(counts.values())} records")
    summary(ctx)


def summary(ctx: typer.Context, json_output: JsonFlag = False) -> None:
    """Count the records in the collection, by type."""
    cli: CliContext = ctx.obj
    store, _ = cli.open()
    with store.read() as conn:
        counts = Store.count_records(conn)
        entries, _ = Store.audit_head(conn)
    if json_output:
        emit_json({"records": counts, "audit_entries": entries})
        return
    typer.echo(f"Girok collection in {cli.home.path}")
    for type_name in load_schema().types:
        typer.echo(f"  {type_name:<13}{counts.get(type_name, 0):>9}")
    typer.echo(f"  {'audit entries':<13}{entries:>9}")


def delete(
    ctx: typer.Context,
    record_id: str,
    reason: Annotated[str | None, typer.Option(help="why, kept in the revision")] = None,
    expect_version: Annotated[int | None, typer.Option(help="fail unless still at this version")] = None,
) -> None:
    """Soft-delete a record (it stays, with its history, and can be restored)."""
    cli: CliContext = ctx.obj
    collection = cli.collection
    version = expect_version or collection.get(cli.actor, record_id).version
    record = collection.delete(cli.actor, record_id, expected_version=version, reason=reason)
    typer.echo(f"deleted {record.id} (version {record.version})")


def restore(
    ctx: typer.Context,
    record_id: str,
    reason: Annotated[str | None, typer.Option(help="why, kept in the revision")] = None,
) -> None:
    """Restore a soft-deleted record."""
    cli: CliContext = ctx.obj
    collection = cli.collection
    version = collection.get(cli.actor, record_id, include_deleted=True).version
    record = collection.restore(cli.actor, record_id, expected_version=version, reason=reason)
    typer.echo(f"restored {record.id} (version {record.version})")


def link(
    ctx: typer.Context,
    subject: str,
    relation: Annotated[str, typer.Argument(help="relation type, e.g. parent-of, member-of, detained-in")],
    object_id: Annotated[str, typer.Argument(metavar="OBJECT")],
    date: Annotated[str | None, typer.Option(help="when (a partial date)")] = None,
    notes: Annotated[str | None, typer.Option()] = None,
    json_output: JsonFlag = False,
) -> None:
    """Relate two records: girok link SUBJECT RELATION OBJECT."""
    cli: CliContext = ctx.obj
    record = cli.collection.link(cli.actor, relation, subject, object_id, date=date, notes=notes)
    _print(record, json_output)


def cite(
    ctx: typer.Context,
    record_id: str,
    source_id: str,
    field: Annotated[str | None, typer.Option(help="the field the source supports (default: the whole record)")] = None,
    start: Annotated[int | None, typer.Option(min=0, help="first character of the passage")] = None,
    end: Annotated[int | None, typer.Option(min=0, help="character after the passage")] = None,
    page: Annotated[int | None, typer.Option(min=0)] = None,
    quote: Annotated[str | None, typer.Option()] = None,
    json_output: JsonFlag = False,
) -> None:
    """Cite a source (passage) for a record."""
    cli: CliContext = ctx.obj
    record = cli.collection.cite(
        cli.actor, record_id, source_id, field=field, start=start, end=end, page=page, quote=quote
    )
    _print(record, json_output)


def status(
    ctx: typer.Context,
    record_id: str,
    new_status: Annotated[str, typer.Argument(metavar="STATUS", help="alleged, corroborated, verified, ...")],
    reason: Annotated[str | None, typer.Option()] = None,
    expect_version: Annotated[int | None, typer.Option(help="fail unless still at this version")] = None,
) -> None:
    """Change the status of a violation (corroborated needs two independent sources; verified another reviewer)."""
    cli: CliContext = ctx.obj
    collection = cli.collection
    version = expect_version or collection.get(cli.actor, record_id).version
    record = collection.change_status(cli.actor, record_id, new_status, expected_version=version, reason=reason)
    typer.echo(f"{record.id} is now {record.status} (version {record.version})")


def export(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="the JSON Lines file to write")]) -> None:
    """Export every record and revision (protected fields stay encrypted)."""
    cli: CliContext = ctx.obj
    store, _ = cli.open()
    if file.exists():
        raise HomeError(f"{file.name} already exists; choose a new file name (nothing was written)")
    tmp = file.with_name(file.name + ".partial")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            count = exchange.export_to(store, cli.actor, handle)
        tmp.replace(file)
    except OSError:
        raise HomeError(f"cannot write {file.name} (check the folder exists and is writable)") from None
    finally:
        tmp.unlink(missing_ok=True)
    typer.echo(f"exported {count} lines to {file}")


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="a JSON Lines export")],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="import the valid lines, report the rest")
    ] = False,
    report: Annotated[Path | None, typer.Option(help="where to write the list of rejected lines")] = None,
) -> None:
    """Import an export; nothing is written unless every line is valid (or --skip-invalid)."""
    cli: CliContext = ctx.obj
    store, keyring = cli.open()
    try:
        handle = file.open(encoding="utf-8-sig")  # a byte-order mark from Windows editors is harmless
    except OSError:
        raise HomeError(f"cannot read {file.name}") from None
    try:
        with handle:
            result = exchange.import_from(store, keyring, load_schema(), cli.actor, handle, skip_invalid=skip_invalid)
    except GirokError:
        raise
    except UnicodeDecodeError:
        raise HomeError(f"{file.name} is not UTF-8 text; nothing was imported") from None
    typer.echo(f"imported {result.records} records and {result.revisions} revisions")
    if result.errors:
        report_path = report or file.with_name(file.name + ".rejected.txt")
        report_path.write_text("\n".join(result.error_lines()) + "\n", encoding="utf-8")
        typer.echo(f"skipped {len(result.errors)} invalid line(s); listed in {report_path}", err=True)


def _print(record: object, as_json: bool) -> None:
    if as_json:
        emit_json(record.to_dict())  # type: ignore[attr-defined]
    else:
        typer.echo("\n".join(record_lines(record)))  # type: ignore[arg-type]


@audit_app.command("verify")
def audit_verify(ctx: typer.Context) -> None:
    """Re-compute the audit chain and check every record against it; names the first altered entry."""
    cli: CliContext = ctx.obj
    store, _ = cli.open()
    report = audit_service.verify(store, cli.actor)
    if not report.ok:
        raise GirokError(report.summary())
    typer.echo(report.summary())


@audit_app.command("log")
def audit_log(
    ctx: typer.Context,
    record: Annotated[str | None, typer.Option(help="only entries about this record")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    json_output: JsonFlag = False,
) -> None:
    """The newest audit entries: who did what to which record, and when."""
    cli: CliContext = ctx.obj
    store, _ = cli.open()
    entries = audit_service.recent(store, cli.actor, record, limit)
    if json_output:
        emit_json(entries)
        return
    for entry in entries:
        target = f" {entry['record_id']} v{entry['version']}" if entry["record_id"] else ""
        typer.echo(f"{entry['seq']:>7}  {entry['at']}  {entry['actor']:<20} {entry['action']}{target}")


@keys_app.command("rotate")
def keys_rotate(
    ctx: typer.Context,
    drop_old: Annotated[
        bool, typer.Option("--drop-old", help="remove the old keys once everything is re-encrypted")
    ] = False,
) -> None:
    """Make a new key and re-encrypt every protected field with it."""
    cli: CliContext = ctx.obj
    store, keyring = cli.open()
    result = key_service.rotate(cli.home, store, keyring, cli.actor, drop_old=drop_old)
    typer.echo(f"new key {result.new_key}: re-encrypted {result.records} records and {result.revisions} revisions")
    if result.retired:
        typer.echo(f"removed old keys {', '.join(result.retired)}: exports made before today need them")


@keys_app.command("export")
def keys_export(
    ctx: typer.Context, file: Annotated[Path, typer.Argument(help="where to write the key (mode 0600)")]
) -> None:
    """Write this home's key to FILE, to set up another home with 'girok init --key-file FILE'."""
    cli: CliContext = ctx.obj
    _, keyring = cli.open()
    key_service.export_key(keyring, cli.actor, file)
    typer.echo(f"key written to {file}: keep it secret, it decrypts every protected identity")


COMMANDS: dict[str, Callable[..., None]] = {
    "init": init,
    "demo": demo,
    "summary": summary,
    "delete": delete,
    "restore": restore,
    "link": link,
    "cite": cite,
    "status": status,
    "export": export,
    "import": import_,
}
