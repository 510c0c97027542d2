"""Accounts: the people who sign in to the web app and the API, their sessions and personal API tokens.

A user is an Actor with a password: the name written on every change, a role (what they may do) and a
clearance (what they may read). Secrets never reach the database: passwords are kept as argon2id hashes,
session and API tokens as SHA-256 digests of random 256-bit values (a digest suffices for those: they
are random, so there is nothing to guess). Repeated failed sign-ins lock the account for a while.
Creating, changing and locking accounts, and signing in, append entries to the audit chain.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from girok.errors import AuthenticationError, ConflictError, NotFoundError, ValidationError
from girok.services.actor import LEVELS, ROLES, Actor
from girok.store import tables as t
from girok.store.store import Store, utc_now

LANGUAGES = ("en", "ko")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
#: Failed sign-ins in a row that lock an account, and for how long.
LOCKOUT_AFTER = 5
LOCKOUT_MINUTES = 15
#: A session ends after this long without a request, and in any case this long after sign-in.
SESSION_IDLE = timedelta(hours=8)
SESSION_MAX = timedelta(hours=24)
#: How often a session's last-seen time is written (not on every request: that would make reads write).
_SEEN_EVERY = timedelta(minutes=5)
TOKEN_PREFIX = "grk_"
_BAD_LOGIN = "wrong user name or password"


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _parse(at: str) -> datetime:
    return datetime.strptime(at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _format(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    clearance: str
    language: str
    disabled: bool
    locked_until: str | None
    created_at: str

    @property
    def actor(self) -> Actor:
        return Actor(name=self.name, role=self.role, clearance=self.clearance)


@dataclass(frozen=True)
class Session:
    """A signed-in browser: its user, and the secret every form and script must echo (CSRF)."""

    user: User
    csrf: str
    expires_at: str


@dataclass(frozen=True)
class ApiToken:
    id: str
    label: str
    user_name: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None


def _user(row: Any) -> User:
    return User(
        name=row["name"],
        role=row["role"],
        clearance=row["clearance"],
        language=row["language"],
        disabled=bool(row["disabled"]),
        locked_until=row["locked_until"],
        created_at=row["created_at"],
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise ValidationError(f"a password may have at most {MAX_PASSWORD} characters")


def _check_role(role: str, clearance: str, language: str) -> None:
    if role not in ROLES:
        raise ValidationError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    if clearance not in LEVELS:
        raise ValidationError(f"unknown clearance {clearance!r} (levels: {', '.join(LEVELS)})")
    if language not in LANGUAGES:
        raise ValidationError(f"unknown language {language!r} (languages: {', '.join(LANGUAGES)})")


class Accounts:
    """The accounts of one collection's store."""

    def __init__(self, store: Store, hasher: PasswordHasher | None = None) -> None:
        self.store = store
        # argon2id with argon2-cffi's defaults (RFC 9106 "low memory": t=3, m=64 MiB, p=4).
        self.hasher = hasher or PasswordHasher()
        # Verified against when the user name is unknown, so a miss costs as long as a wrong password.
        self._dummy_hash = self.hasher.hash(secrets.token_urlsafe(16))

    def _audit(self, conn: Connection, actor_name: str, action: str, details: dict[str, Any]) -> None:
        Store.append_audit(conn, {"at": utc_now(), "actor": actor_name, "action": action, "details": details})

    # -- users ---------------------------------------------------------------------------------------

    def count(self) -> int:
        with self.store.read() as conn:
            return int(conn.execute(select(func.count()).select_from(t.users)).scalar_one())

    def get(self, name: str) -> User:
        with self.store.read() as conn:
            row = conn.execute(select(t.users).where(t.users.c.name == name)).mappings().first()
        if row is None:
            raise NotFoundError(f"no user {name[:60]}")
        return _user(row)

    def list_users(self, actor: Actor) -> list[User]:
        actor.require_admin()
        with self.store.read() as conn:
            rows = conn.execute(select(t.users).order_by(t.users.c.name)).mappings().all()
        return [_user(row) for row in rows]

    def add_user(
        self,
        actor: Actor,
        name: str,
        password: str,
        *,
        role: str = "viewer",
        clearance: str = "internal",
        language: str = "en",
    ) -> User:
        actor.require_admin()
        Actor(name=name, role=role, clearance=clearance)  # the same name rules as every actor
        _check_role(role, clearance, language)
        _check_password(password)
        now = utc_now()
        with self.store.write() as conn:
            exists = conn.execute(select(t.users.c.name).where(t.users.c.name == name)).first()
            if exists is not None:
                raise ConflictError(f"user {name} already exists")
            conn.execute(
                insert(t.users).values(
                    name=name,
                    password_hash=self.hasher.hash(password),
                    role=role,
                    clearance=clearance,
                    language=language,
                    failed_logins=0,
                    locked_until=None,
                    disabled=0,
                    created_at=now,
                    created_by=actor.name,
                )
            )
            self._audit(conn, actor.name, "user.add", {"user": name, "role": role, "clearance": clearance})
        return self.get(name)

    def update_user(
        self,
        actor: Actor,
        name: str,
        *,
        role: str | None = None,
        clearance: str | None = None,
        disabled: bool | None = None,
    ) -> User:
        """Change a user's role, clearance or whether they may sign in (admins only)."""
        actor.require_admin()
        user = self.get(name)
        new_role, new_clearance = role or user.role, clearance or user.clearance
        _check_role(new_role, new_clearance, user.language)
        if name == actor.name and (new_role != "admin" or disabled):
            raise ValidationError("an administrator may not remove their own administrator rights")
        values: dict[str, Any] = {"role": new_role, "clearance": new_clearance}
        if disabled is not None:
            values["disabled"] = int(disabled)
        with self.store.write() as conn:
            conn.execute(update(t.users).where(t.users.c.name == name).values(**values))
            if disabled:
                conn.execute(delete(t.sessions).where(t.sessions.c.user_name == name))
            details = {
                "user": name,
                "role": new_role,
                "clearance": new_clearance,
                "disabled": bool(values.get("disabled")),
            }
            self._audit(conn, actor.name, "user.update", details)
        return self.get(name)

    def set_language(self, actor: Actor, language: str) -> User:
        """A user's own interface language."""
        if language not in LANGUAGES:
            raise ValidationError(f"unknown language {language!r} (languages: {', '.join(LANGUAGES)})")
        with self.store.write() as conn:
            conn.execute(update(t.users).where(t.users.c.name == actor.name).values(language=language))
        return self.get(actor.name)

    def change_password(self, actor: Actor, current: str, new: str) -> None:
        """A user's own password; every other session of theirs ends."""
        self.authenticate(actor.name, current)
        _check_password(new)
        with self.store.write() as conn:
            conn.execute(
                update(t.users).where(t.users.c.name == actor.name).values(password_hash=self.hasher.hash(new))
            )
            conn.execute(delete(t.sessions).where(t.sessions.c.user_name == actor.name))
            self._audit(conn, actor.name, "user.password", {"user": actor.name})

    def reset_password(self, actor: Actor, name: str, new: str) -> None:
        """An administrator sets someone's password (a forgotten one); their sessions end, the lock lifts."""
        actor.require_admin()
        self.get(name)
        _check_password(new)
        with self.store.write() as conn:
            conn.execute(
                update(t.users)
                .where(t.users.c.name == name)
                .values(password_hash=self.hasher.hash(new), failed_logins=0, locked_until=None)
            )
            conn.execute(delete(t.sessions).where(t.sessions.c.user_name == name))
            self._audit(conn, actor.name, "user.password-reset", {"user": name})

    # -- signing in ----------------------------------------------------------------------------------

    def authenticate(self, name: str, password: str) -> User:
        """The user whose password this is; one message for an unknown name or a wrong password."""
        now = datetime.now(UTC)
        with self.store.read() as conn:
            row = conn.execute(select(t.users).where(t.users.c.name == name[:128])).mappings().first()
        if row is None:
            self._verify(self._dummy_hash, password)
            raise AuthenticationError(_BAD_LOGIN)
        if row["locked_until"] is not None and _parse(row["locked_until"]) > now:
            minutes = max(1, int((_parse(row["locked_until"]) - now).total_seconds() // 60) + 1)
            raise AuthenticationError(f"too many failed sign-ins: this account is locked for {minutes} more minutes")
        if not self._verify(row["password_hash"], password[:MAX_PASSWORD]):
            self._failed(name, now)
            raise AuthenticationError(_BAD_LOGIN)
        if row["disabled"]:
            raise AuthenticationError("this account is disabled")
        if row["failed_logins"] or row["locked_until"] or self.hasher.check_needs_rehash(row["password_hash"]):
            with self.store.write() as conn:
                values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
                if self.hasher.check_needs_rehash(row["password_hash"]):
                    values["password_hash"] = self.hasher.hash(password)
                conn.execute(update(t.users).where(t.users.c.name == name).values(**values))
        return _user({**row, "failed_logins": 0, "locked_until": None})

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return bool(self.hasher.verify(password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def _failed(self, name: str, now: datetime) -> None:
        with self.store.write() as conn:
            row = conn.execute(select(t.users.c.failed_logins).where(t.users.c.name == name).with_for_update()).first()
            failures = (int(row[0]) if row else 0) + 1
            values: dict[str, Any] = {"failed_logins": failures}
            if failures >= LOCKOUT_AFTER:
                values["failed_logins"] = 0
                values["locked_until"] = _format(now + timedelta(minutes=LOCKOUT_MINUTES))
                self._audit(conn, f"system:{name}"[:128], "user.locked", {"user": name, "minutes": LOCKOUT_MINUTES})
            conn.execute(update(t.users).where(t.users.c.name == name).values(**values))

    def start_session(self, user: User) -> tuple[str, Session]:
        """A new session for a signed-in user: the cookie value (shown once) and the session."""
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        expires = _format(now + SESSION_MAX)
        with self.store.write() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.expires_at < _format(now)))
            conn.execute(
                insert(t.sessions).values(
                    token_hash=_hash_token(token),
                    user_name=user.name,
                    csrf=csrf,
                    created_at=_format(now),
                    seen_at=_format(now),
                    expires_at=expires,
                )
            )
            self._audit(conn, user.name, "user.sign-in", {"user": user.name})
        return token, Session(user=user, csrf=csrf, expires_at=expires)

    def session(self, token: str) -> Session | None:
        """The live session of a cookie value, or None (unknown, expired, idle too long, user disabled)."""
        if not token or len(token) > 128:
            return None
        now = datetime.now(UTC)
        digest = _hash_token(token)
        with self.store.read() as conn:
            row = (
                conn.execute(
                    select(t.sessions, t.users)
                    .join(t.users, t.users.c.name == t.sessions.c.user_name)
                    .where(t.sessions.c.token_hash == digest)
                )
                .mappings()
                .first()
            )
        if row is None or row["disabled"]:
            return None
        seen = _parse(row["seen_at"])
        if _parse(row["expires_at"]) <= now or now - seen > SESSION_IDLE:
            self.end_session(token)
            return None
        if now - seen > _SEEN_EVERY:
            with self.store.write() as conn:
                conn.execute(update(t.sessions).where(t.sessions.c.token_hash == digest).values(seen_at=_format(now)))
        return Session(user=_user(row), csrf=row["csrf"], expires_at=row["expires_at"])

    def end_session(self, token: str) -> None:
        with self.store.write() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.token_hash == _hash_token(token)))

    # -- personal API tokens -------------------------------------------------------------------------

    def create_token(self, actor: Actor, label: str) -> tuple[str, ApiToken]:
        """A new API token acting as ``actor``: the token (shown once, never stored) and its record."""
        label = label.strip()
        if not label or len(label) > 128:
            raise ValidationError("a token needs a label of 1 to 128 characters")
        self.get(actor.name)
        token_id = secrets.token_hex(6)
        token = f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
        now = utc_now()
        with self.store.write() as conn:
            conn.execute(
                insert(t.api_tokens).values(
                    id=token_id,
                    token_hash=_hash_token(token),
                    user_name=actor.name,
                    label=label,
                    created_at=now,
                    last_used_at=None,
                    revoked_at=None,
                )
            )
            self._audit(conn, actor.name, "token.create", {"token": token_id, "user": actor.name})
        return token, self._token(token_id)

    def _token(self, token_id: str) -> ApiToken:
        with self.store.read() as conn:
            row = conn.execute(select(t.api_tokens).where(t.api_tokens.c.id == token_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"no API token {token_id[:20]}")
        return ApiToken(**{name: row[name] for name in ApiToken.__dataclass_fields__})

    def tokens(self, actor: Actor) -> list[ApiToken]:
        """The actor's own tokens, newest first (admins see everyone's)."""
        query = select(t.api_tokens).order_by(t.api_tokens.c.created_at.desc())
        if actor.role != "admin":
            query = query.where(t.api_tokens.c.user_name == actor.name)
        with self.store.read() as conn:
            rows = conn.execute(query).mappings().all()
        return [ApiToken(**{name: row[name] for name in ApiToken.__dataclass_fields__}) for row in rows]

    def revoke_token(self, actor: Actor, token_id: str) -> ApiToken:
        token = self._token(token_id)
        if token.user_name != actor.name:
            actor.require_admin()
        if token.revoked_at is None:
            with self.store.write() as conn:
                conn.execute(update(t.api_tokens).where(t.api_tokens.c.id == token_id).values(revoked_at=utc_now()))
                self._audit(conn, actor.name, "token.revoke", {"token": token_id, "user": token.user_name})
        return self._token(token_id)

    def token_user(self, token: str) -> User | None:
        """The user a bearer token acts as, or None (unknown, revoked, user disabled or locked)."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 128:
            return None
        digest = _hash_token(token)
        with self.store.read() as conn:
            row = (
                conn.execute(
                    select(t.api_tokens.c.revoked_at, t.api_tokens.c.token_hash, t.api_tokens.c.last_used_at, t.users)
                    .join(t.users, t.users.c.name == t.api_tokens.c.user_name)
                    .where(t.api_tokens.c.token_hash == digest)
                )
                .mappings()
                .first()
            )
        if row is None or row["revoked_at"] is not None or row["disabled"]:
            return None
        if not hmac.compare_digest(row["token_hash"], digest):
            return None
        now = datetime.now(UTC)
        if row["last_used_at"] is None or now - _parse(row["last_used_at"]) > _SEEN_EVERY:
            with self.store.write() as conn:
                conn.execute(
                    update(t.api_tokens).where(t.api_tokens.c.token_hash == digest).values(last_used_at=_format(now))
                )
        return _user(row)
