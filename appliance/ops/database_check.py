"""Doctor: is the database sound, writable and at the schema this textback expects?"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from appliance.ops.report import Check, failed, passed, skipped
from appliance.store.db import describe

RESTORE_FIX = "restore the latest good backup: textback restore /var/lib/textback/backups/<newest>.db"


def judge_integrity(rows: list[str]) -> Check:
    if rows == ["ok"]:
        return passed("database integrity", "PRAGMA integrity_check: ok")
    return failed("database integrity", "damaged: " + "; ".join(rows[:3]), RESTORE_FIX)


def judge_writable(database: Path, error: str | None) -> Check:
    if error is None:
        return passed("database writable", f"{database} takes writes")
    return failed("database writable", error,
                  f"make {database} and its folder writable by the textback user "
                  f"(chown -R textback: {database.parent}), and check the disk is not mounted read-only")


def judge_schema(version: int, known: int) -> Check:
    if version == known:
        return passed("database schema", f"schema {version}, current")
    if version < known:
        return failed("database schema", f"schema {version}, this textback needs {known}",
                      "restart the agent (it upgrades at start, after a backup) or run: textback migrate")
    return failed("database schema", f"schema {version} is newer than this textback knows ({known})",
                  "install the textback version that made it (re-run install.sh from a newer checkout)")


def check_database(database: Path, known_schema: int) -> list[Check]:
    names = ("database integrity", "database writable", "database schema")
    if not database.exists():
        return [failed("database", f"no database at {database}",
                       "start the agent once (systemctl start textback-agent) or run: textback migrate")]
    try:
        rows, version = _read(database)
    except sqlite3.DatabaseError as error:
        first = failed(names[0], describe(error, database), RESTORE_FIX)
        return [first, *(skipped(name, "the database cannot be read") for name in names[1:])]
    return [judge_integrity(rows), judge_writable(database, _write_problem(database)),
            judge_schema(version, known_schema)]


def _read(database: Path) -> tuple[list[str], int]:
    uri = f"{database.resolve().as_uri()}?mode=ro"
    try:
        return _integrity_and_version(sqlite3.connect(uri, uri=True, timeout=5))
    except sqlite3.OperationalError:
        # A WAL database in a folder we cannot write cannot even be opened for reading (no
        # -shm file); read the main file as it is, so the writable check can name the cause.
        return _integrity_and_version(sqlite3.connect(uri + "&immutable=1", uri=True))


def _integrity_and_version(conn: sqlite3.Connection) -> tuple[list[str], int]:
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        return rows, version
    finally:
        conn.close()


def _write_problem(database: Path) -> str | None:
    """Write, then roll back: the only sure test. (A read-only connection even takes the
    write lock happily; it fails only when a page is about to change.)"""
    try:
        conn = sqlite3.connect(database, timeout=5, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("CREATE TABLE textback_doctor_write_probe (x)")
            finally:
                conn.execute("ROLLBACK")
        finally:
            conn.close()
    except sqlite3.Error as error:
        if "unable to open" in str(error):
            return f"{database} cannot be opened for writing: it or its folder is read-only"
        return describe(error, database)
    return None
