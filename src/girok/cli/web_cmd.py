"""`girok serve` (the web app) and `girok user` (accounts for it)."""

from __future__ import annotations

import os
import secrets
import sys
from typing import Annotated, Any

import typer

from girok.cli.context import CliContext
from girok.cli.output import emit_json
from girok.services.accounts import Accounts

user_app = typer.Typer(help="Accounts of the web app and the API.", no_args_is_help=True)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="address to listen on (127.0.0.1: this computer only)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=32, help="server processes (one per core uses them all)")] = 1,
) -> None:
    """Serve the web app and the JSON API (open the printed address in a browser)."""
    import uvicorn

    from girok.web.app import configure_logging, create_app
    from girok.web.config import WebConfig

    cli: CliContext = ctx.obj
    home = cli.home
    app = create_app(WebConfig.from_env(home))  # fails here, with one line, when the home or the assets are missing
    if Accounts(app.state.services.collection.store).count() == 0:
        typer.echo("no account yet: add the first administrator with 'girok user add NAME --role admin'", err=True)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Girok is serving {home.path} at http://{shown}:{port}/  (Ctrl+C stops it)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo("note: serve other computers only behind HTTPS (a reverse proxy); cookies are Secure", err=True)
    # No access log: request lines carry record ids and search queries, which may name protected people.
    options: dict[str, Any] = {"host": host, "port": port, "log_level": "warning", "access_log": False}
    options["server_header"] = False
    if workers == 1:
        configure_logging(home)
        uvicorn.run(app, **options)
        return
    # Several processes (Python runs one request's code on one core at a time): each worker builds its own
    # app from the environment, so the home chosen here is passed on in it.
    app.state.services.collection.store.close()
    os.environ["GIROK_HOME"] = str(home.path)
    os.environ["GIROK_DB"] = home.db_url
    uvicorn.run("girok.web.app:app_from_environment", factory=True, workers=workers, **options)


@user_app.command("add")
def add_user(
    ctx: typer.Context,
    name: str,
    role: Annotated[str, typer.Option(help="admin, editor, reviewer or viewer")] = "viewer",
    clearance: Annotated[str, typer.Option(help="public, internal, confidential or restricted")] = "internal",
    language: Annotated[str, typer.Option(help="interface language: en or ko")] = "en",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from stdin")] = False,
    generate: Annotated[bool, typer.Option("--generate-password", help="make a random password and print it")] = False,
) -> None:
    """Add an account (the first administrator, on a new home). Asks for the password unless told otherwise."""
    cli: CliContext = ctx.obj
    password = _password(password_stdin, generate)
    store, _ = cli.open()
    user = Accounts(store).add_user(cli.actor, name, password, role=role, clearance=clearance, language=language)
    typer.echo(f"added {user.name} ({user.role}, clearance {user.clearance})")
    if generate:
        typer.echo(f"password: {password}  (shown once: change it under Settings after signing in)")


def _password(password_stdin: bool, generate: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if generate:
        return secrets.token_urlsafe(12)
    return str(typer.prompt("password", hide_input=True, confirmation_prompt=True))


@user_app.command("reset-password")
def reset_password(
    ctx: typer.Context,
    name: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from stdin")] = False,
    generate: Annotated[bool, typer.Option("--generate-password", help="make a random password and print it")] = False,
) -> None:
    """Set a new password for an account (a forgotten one); its sessions end and a lockout lifts."""
    cli: CliContext = ctx.obj
    password = _password(password_stdin, generate)
    store, _ = cli.open()
    Accounts(store).reset_password(cli.actor, name, password)
    typer.echo(f"new password set for {name}")
    if generate:
        typer.echo(f"password: {password}  (shown once)")


@user_app.command("list")
def list_users(
    ctx: typer.Context, json_output: Annotated[bool, typer.Option("--json", help="print JSON")] = False
) -> None:
    """The accounts: name, role, clearance, and whether disabled or locked."""
    cli: CliContext = ctx.obj
    store, _ = cli.open()
    users = Accounts(store).list_users(cli.actor)
    if json_output:
        emit_json([{**u.__dict__} for u in users])
        return
    for u in users:
        flags = " disabled" if u.disabled else ""
        flags += f" locked until {u.locked_until}" if u.locked_until else ""
        typer.echo(f"{u.name}  {u.role}  {u.clearance}{flags}")


@user_app.command("set")
def set_user(
    ctx: typer.Context,
    name: str,
    role: Annotated[str | None, typer.Option(help="new role")] = None,
    clearance: Annotated[str | None, typer.Option(help="new clearance")] = None,
    disable: Annotated[bool | None, typer.Option("--disable/--enable", help="stop (or allow) signing in")] = None,
) -> None:
    """Change an account's role, clearance, or whether it may sign in."""
    cli: CliContext = ctx.obj
    store, _ = cli.open()
    user = Accounts(store).update_user(cli.actor, name, role=role, clearance=clearance, disabled=disable)
    typer.echo(f"{user.name}: {user.role}, clearance {user.clearance}{' (disabled)' if user.disabled else ''}")
