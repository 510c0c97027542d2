"""The `girok` command: a thin shell over the services.

Errors a user can cause print one line on stderr and exit 1; usage errors exit 2; anything
unexpected is logged under the home's logs/ and reported as one line without internals.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import click
import typer

from girok import __version__
from girok.cli import admin_cmd, extract_cmd, ingest_cmd, search_cmd, suggestions_cmd, table_cmd, vocab_cmd, web_cmd
from girok.cli.context import CliContext
from girok.cli.output import emit_json, fail, record_lines, record_summary
from girok.cli.records_cmd import add_group, edit_command
from girok.errors import GirokError
from girok.home import Home

app = typer.Typer(
    name="girok",
    help="Girok (기록): documentation and accountability for human-rights violations in North Korea.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(vocab_cmd.app, name="vocab")
app.add_typer(admin_cmd.audit_app, name="audit")
app.add_typer(admin_cmd.keys_app, name="keys")
app.add_typer(ingest_cmd.custody_app, name="custody")
app.command("ingest")(ingest_cmd.ingest)
app.command("text")(ingest_cmd.text)
app.command("import-table")(table_cmd.import_table)
app.command("extract")(extract_cmd.extract_command)
app.command("eval-extract")(extract_cmd.eval_extract)
app.command("suggest")(suggestions_cmd.suggest)
app.add_typer(suggestions_cmd.app, name="suggestions")
app.command("search")(search_cmd.search_command)
app.command("reindex")(search_cmd.reindex_command)
app.command("serve")(web_cmd.serve)
app.add_typer(web_cmd.user_app, name="user")
for command_name, command in admin_cmd.COMMANDS.items():
    app.command(command_name)(command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"girok {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    home: Annotated[
        Path | None, typer.Option("--home", help="data home (default: $GIROK_HOME or ./girok-data)")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--as", help="who is acting (default: $GIROK_ACTOR or local:<user>)")
    ] = None,
    role: Annotated[str, typer.Option(help="act in this role: admin, editor, reviewer or viewer")] = "admin",
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version")
    ] = False,
) -> None:
    ctx.obj = CliContext(home_path=home, actor_name=actor, role=role)
    ctx.call_on_close(ctx.obj.close)


@app.command()
def show(
    ctx: typer.Context,
    record_id: str,
    history: Annotated[bool, typer.Option("--history", help="also print the revisions")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Show one record (and its citations and history)."""
    cli: CliContext = ctx.obj
    collection = cli.collection
    record = collection.get(cli.actor, record_id, include_deleted=True)
    citations = collection.citations_of(cli.actor, record_id)
    revisions = collection.history(cli.actor, record_id) if history else []
    if json_output:
        emit_json({"record": record.to_dict(), "citations": [c.to_dict() for c in citations], "history": revisions})
        return
    typer.echo("\n".join(record_lines(record)))
    for citation in citations:
        span = f" chars {citation.data.get('start')}-{citation.data.get('end')}" if "start" in citation.data else ""
        typer.echo(f"  cited by {citation.id}: source {citation.data['source']}{span}")
    for revision in revisions:
        typer.echo(f"  v{revision['version']} {revision['action']} by {revision['actor']} at {revision['at']}")


@app.command("list")
def list_records(
    ctx: typer.Context,
    record_type: Annotated[str | None, typer.Argument(help="a record type, e.g. person")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    json_output: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List records, optionally of one type."""
    cli: CliContext = ctx.obj
    records = cli.collection.list_records(cli.actor, record_type, limit=limit, offset=offset)
    if json_output:
        emit_json([r.to_dict() for r in records])
    else:
        for record in records:
            typer.echo(record_summary(record))


def _command() -> click.Command:
    command = typer.main.get_command(app)
    assert isinstance(command, click.Group)
    command.add_command(add_group())
    command.add_command(edit_command())
    return command


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and turn errors into one line and an exit code."""
    command = _command()
    try:
        command.main(args=argv, prog_name="girok", standalone_mode=False)
    except click.exceptions.Abort:
        fail("aborted")
        return 1
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.UsageError as error:
        fail(error.format_message().splitlines()[0])
        return 2
    except click.ClickException as error:
        fail(error.format_message().splitlines()[0])
        return 1
    except GirokError as error:
        fail(str(error))
        return 1
    except KeyboardInterrupt:
        fail("interrupted")
        return 130
    except Exception:  # the last line of defence: log it, show nothing internal
        fail(f"unexpected internal error; details are in {_log_unexpected()}")
        return 1
    return 0


def _log_unexpected() -> str:
    """Append the traceback to the home's logs/girok.log (never to the terminal); return where it went."""
    home = Home.from_env()
    log_dir = home.path / "logs" if home.path.exists() else Path(tempfile.gettempdir())
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(log_dir / "girok.log", encoding="utf-8")
    except OSError:
        return "no log (the log folder is not writable)"
    logger = logging.getLogger("girok.cli")
    logger.addHandler(handler)
    try:
        logger.exception("unexpected error")
    finally:
        logger.removeHandler(handler)
        handler.close()
    return "logs/girok.log" if log_dir.name == "logs" else "girok.log in the temporary folder"


if __name__ == "__main__":
    sys.exit(main())
