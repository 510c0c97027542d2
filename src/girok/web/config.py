"""Settings of the web app (each documented in README "Settings"), read once at start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from argon2 import PasswordHasher

from girok.errors import ValidationError
from girok.home import Home

DEFAULT_MAX_UPLOAD_MB = 100


@dataclass(frozen=True)
class WebConfig:
    home: Home
    #: Largest file accepted by an upload, in bytes (bigger ones are refused before they are stored).
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    #: Cookies carry the Secure attribute (browsers still accept them on http://127.0.0.1 and localhost).
    secure_cookies: bool = True
    #: The password hasher (argon2id with the library's defaults); tests pass a cheaper one.
    hasher: PasswordHasher | None = field(default=None, compare=False)

    @classmethod
    def from_env(cls, home: Home, environ: Mapping[str, str] | None = None) -> WebConfig:
        env = os.environ if environ is None else environ
        raw = env.get("GIROK_MAX_UPLOAD_MB", str(DEFAULT_MAX_UPLOAD_MB))
        try:
            megabytes = int(raw)
        except ValueError:
            raise ValidationError("GIROK_MAX_UPLOAD_MB must be a whole number of megabytes") from None
        if not 1 <= megabytes <= 10_000:
            raise ValidationError("GIROK_MAX_UPLOAD_MB must be between 1 and 10000")
        insecure = env.get("GIROK_INSECURE_COOKIES", "") == "1"
        return cls(home=home, max_upload_bytes=megabytes * 1024 * 1024, secure_cookies=not insecure)
