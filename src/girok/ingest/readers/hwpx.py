"""HWPX (Hancom Office's OWPML, a zip of XML parts): section text in order, with package metadata.

The container passes :mod:`.zipguard` first. XML is parsed with defusedxml (the standard library's
ElementTree with DTDs, entity declarations and external references refused), so entity-expansion
attacks ("billion laughs") and external entities fail with a clear error rather than expanding.

Text: the section parts ``Contents/section0.xml``, ``section1.xml``... in numeric order; each ``<hp:p>``
paragraph on its own line, made of the text of its ``<hp:t>`` runs (``<hp:tab/>`` -> tab,
``<hp:lineBreak/>`` -> newline). Paragraphs inside tables, text boxes and other sub-lists follow the
paragraph that holds them. Elements are matched by local name, so every OWPML namespace version works.

Metadata, from ``Contents/content.hpf`` when present: ``title``, ``author`` (creator), ``last_modified_by``,
``created``, ``modified`` (as the file writes them), and the declared language as ``language_hint``.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

from girok.ingest.readers.base import DEFAULT_LIMITS, Extracted, Limits, ReaderError, normalise
from girok.ingest.readers.zipguard import SafeZip, open_zip

_SECTION = re.compile(r"^Contents/section(\d+)\.xml$")
_BLANKS = re.compile(r"\n{3,}")
_META_KEYS = {
    "creator": "author",
    "lastsaveby": "last_modified_by",
    "createddate": "created",
    "modifieddate": "modified",
}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _parse(archive: SafeZip, name: str) -> Element:
    try:
        root: Element = SafeET.fromstring(archive.read(name), forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise ReaderError("unsafe HWPX: its XML declares entities or a DTD") from None
    except ParseError:
        raise ReaderError("damaged HWPX: a part is not well-formed XML") from None
    return root


def _paragraph(p: Element, out: list[str]) -> None:
    parts: list[str] = []
    nested: list[Element] = []

    def visit(node: Element) -> None:
        for child in node:
            name = _local(child.tag)
            if name == "p":
                nested.append(child)
            elif name == "t":
                parts.append(child.text or "")
                for inner in child:
                    inner_name = _local(inner.tag)
                    if inner_name == "tab":
                        parts.append("\t")
                    elif inner_name == "lineBreak":
                        parts.append("\n")
                    parts.append(inner.tail or "")
            else:
                visit(child)

    visit(p)
    out.append("".join(parts))
    for child in nested:
        _paragraph(child, out)


def _walk(node: Element, out: list[str]) -> None:
    for child in node:
        if _local(child.tag) == "p":
            _paragraph(child, out)
        else:
            _walk(child, out)


def _metadata(root: Element) -> tuple[dict[str, object], str | None]:
    found: dict[str, object] = {}
    language = None
    for element in root.iter():
        name = _local(element.tag)
        value = (element.text or "").strip()
        if not value:
            continue
        if name == "title":
            found.setdefault("title", value)
        elif name == "creator":
            found.setdefault("author", value)
        elif name == "language":
            language = value
        elif name == "meta":
            key = _META_KEYS.get((element.get("name") or "").lower())
            if key:
                found.setdefault(key, value)
    return found, language


def read_hwpx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    with open_zip(data, "HWPX", limits) as archive:
        sections = sorted(
            (int(match.group(1)), name) for name in archive.names if (match := _SECTION.match(name)) is not None
        )
        if not sections:
            raise ReaderError("damaged HWPX: it has no section parts")
        lines: list[str] = []
        for _, name in sections:
            _walk(_parse(archive, name), lines)
        metadata: dict[str, object] = {}
        language = None
        if archive.has("Contents/content.hpf"):
            metadata, language = _metadata(_parse(archive, "Contents/content.hpf"))
    text = _BLANKS.sub("\n\n", normalise("\n".join(lines))).strip("\n")
    return Extracted(text=text, pages=(), format="hwpx", metadata=metadata, language_hint=language)
