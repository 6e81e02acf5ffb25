"""Online backups of the database, and putting one back.

Backups use SQLite's online backup API: a consistent snapshot taken while the agent and the
web keep writing (WAL mode lets them go on during the copy). Each backup is checked with
PRAGMA integrity_check before it gets its final name, so a file in the backups folder is
always a good one.

Putting a backup back also goes through the backup API, into the live database file: other
processes that have it open simply see the restored content, and nothing is ever swapped
under their feet.

Names: ``textback-<UTC time>.db`` for nightly and manual backups (the newest KEEP are kept),
``before-schema-<n>-<time>.db`` before an upgrade and ``replaced-<time>.db`` for the database a
restore replaced. The last two are never pruned: they are rare, and each is someone's only copy.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

KEEP = 14
ROTATED_LABEL = "textback"
_ROTATED = re.compile(rf"^{ROTATED_LABEL}-\d{{8}}T\d{{6}}Z(-\d+)?\.db$")
BUSY_TIMEOUT_SECONDS = 30


class BackupError(RuntimeError):
    """A backup or restore that did not happen, and why, for the person at the keyboard."""


@dataclass(frozen=True)
class BackupFacts:
    """What a candidate file for restoring holds."""

    integrity: str          # "ok", or the first problem PRAGMA integrity_check found
    schema: int             # PRAGMA user_version
    has_messages: bool      # a textback database has a messages table


def backups_dir_for(database: str | Path) -> Path:
    return Path(database).parent / "backups"


# -- pure -----------------------------------------------------------------------------------

def backup_name(label: str, now: datetime, taken: set[str]) -> str:
    """``<label>-<UTC time>.db``, with a counter when a backup of that second exists."""
    stamp = now.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    name, counter = f"{label}-{stamp}.db", 1
    while name in taken:
        name, counter = f"{label}-{stamp}-{counter}.db", counter + 1
    return name


def to_prune(names: list[str], keep: int = KEEP) -> list[str]:
    """The rotated backups beyond the newest ``keep``; other files are never pruned."""
    rotated = sorted(name for name in names if _ROTATED.match(name))
    return rotated[:-keep] if keep > 0 else rotated


def restore_problem(facts: BackupFacts, known_schema: int) -> str | None:
    """Why a file must not be restored, or None when it is fit."""
    if facts.integrity != "ok":
        return f"it fails the integrity check ({facts.integrity})"
    if not facts.has_messages or facts.schema < 1:
        return "it is a SQLite file but not a textback database"
    if facts.schema > known_schema:
        return (f"it was made by a newer textback (schema {facts.schema}; this one knows up to "
                f"{known_schema}): upgrade textback first")
    return None


# -- I/O ------------------------------------------------------------------------------------

def take_backup(database: str | Path, folder: str | Path, now: datetime, label: str = ROTATED_LABEL) -> Path:
    """Copy the live database into ``folder`` and return the new file.

    Safe while other processes write: the copy is one consistent snapshot. The copy is in
    rollback-journal mode (a single self-contained file) and passed integrity_check.
    """
    database, folder = Path(database), Path(folder)
    if not database.exists():
        raise BackupError(f"there is no database at {database} to back up")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / backup_name(label, now, {p.name for p in folder.iterdir()})
    partial = target.with_name(target.name + ".partial")
    try:
        source = _open_live(database)
        try:
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
                problem = _integrity(copy)
            finally:
                copy.close()
        finally:
            source.close()
        if problem != "ok":
            raise BackupError(f"the backup of {database} fails the integrity check ({problem}): "
                              "the database itself may be damaged; run `textback doctor`")
        _sync(partial)
        os.replace(partial, target)
        _sync(folder)
    except sqlite3.Error as error:
        raise BackupError(f"could not back up {database} into {folder}: {error}") from error
    except OSError as error:
        raise BackupError(f"could not write the backup into {folder}: {error.strerror or error}") from error
    finally:
        partial.unlink(missing_ok=True)
    return target


def prune(folder: str | Path, keep: int = KEEP) -> list[Path]:
    folder = Path(folder)
    doomed = [folder / name for name in to_prune([p.name for p in folder.iterdir()], keep)]
    for path in doomed:
        path.unlink()
    return doomed


def copy_out(backup: Path, destination: str | Path, keep: int = KEEP) -> Path:
    """Copy a finished backup to a USB disk or a mounted network share, and prune there too."""
    destination = Path(destination)
    if not destination.is_dir():
        raise BackupError(f"{destination} is not a folder: is the USB disk or share mounted?")
    target = destination / backup.name
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copyfile(backup, partial)
        _sync(partial)
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not copy the backup to {destination}: {error.strerror or error}") from error
    prune(destination, keep)
    return target


def inspect(candidate: str | Path) -> BackupFacts:
    """Read a file offered for restoring, without changing it."""
    candidate = Path(candidate)
    if not candidate.is_file():
        raise BackupError(f"{candidate} is not a file")
    try:
        conn = _open_backup(candidate)
        try:
            return BackupFacts(
                integrity=_integrity(conn),
                schema=conn.execute("PRAGMA user_version").fetchone()[0],
                has_messages=conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages'").fetchone() is not None,
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return BackupFacts(integrity=str(error), schema=0, has_messages=False)


def restore(candidate: str | Path, database: str | Path, folder: str | Path, now: datetime,
            known_schema: int) -> Path | None:
    """Replace the live database's content with ``candidate``.

    Refuses a file that fails the checks of :func:`restore_problem`. The database being
    replaced is first backed up as ``replaced-<time>.db`` in ``folder``; that path is
    returned (None when there was no database yet).
    """
    candidate, database = Path(candidate), Path(database)
    problem = restore_problem(inspect(candidate), known_schema)
    if problem:
        raise BackupError(f"not restoring {candidate}: {problem}. The current database was not touched.")
    aside = take_backup(database, folder, now, label="replaced") if database.exists() else None
    put_back(candidate, database)
    return aside


def put_back(candidate: Path, database: Path) -> None:
    """Copy ``candidate``'s pages into the live database through SQLite (the backup API)."""
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        source = _open_backup(candidate)
        try:
            live = sqlite3.connect(database, timeout=BUSY_TIMEOUT_SECONDS)
            try:
                source.backup(live)
            finally:
                live.close()
        finally:
            source.close()
    except sqlite3.Error as error:
        raise BackupError(f"could not write {candidate} into {database}: {error}") from error


def _open_live(database: Path) -> sqlite3.Connection:
    # A plain connection, not store.connect: a backup must never migrate what it copies.
    conn = sqlite3.connect(database, timeout=BUSY_TIMEOUT_SECONDS)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    return conn


def _open_backup(path: Path) -> sqlite3.Connection:
    # immutable: nothing, not even a -shm or -journal file, is created next to the file.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _integrity(conn: sqlite3.Connection) -> str:
    rows = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
    return "ok" if rows == ["ok"] else "; ".join(rows)


def _sync(path: Path) -> None:
    """fsync a file or folder: a backup that is only in the page cache is not a backup."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
