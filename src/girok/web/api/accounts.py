"""The API's own account routes: who am I, my tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, StringConstraints

from girok.web.api._common import ERRORS
from girok.web.auth import CurrentUser
from girok.web.context import services

router = APIRouter(prefix="/api", tags=["accounts"], responses=ERRORS)


class Me(BaseModel):
    name: str
    role: str
    clearance: str
    language: str


class TokenOut(BaseModel):
    id: str
    label: str
    user_name: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


class TokenCreated(TokenOut):
    token: str = Field(description="the secret: shown once, never stored")


class TokenIn(BaseModel):
    label: Annotated[str, StringConstraints(min_length=1, max_length=128)]


@router.get("/me", response_model=Me)
def me(principal: CurrentUser) -> Me:
    user = principal.user
    return Me(name=user.name, role=user.role, clearance=user.clearance, language=user.language)


@router.get("/tokens", response_model=list[TokenOut])
def tokens(request: Request, principal: CurrentUser) -> list[TokenOut]:
    return [TokenOut(**tok.__dict__) for tok in services(request).accounts.tokens(principal.actor)]


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create_token(request: Request, principal: CurrentUser, body: TokenIn) -> TokenCreated:
    secret, created = services(request).accounts.create_token(principal.actor, body.label)
    return TokenCreated(token=secret, **created.__dict__)


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(request: Request, principal: CurrentUser, token_id: str) -> TokenOut:
    return TokenOut(**services(request).accounts.revoke_token(principal.actor, token_id).__dict__)
