"""Sources as a documenter works on them: the list with its review queue, uploads, and the text view.

``list_sources`` pages through the Sources the actor may see with the number of suggestions waiting on each
(counted in the database, one grouped query per page). ``upload`` is one file arriving through the web app:
its custody facts are checked before anything is stored, then it is ingested like the CLI does and the
suggestions of its text are made at once. ``source_view`` gathers what the text view shows, and
``segments`` cuts a text at every suggestion boundary so that overlapping spans can each be highlighted in
place without nesting marks that cross each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import pairwise

from sqlalchemy import func, select

from girok.errors import NotFoundError, ValidationError
from girok.ingest.filestore import FileStore
from girok.ingest.readers.base import DEFAULT_LIMITS
from girok.schema.enums import enum_values
from girok.schema.validate import validate_fields
from girok.services.actor import LEVELS, Actor
from girok.services.ingest import IngestResult, ingest_bytes
from girok.services.records import Collection, Record
from girok.services.suggestions import list_suggestions, suggest
from girok.store import tables as t


@dataclass(frozen=True)
class SourceSummary:
    """A Source in the list: the record (redacted as the actor must see it) and its waiting suggestions."""

    source: Record
    pending: int


@dataclass(frozen=True)
class Uploaded:
    """What one uploaded file became: the ingest result and how many suggestions its text has."""

    result: IngestResult
    suggestions: int

    @property
    def created(self) -> bool:
        return not self.result.duplicate


@dataclass(frozen=True)
class Segment:
    """A run of text between two span boundaries, with the suggestions covering all of it."""

    start: int
    end: int
    text: str
    suggestions: tuple[str, ...] = ()
    #: The kinds of the covering spans, that of the narrowest span first.
    kinds: tuple[str, ...] = ()
    cited: bool = False


@dataclass(frozen=True)
class SourceView:
    source: Record
    #: None when the actor is not cleared for the source's text (it is redacted).
    text: str | None
    suggestions: list[Record]
    segments: list[Segment]
    custody: list[Record]
    #: The passage asked for (start, end), or None.
    cited: tuple[int, int] | None = None

    @property
    def redacted(self) -> bool:
        return self.text is None


def get_source(collection: Collection, actor: Actor, source_id: str) -> Record:
    """The Source with this id; NotFoundError for an id of another type (as for a missing one)."""
    if collection.schema.for_id(source_id).name != "Source":
        raise NotFoundError(f"no source {source_id[:60]}")
    return collection.get(actor, source_id)


def pending_counts(collection: Collection, actor: Actor, source_ids: Iterable[str]) -> dict[str, int]:
    """Pending suggestions per source, among those the actor may see (one grouped query)."""
    wanted = list(source_ids)
    if not wanted:
        return {}
    visible = [level for level in LEVELS if actor.may_see(level)]
    r = t.records.c
    source = r.data["source"].as_string()
    query = (
        select(source, func.count())
        .where(
            r.deleted_at.is_(None),
            r.confidentiality.in_(visible),
            r.type == "Suggestion",
            r.data["decision"].as_string() == "pending",
            source.in_(wanted),
        )
        .group_by(source)
    )
    with collection.store.read() as conn:
        return {str(s): int(n) for s, n in conn.execute(query)}


def count_sources(collection: Collection, actor: Actor) -> int:
    visible = [level for level in LEVELS if actor.may_see(level)]
    r = t.records.c
    query = select(func.count()).where(r.deleted_at.is_(None), r.confidentiality.in_(visible), r.type == "Source")
    with collection.store.read() as conn:
        return int(conn.execute(query).scalar_one())


def list_sources(collection: Collection, actor: Actor, *, limit: int = 50, offset: int = 0) -> list[SourceSummary]:
    """Sources in id order (ids are stable, so pages do not shift while files arrive), with pending counts."""
    sources = collection.list_records(actor, "Source", limit=limit, offset=offset)
    counts = pending_counts(collection, actor, (s.id for s in sources))
    return [SourceSummary(source=s, pending=counts.get(s.id, 0)) for s in sources]


def upload(
    collection: Collection,
    files: FileStore,
    actor: Actor,
    data: bytes,
    *,
    filename: str,
    max_bytes: int,
    received_from: str | None = None,
    received_how: str | None = None,
    received_on: str | None = None,
    kind: str = "document",
    protection: str | None = None,
) -> Uploaded:
    """Ingest one uploaded file and make its suggestions; nothing is stored if any fact or the file is bad.

    The custody facts are validated first: ingest stores the original before it writes the records, so a bad
    date found only then would leave an original with no Source pointing at it.
    """
    actor.require_writer()
    validate_fields(
        collection.schema.get("Source"),
        {
            "title": filename or "upload",
            "kind": kind,
            "acquired_on": received_on,
            "acquired_how": received_how,
            "provider": received_from,
        },
    )
    if protection is not None and protection not in enum_values("protection_levels"):
        raise ValidationError(
            f"unknown protection {protection[:40]!r} (levels: {', '.join(enum_values('protection_levels'))})"
        )
    result = ingest_bytes(
        collection,
        files,
        actor,
        data,
        filename=filename,
        received_from=received_from,
        received_how=received_how,
        received_on=received_on,
        kind=kind,
        protection=protection,
        limits=replace(DEFAULT_LIMITS, max_bytes=max_bytes),
    )
    count = 0
    if not result.source.redacted and result.source.data.get("text"):
        # The same file again keeps every decision taken on it; suggest only adds what is new.
        made = suggest(collection, actor, result.source.id)
        count = len(made.new) + len(made.kept)
    return Uploaded(result=result, suggestions=count)


def segments(
    text: str, spans: Iterable[tuple[str, str, int, int]], cited: tuple[int, int] | None = None
) -> list[Segment]:
    """Cut ``text`` at every boundary of the spans (id, kind, start, end) and of the cited passage.

    Each segment lists the spans covering it, so a span is exactly the run of segments carrying its id, and
    overlapping spans never need marks that cross each other. Spans outside the text or empty are ignored.
    """
    size = len(text)
    kept = [(sid, kind, start, end) for sid, kind, start, end in spans if 0 <= start < end <= size]
    cuts = {0, size}
    for _, _, start, end in kept:
        cuts.update((start, end))
    if cited is not None:
        cuts.update(cited)
    points = sorted(cut for cut in cuts if 0 <= cut <= size)
    starting: dict[int, list[tuple[str, tuple[str, int]]]] = {}
    ending: dict[int, set[str]] = {}
    for sid, kind, start, end in kept:
        starting.setdefault(start, []).append((sid, (kind, end - start)))
        ending.setdefault(end, set()).add(sid)
    # A sweep over the cut points: the spans open at a point are those started and not yet ended.
    active: dict[str, tuple[str, int]] = {}
    result: list[Segment] = []
    for start, end in pairwise(points):
        for sid in ending.get(start, ()):
            active.pop(sid, None)
        active.update(starting.get(start, ()))
        # The narrowest span first: a facility named inside a violation's sentence is what the eye should see.
        narrowest = sorted(active.items(), key=lambda item: item[1][1])
        result.append(
            Segment(
                start=start,
                end=end,
                text=text[start:end],
                suggestions=tuple(active),
                kinds=tuple(dict.fromkeys(kind for _, (kind, _) in narrowest)),
                cited=cited is not None and cited[0] <= start and end <= cited[1],
            )
        )
    return result


def passage(text: str, start: int | None, end: int | None) -> tuple[int, int] | None:
    """The passage (start, end) asked for, checked against the text; None when none was asked."""
    if start is None and end is None:
        return None
    if start is None or end is None or not 0 <= start <= end <= len(text):
        raise ValidationError(f"a passage needs start and end, with 0 <= start <= end <= {len(text)}")
    return (start, end)


def source_view(
    collection: Collection, actor: Actor, source_id: str, *, start: int | None = None, end: int | None = None
) -> SourceView:
    """What the text view shows; the text, its highlights and quotes only for a reader cleared for them."""
    source = get_source(collection, actor, source_id)
    suggestions = list_suggestions(collection, actor, source_id=source_id)
    custody = collection.referring(actor, source_id, "Custody")
    if source.redacted:
        return SourceView(source=source, text=None, suggestions=suggestions, segments=[], custody=custody)
    text = str(source.data.get("text") or "")
    cited = passage(text, start, end)
    spans = [(s.id, str(s.data["kind"]), int(s.data["start"]), int(s.data["end"])) for s in suggestions]
    return SourceView(
        source=source,
        text=text,
        suggestions=suggestions,
        segments=segments(text, spans, cited),
        custody=custody,
        cited=cited,
    )
