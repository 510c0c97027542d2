"""The data home: GIROK_HOME holds girok.db, files/ (evidence by SHA-256) and keys/.

GIROK_DB may name any SQLAlchemy URL (e.g. postgresql+psycopg://...) to keep the records elsewhere;
the key and the files stay in the home either way.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import OperationalError

from girok.errors import HomeError
from girok.security.keyring import KEYRING_FILE, Keyring
from girok.store.store import Store

DEFAULT_HOME = "girok-data"
DB_FILE = "girok.db"


@dataclass(frozen=True)
class Home:
    path: Path
    db_url: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, path: Path | None = None) -> Home:
        env = os.environ if environ is None else environ
        home = Path(path or env.get("GIROK_HOME") or DEFAULT_HOME).expanduser().absolute()
        url = env.get("GIROK_DB") or f"sqlite:///{home / DB_FILE}"
        return cls(path=home, db_url=url)

    @property
    def keyring_path(self) -> Path:
        return self.path / "keys" / KEYRING_FILE

    @property
    def files_path(self) -> Path:
        return self.path / "files"

    @property
    def is_initialised(self) -> bool:
        return self.keyring_path.exists()

    def read_keyring(self) -> Keyring:
        return Keyring.read(self.keyring_path)

    def init(self, key_file: Path | None = None) -> tuple[Store, Keyring]:
        """Make a new home: folders, key (new, or imported from ``key_file``) and the database.

        Refuses an existing home (keeps everything as it was).
        """
        if self.is_initialised or (self.path / DB_FILE).exists():
            raise HomeError("this data home is already initialised; nothing was changed")
        keyring = Keyring.read(key_file) if key_file is not None else Keyring.generate()
        created = not self.path.exists()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise HomeError("cannot create the data home folder (check the path and permissions)") from None
        store = Store(self.db_url)
        try:
            _migrate(store)
            with store.read() as conn:
                if Store.audit_head(conn)[0] > 0:
                    raise HomeError("the database already holds a Girok collection; nothing was changed")
        except Exception:
            store.close()
            if created:
                shutil.rmtree(self.path, ignore_errors=True)
            raise
        self.files_path.mkdir(exist_ok=True)
        keyring.write(self.keyring_path, private_dir=True)
        return store, keyring

    def open(self) -> tuple[Store, Keyring]:
        if not self.is_initialised:
            raise HomeError("no data home here: run 'girok init' first (or set GIROK_HOME)")
        keyring = self.read_keyring()
        store = Store(self.db_url)
        try:
            _migrate(store)
            store.refresh_statistics(if_stale=True)
        except Exception:
            store.close()
            raise
        return store, keyring


def _migrate(store: Store) -> None:
    """Bring the database up to date; a database that cannot be reached is a one-line error."""
    try:
        store.migrate()
    except OperationalError:
        raise HomeError("cannot open the database (check GIROK_HOME or GIROK_DB, and that the server runs)") from None
