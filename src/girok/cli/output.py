"""Printing records and errors: JSON for tools, short readable text for people."""

from __future__ import annotations

import json
import sys
from typing import Any

from girok.services.records import Record


def emit_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def fail(message: str) -> None:
    sys.stderr.write(f"error: {message}\n")


def _format_value(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_format_value(v) for v in value)
    if isinstance(value, dict):
        if "text" in value:
            extra = f" ({value['kind']})" if value.get("kind") else ""
            return f"{value['text']}{extra}"
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def record_lines(record: Record) -> list[str]:
    status = f" [{record.status}]" if record.status else ""
    deleted = " (deleted)" if record.deleted_at else ""
    lines = [f"{record.id}  {record.type}{status}  v{record.version}{deleted}"]
    lines.append(f"  protection: {record.protection}   confidentiality: {record.confidentiality}")
    for name, value in record.data.items():
        lines.append(f"  {name}: {_format_value(value)}")
    lines.append(
        f"  created {record.created_at} by {record.created_by}; updated {record.updated_at} by {record.updated_by}"
    )
    return lines


def record_summary(record: Record) -> str:
    data = record.data
    label = data.get("names") or data.get("title") or data.get("type") or data.get("subject") or ""
    if isinstance(label, list):
        label = _format_value(label[:2])
    status = f" [{record.status}]" if record.status else ""
    return f"{record.id}  {record.type}{status}  {_format_value(label)}"
