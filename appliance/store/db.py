"""Opening the database and writing to it safely.

SQLite in WAL mode is the only state shared by the agent and the web admin. Every connection
sets a busy timeout; every write is a short ``BEGIN IMMEDIATE`` transaction so two writers
queue instead of failing halfway.

sqlite-utils' table helpers commit on their own (``with conn:``), which would end our
transaction early, so writes inside :func:`transaction` use plain SQL via :func:`insert`
and :func:`update`; sqlite-utils does schema work and reads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

BUSY_TIMEOUT_MS = 10_000


class StoreError(RuntimeError):
    """A database problem, phrased for the person who has to fix it."""


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path``, migrated to the current schema."""
    from appliance.store.migrations import migrate

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        db = sqlite_utils.Database(conn)
        db.enable_wal()
        # FULL: a power cut in a shop office must not eat the last committed message.
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(describe(exc, path)) from exc
    return db


def describe(exc: sqlite3.Error, path: str | Path) -> str:
    text = str(exc)
    if "disk is full" in text or "database or disk is full" in text:
        return f"the disk holding {path} is full: free some space; nothing already saved was lost"
    if "readonly" in text or "read-only" in text:
        return f"{path} is read-only: the textback user must be able to write it and its folder"
    if "not a database" in text or "malformed" in text:
        return f"{path} is damaged ({text}): restore the latest backup with `textback restore`"
    if "locked" in text:
        return f"{path} stayed locked for {BUSY_TIMEOUT_MS // 1000} s: another process holds a long write"
    return f"database error on {path}: {text}"


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A short write transaction that takes the write lock up front (BEGIN IMMEDIATE)."""
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def insert(db: sqlite_utils.Database, table: str, row: Mapping[str, Any]) -> int:
    columns = ", ".join(f"[{name}]" for name in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))
    return cursor.lastrowid


def update(db: sqlite_utils.Database, table: str, row_id: int, changes: Mapping[str, Any]) -> None:
    assignments = ", ".join(f"[{name}] = ?" for name in changes)
    db.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?", [*changes.values(), row_id])


def one(db: sqlite_utils.Database, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
    rows = list(db.query(sql, params))
    return rows[0] if rows else None
