"""The errors Girok raises to its callers.

Every message is one line meant for a user: it names the record, field or line at fault and never
carries paths, SQL or stack traces. Interfaces (CLI, web) print ``str(error)`` and nothing more.
"""

from __future__ import annotations


class GirokError(Exception):
    """Base of every error a user may see."""


class ValidationError(GirokError):
    """A record, value or line does not satisfy its declared type."""


class NotFoundError(GirokError):
    """A record or vocabulary entry that was asked for does not exist."""


class ConflictError(GirokError):
    """A write was based on a stale version of a record (optimistic locking)."""


class PermissionDeniedError(GirokError):
    """The actor may not do what was asked."""


class StatusRuleError(GirokError):
    """A status change breaks a rule (e.g. corroboration needs two independent sources)."""


class KeyringError(GirokError):
    """The encryption key is missing, wrong or unreadable."""


class HomeError(GirokError):
    """The data home is missing, already initialised or unusable."""


class ImportFileError(GirokError):
    """An import file has invalid lines; nothing was written."""


class AuthenticationError(GirokError):
    """A sign-in or token was refused (wrong password, locked or disabled account)."""
