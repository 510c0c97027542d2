"""Workflow rules for records with a status (violations: alleged -> corroborated -> verified).

- corroborated: the record is cited by at least two independent sources. Two sources are not
  independent when one is derived from the other (directly or through a chain) or when both give
  the account of the same witness.
- verified: a reviewer (or admin) other than the record's author, and at least one citation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Connection

from girok.errors import NotFoundError, StatusRuleError, ValidationError
from girok.schema.enums import enum_values
from girok.schema.model import RecordType, Schema
from girok.services.actor import Actor
from girok.store.store import Store


def cited_sources(conn: Connection, record_id: str) -> list[str]:
    """Ids of live sources cited by live citations of the record."""
    citations = Store.referrers(conn, record_id, "Citation")
    return sorted({c["data"]["source"] for c in citations if c["data"].get("record") == record_id})


def independent_groups(conn: Connection, source_ids: list[str]) -> list[set[str]]:
    """Partition sources into groups that are not independent of each other (union-find)."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    witness_of: dict[str, str] = {}
    pending = list(source_ids)
    seen: set[str] = set()
    while pending:  # follow derived_from chains, also through sources not cited themselves
        source_id = pending.pop()
        if source_id in seen:
            continue
        seen.add(source_id)
        find(source_id)
        try:
            data = Store.get_record(conn, source_id)["data"]
        except NotFoundError:  # a dangling derivation link cannot make sources dependent
            continue
        for origin in data.get("derived_from") or []:
            union(source_id, origin)
            pending.append(origin)
        witness = data.get("witness")
        if isinstance(witness, str):
            if witness in witness_of:
                union(source_id, witness_of[witness])
            witness_of[witness] = source_id
    groups: dict[str, set[str]] = {}
    for source_id in source_ids:
        groups.setdefault(find(source_id), set()).add(source_id)
    return list(groups.values())


def check_status_change(
    conn: Connection, schema: Schema, kind: RecordType, row: Mapping[str, Any], actor: Actor, status: str
) -> None:
    if not kind.statuses:
        raise ValidationError(f"{kind.name} records have no status")
    allowed = enum_values(kind.statuses)
    if status not in allowed:
        raise ValidationError(f"unknown status {status!r} for {kind.name} (one of {', '.join(allowed)})")
    if row["deleted_at"] is not None:
        raise ValidationError(f"record {row['id']} was deleted")
    if status == row["status"]:
        raise ValidationError(f"{row['id']} is already {status}")
    if status == "verified":
        actor.require_reviewer()
    else:
        actor.require_writer()
    sources = cited_sources(conn, row["id"])
    if status == "corroborated":
        groups = independent_groups(conn, sources)
        if len(groups) < 2:
            raise StatusRuleError(
                f"{row['id']} cannot be corroborated: it needs citations from two independent sources "
                f"(it has {len(sources)} cited source(s) in {len(groups)} independent group(s))"
            )
    if status == "verified":
        if row["created_by"] == actor.name:
            raise StatusRuleError(f"{row['id']} cannot be verified by its author; another reviewer must verify it")
        if not sources:
            raise StatusRuleError(f"{row['id']} cannot be verified: it cites no source")
