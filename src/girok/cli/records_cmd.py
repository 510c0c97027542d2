"""`girok add TYPE --field value ...` and `girok edit ID --field value ...`, with options made from the schema.

The options are generated from record_types.yaml, so a field added there is a CLI option at once.
Multi-valued fields take a singular option that may repeat (`--name A --name B`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import click

from girok.cli.context import CliContext
from girok.cli.output import emit_json, record_lines
from girok.schema.enums import enum_values
from girok.schema.model import FieldSpec, RecordType, load_schema

COMMON = ("protection", "confidentiality", "json_output", "record_id", "expect_version", "reason")


def option_name(spec: FieldSpec) -> str:
    name = spec.name
    if spec.multi and name.endswith("s") and not name.endswith("ss"):
        name = name[:-1]
    return "--" + name.replace("_", "-")


def _parse_value(spec: FieldSpec, raw: str) -> Any:
    """Options are text; geo points and structured names may be given as JSON."""
    if spec.type in ("geo", "name") and raw.lstrip().startswith("{"):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            raise click.BadParameter(f"invalid JSON for {spec.name}") from None
    return raw


_HELP = {
    "partial_date": "a date, maybe partial: 1997, 1997-03, circa 1997, 1990s, 1997년 3월, 주체86년",
    "geo": "latitude, longitude",
    "ref": "a record id",
    "name": "a name in any script",
    "confidence": "0 to 1",
    "offset": "a character offset",
}


def _field_options(record_type: RecordType, for_edit: bool) -> list[click.Option]:
    options = []
    for spec in record_type.fields.values():
        help_text = _HELP.get(spec.type, spec.type.replace("_", " "))
        if spec.vocab:
            help_text = f"an id from 'girok vocab list {spec.vocab}'"
        if spec.enum:
            help_text = "one of " + ", ".join(enum_values(spec.enum))
        if spec.multi:
            help_text += " (repeatable)"
        if spec.required and not for_edit:
            help_text += "; required"
        if for_edit:
            help_text += "; empty text clears it"
        options.append(click.Option([option_name(spec), spec.name], multiple=spec.multi, default=None, help=help_text))
    return options


def _collect(record_type: RecordType, params: dict[str, Any], for_edit: bool) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for spec in record_type.fields.values():
        value = params.get(spec.name)
        if value is None or (spec.multi and len(value) == 0):
            continue
        if spec.multi:
            data[spec.name] = [_parse_value(spec, v) for v in value if v != ""] if value != ("",) else None
        else:
            data[spec.name] = None if (for_edit and value == "") else _parse_value(spec, value)
    return data


def _add_command(record_type: RecordType, run: Callable[..., None]) -> click.Command:
    def callback(**params: Any) -> None:
        ctx: CliContext = click.get_current_context().find_object(CliContext)  # type: ignore[assignment]
        data = _collect(record_type, params, for_edit=False)
        record = ctx.collection.create(
            ctx.actor,
            record_type.name,
            data,
            protection=params["protection"],
            confidentiality=params["confidentiality"],
            record_id=params["record_id"],
        )
        run(record, params["json_output"])

    options = [
        *_field_options(record_type, for_edit=False),
        click.Option(["--protection"], default=None, help="none, protected or high (people and sources)"),
        click.Option(["--confidentiality"], default="internal", help="public, internal, confidential or restricted"),
        click.Option(["--id", "record_id"], default=None, help="use this record id (imports, fixtures)"),
        click.Option(["--json", "json_output"], is_flag=True, help="print the record as JSON"),
    ]
    return click.Command(
        record_type.name.lower(),
        params=options,  # type: ignore[arg-type]
        callback=callback,
        help=f"Add a {record_type.name} record.",
    )


def _print(record: Any, as_json: bool) -> None:
    if as_json:
        emit_json(record.to_dict())
    else:
        click.echo("\n".join(record_lines(record)))


def add_group() -> click.Group:
    group = click.Group("add", help="Add a record: girok add TYPE --field value ...")
    for record_type in load_schema().types.values():
        group.add_command(_add_command(record_type, _print))
    return group


def edit_command() -> click.Command:
    """One `edit` for every type: options of all fields; the record's own type validates them."""
    schema = load_schema()
    specs: dict[str, FieldSpec] = {}
    for record_type in schema.types.values():
        for spec in record_type.fields.values():
            specs.setdefault(spec.name, spec)
    merged = RecordType(name="any", prefix="", label={}, fields=specs)

    def callback(record_id: str, **params: Any) -> None:
        ctx: CliContext = click.get_current_context().find_object(CliContext)  # type: ignore[assignment]
        collection = ctx.collection
        version = params["expect_version"]
        if version is None:
            version = collection.get(ctx.actor, record_id).version
        own_type = schema.for_id(record_id)
        given = _collect(merged, params, for_edit=True)
        for name in given:
            own_type.field(name)
        record = collection.update(
            ctx.actor,
            record_id,
            given,
            expected_version=version,
            protection=params["protection"],
            confidentiality=params["confidentiality"],
            reason=params["reason"],
        )
        _print(record, params["json_output"])

    options: list[click.Parameter] = [click.Argument(["record_id"])]
    options += _field_options(merged, for_edit=True)
    options += [
        click.Option(["--protection"], default=None, help="change the protection level"),
        click.Option(["--confidentiality"], default=None, help="change the confidentiality"),
        click.Option(
            ["--expect-version"],
            type=int,
            default=None,
            help="fail with a conflict unless the record is still at this version (default: its current version)",
        ),
        click.Option(["--reason"], default=None, help="why, kept in the revision"),
        click.Option(["--json", "json_output"], is_flag=True, help="print the record as JSON"),
    ]
    return click.Command("edit", params=options, callback=callback, help="Change fields of a record.")
