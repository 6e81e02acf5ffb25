"""The key that signs session cookies: made on first run, kept next to the database, never in the repo.

A default or guessable key would let anyone forge a session, so there is none: the first start
writes 32 random bytes to a file only the textback user can read (mode 0600).
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

KEY_BYTES = 32


class SecretKeyError(RuntimeError):
    """The key file is unusable, phrased for the person who has to fix it."""


def key_path_for(database: str | Path) -> Path:
    database = Path(database)
    return database.with_name(database.name + ".web-secret-key")


def load_or_create(path: Path) -> bytes:
    """The key in ``path``, creating the file (mode 0600) when there is none yet."""
    try:
        return _create(path)
    except FileExistsError:
        return _load(path)


def _create(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    # O_EXCL: two processes starting at once cannot both write a key.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
        out.flush()
        os.fsync(out.fileno())
    return key


def _load(path: Path) -> bytes:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise SecretKeyError(
            f"{path} can be read by other users (mode {mode:o}): anyone who read it can forge a login. "
            f"Delete it (everyone will have to log in again) or run `chmod 600 {path}`")
    key = path.read_bytes()
    if len(key) < KEY_BYTES:
        raise SecretKeyError(f"{path} is too short to be a key: delete it and a new one is made at start")
    return key
