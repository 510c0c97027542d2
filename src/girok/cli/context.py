"""What every command needs: the home, the store, the keyring and the acting user, opened lazily."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path

from girok.home import Home
from girok.security.keyring import Keyring
from girok.services.actor import Actor
from girok.services.records import Collection
from girok.store.store import Store


def default_actor_name() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "operator"
    return f"local:{user}"


@dataclass
class CliContext:
    home_path: Path | None = None
    actor_name: str | None = None
    role: str = "admin"
    _opened: tuple[Store, Keyring] | None = field(default=None, repr=False)

    @property
    def home(self) -> Home:
        return Home.from_env(path=self.home_path)

    @property
    def actor(self) -> Actor:
        name = self.actor_name or os.environ.get("GIROK_ACTOR") or default_actor_name()
        # The local operator holds the key file, so reads everything; the role is what they act as.
        return Actor(name=name, role=self.role, clearance="restricted")

    def open(self) -> tuple[Store, Keyring]:
        if self._opened is None:
            self._opened = self.home.open()
        return self._opened

    @property
    def collection(self) -> Collection:
        store, keyring = self.open()
        return Collection(store, keyring)

    def close(self) -> None:
        if self._opened is not None:
            self._opened[0].close()
            self._opened = None
