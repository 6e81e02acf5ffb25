"""Schema upgrades at start: a backup first, and on failure the database put back as it was.

The agent opens its database with :func:`open_database` (and `textback migrate` does the
same), never with a bare ``connect`` that would migrate without a safety copy.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import sqlite_utils

from appliance.ops.backup import BackupError, put_back, take_backup
from appliance.store import migrations
from appliance.store.db import connect


class UpgradeError(RuntimeError):
    """The schema upgrade failed; the message says what state the database is in."""


def stored_schema(database: Path) -> int | None:
    """The schema version of an existing database file, None when there is no file yet."""
    if not database.exists():
        return None
    conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def open_database(database: str | Path, backups: str | Path, now: datetime) -> sqlite_utils.Database:
    """Open the database, first backing it up if its schema is about to change."""
    database = Path(database)
    target = len(migrations.MIGRATIONS)
    try:
        current = stored_schema(database)
    except sqlite3.DatabaseError as error:
        raise UpgradeError(f"cannot read {database} ({error}): restore a backup with `textback restore`") from error
    if current is None or current >= target:
        return connect(database)  # new, current, or newer (connect explains that one)
    try:
        backup = take_backup(database, backups, now, label=f"before-schema-{target}")
    except BackupError as error:
        raise UpgradeError(f"not upgrading {database} from schema {current} to {target}: the safety "
                           f"backup failed ({error}). The database was not touched.") from error
    try:
        return connect(database)
    except Exception as error:
        raise UpgradeError(_failed(database, current, target, backup, error)) from error


def _failed(database: Path, current: int, target: int, backup: Path, error: Exception) -> str:
    head = f"upgrading {database} from schema {current} to {target} failed: {error}."
    try:
        put_back(backup, database)
    except BackupError as put_back_error:
        return (f"{head} Putting the previous database back also failed ({put_back_error}): "
                f"restore {backup} with `textback restore {backup}`.")
    return (f"{head} The previous database (schema {current}) is in place, untouched; a copy is at "
            f"{backup}. Run the previous textback version, or report this error.")
