"""HTML: the main text of a page without its navigation boilerplate, with title, author and date.

Decoding: a byte order mark first, then the page's own ``<meta charset>`` or ``http-equiv`` declaration
(EUC-KR and KS C 5601 labels read as CP949, as browsers do), then the detection of :mod:`.text`.

Parsing uses lxml's HTML parser (libxml2: tolerant of broken markup, no network access). Dropped:
``script``, ``style``, ``noscript``, ``template``, ``nav``, ``header``, ``footer``, ``aside``, ``form``,
``iframe``, ``svg``, ``button``, ``select`` (a ``header`` inside ``main`` or ``article`` is kept: it is that
article's heading) and elements that are ``hidden``, ``aria-hidden``, styled
``display:none`` or carry a navigation/banner/footer ARIA role. When the page marks its main content
(``<main>``, ``role="main"`` or a single ``<article>``) only that is kept.

Text: headings, paragraphs, list items, table rows and other blocks each become a block separated by a
blank line; whitespace inside a block collapses to single spaces; ``<br>`` is a newline; table cells are
separated by a tab; ``<pre>`` keeps its whitespace. Metadata: ``title``, ``author``, ``date`` (from the
usual meta names) and ``encoding``; ``<html lang>`` becomes the language hint.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

from girok.ingest.readers.base import Extracted, ReaderError, control_ratio, normalise
from girok.ingest.readers.text import BINARY_CONTROL_RATIO, decode

_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)

DROP = frozenset(
    {
        *("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe"),
        *("svg", "canvas", "button", "select", "object", "embed", "dialog", "menu"),
    }
)
BLOCK = frozenset(
    {
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote"),
        *("tr", "table", "thead", "tbody", "tfoot", "caption", "section", "article", "main", "body", "center"),
        *("figure", "figcaption", "address", "hr", "summary", "details"),
    }
)
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"})
_DATE_NAMES = (
    "date",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.issued",
    "pubdate",
    "article:published_time",
    "og:published_time",
)


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _dropped(element: Any, tag: str) -> bool:
    if tag in DROP:
        return True
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").lower() == "true":
        return True
    if (element.get("role") or "").lower() in _DROP_ROLES:
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


# Markers for <br> and table-cell boundaries while collecting, kept apart from the source's own newlines
# and tabs (which are only whitespace). NUL never survives normalise(); \x01 is removed from the input.
_BR = "\x00"
_CELL = "\x01"


def _collapse(block: str) -> str:
    lines = []
    for line in block.split(_BR):
        cells = [" ".join(cell.split()) for cell in line.split(_CELL)]
        lines.append("\t".join(cells).strip("\t"))
    return "\n".join(lines).strip("\n")


class _Collector:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.content_depth = 0  # inside <main> or <article>, where <header> is the article's own heading

    def flush(self) -> None:
        block = _collapse("".join(self.current))
        if block.strip():
            self.blocks.append(block)
        self.current = []

    def walk(self, element: Any) -> None:
        if not isinstance(element.tag, str):  # comments, processing instructions
            return
        tag = element.tag.lower()
        if not (tag == "header" and self.content_depth) and _dropped(element, tag):
            return
        if tag == "br":
            self.current.append(_BR)
            return
        if tag == "pre":
            self.flush()
            text = element.text_content().strip("\n")
            if text.strip():
                self.blocks.append(text)
            return
        is_block = tag in BLOCK
        if is_block:
            self.flush()
        elif tag in ("td", "th") and "".join(self.current).strip():
            self.current.append(_CELL)
        content = tag in ("main", "article")
        self.content_depth += content
        self.current.append(element.text or "")
        for child in element:
            self.walk(child)
            self.current.append(child.tail or "")
        self.content_depth -= content
        if is_block:
            self.flush()


def _meta(root: Any) -> tuple[dict[str, object], str | None]:
    found: dict[str, object] = {}
    title = root.find(".//title")
    if title is not None:
        text = " ".join(title.text_content().split())
        if text:
            found["title"] = text
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if not content:
            continue
        if name in ("author", "dc.creator", "dcterms.creator", "article:author"):
            found.setdefault("author", content)
        elif name in _DATE_NAMES:
            found.setdefault("date", content)
    lang = (root.get("lang") or root.get("xml:lang") or "").strip() or None
    return found, lang


def _main(root: Any) -> Any:
    body = root.find(".//body")
    scope = body if body is not None else root
    for candidate in scope.iter("main"):
        return candidate
    for candidate in scope.iter():
        if isinstance(candidate.tag, str) and (candidate.get("role") or "").lower() == "main":
            return candidate
    articles = list(scope.iter("article"))
    if len(articles) == 1:
        return articles[0]
    return scope


def read_html(data: bytes) -> Extracted:
    if not data:
        raise ReaderError("empty file")
    raw, encoding = decode(data, _declared_charset(data))
    if control_ratio(raw) > BINARY_CONTROL_RATIO:
        raise ReaderError("unrecognised format (binary data)")
    raw = _XML_DECLARATION.sub("", normalise(raw), count=1).replace(_CELL, "")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)
    metadata: dict[str, object] = {"encoding": encoding}
    try:
        root = lxml.html.document_fromstring(raw, parser=parser)
    except etree.ParserError:  # nothing but whitespace or comments
        return Extracted(text="", pages=(), format="html", metadata=metadata)
    found, language = _meta(root)
    metadata.update(found)
    collector = _Collector()
    collector.walk(_main(root))
    collector.flush()
    text = "\n\n".join(collector.blocks)
    return Extracted(text=text, pages=(), format="html", metadata=metadata, language_hint=language)
