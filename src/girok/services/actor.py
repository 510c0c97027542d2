"""Who is acting: every service call takes an explicit Actor (never a global "current user")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from girok.errors import PermissionDeniedError, ValidationError

ROLES = ("admin", "editor", "reviewer", "viewer")
#: Clearance levels, lowest first; the same scale as a record's confidentiality.
LEVELS = ("public", "internal", "confidential", "restricted")
#: The clearance needed to read identifying fields, by protection level.
PROTECTION_CLEARANCE = {"none": "public", "protected": "confidential", "high": "restricted"}

_WRITERS = frozenset({"admin", "editor"})
_REVIEWERS = frozenset({"admin", "reviewer"})
_NAME = re.compile(r"^[\w.@:+-]{1,128}$")


def level_rank(level: str) -> int:
    return LEVELS.index(level)


@dataclass(frozen=True)
class Actor:
    """A user (or tool) acting: a name for the record, a role and a clearance."""

    name: str
    role: str = "viewer"
    clearance: str = "internal"

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValidationError(f"actor name {self.name[:60]!r} is not a valid user name")
        if self.role not in ROLES:
            raise ValidationError(f"unknown role {self.role!r} (roles: {', '.join(ROLES)})")
        if self.clearance not in LEVELS:
            raise ValidationError(f"unknown clearance {self.clearance!r} (levels: {', '.join(LEVELS)})")

    def may_see(self, confidentiality: str) -> bool:
        return level_rank(self.clearance) >= level_rank(confidentiality)

    def may_read_identities(self, protection: str) -> bool:
        return level_rank(self.clearance) >= level_rank(PROTECTION_CLEARANCE[protection])

    def require_writer(self) -> None:
        if self.role not in _WRITERS:
            raise PermissionDeniedError(f"{self.name} ({self.role}) may not change records")

    def require_reviewer(self) -> None:
        if self.role not in _REVIEWERS:
            raise PermissionDeniedError(f"{self.name} ({self.role}) may not review records")

    def require_admin(self) -> None:
        if self.role != "admin":
            raise PermissionDeniedError(f"{self.name} ({self.role}) is not an administrator")


#: The operator of a local command line: holds the key file, so sees everything.
def local_operator(name: str) -> Actor:
    return Actor(name=name, role="admin", clearance="restricted")
