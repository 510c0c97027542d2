"""Vocabulary look-up for pickers: any spelling (Yodok, Yodeok, 요덕) finds the entry and its id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from girok.errors import ValidationError
from girok.schema.vocabulary import load_vocabularies
from girok.web.api._common import ERRORS
from girok.web.auth import CurrentUser

router = APIRouter(prefix="/api", tags=["vocabularies"], responses=ERRORS)


class VocabMatch(BaseModel):
    id: str
    vocabulary: str
    label: str = Field(description="in the reader's language")
    label_en: str
    matched: str = Field(description="the id, label or alias the text matched")
    kind: str | None = Field(default=None, description="the entry's kind (gazetteer: province, county, facility...)")
    score: int


@router.get("/vocab/find", response_model=list[VocabMatch])
def find(
    principal: CurrentUser,
    q: Annotated[str, Query(max_length=200)] = "",
    vocabulary: Annotated[list[str] | None, Query(max_length=8)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[VocabMatch]:
    vocabularies = load_vocabularies()
    names = [name for value in vocabulary or [] for name in value.split(",") if name.strip()]
    for name in names:
        if name not in vocabularies.names():
            raise ValidationError(f"vocabulary: unknown vocabulary {name[:40]!r}")
    language = principal.user.language
    matches = vocabularies.find(q, limit=limit, vocabularies=names or None)
    return [
        VocabMatch(
            id=match.entry.id,
            vocabulary=match.vocabulary,
            label=match.entry.text(language),
            label_en=match.entry.text("en"),
            matched=match.alias,
            kind=str(match.entry.data["kind"]) if match.entry.data.get("kind") else None,
            score=match.score,
        )
        for match in matches
    ]
