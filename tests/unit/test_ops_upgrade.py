"""Schema upgrades at start: a backup first; a failed migration leaves the old database in place."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from appliance.ops.backup import inspect
from appliance.ops.upgrade import UpgradeError, open_database, stored_schema
from appliance.store import migrations
from tests.install.first_schema import CUSTOMER_TEXT, first_schema_database

NOW = datetime(2026, 11, 26, 3, 15, tzinfo=timezone.utc)


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_new_database_is_created_current_without_a_backup(tmp_path):
    database = tmp_path / "textback.db"
    open_database(database, tmp_path / "backups", NOW).conn.close()
    assert stored_schema(database) == len(migrations.MIGRATIONS)
    assert not (tmp_path / "backups").exists()


def test_a_current_database_opens_without_a_backup(tmp_path):
    database = tmp_path / "textback.db"
    open_database(database, tmp_path / "backups", NOW).conn.close()
    open_database(database, tmp_path / "backups", NOW).conn.close()
    assert not (tmp_path / "backups").exists()


def test_upgrading_a_first_schema_database_backs_it_up_first(tmp_path):
    database = first_schema_database(tmp_path / "textback.db")
    db = open_database(database, tmp_path / "backups", NOW)
    db.conn.close()
    target = len(migrations.MIGRATIONS)
    assert target > 1, "this test needs a schema newer than the first"
    assert stored_schema(database) == target
    assert rows(database, "SELECT name FROM contacts") == [("Dana",)]
    assert rows(database, "SELECT body FROM messages") == [(CUSTOMER_TEXT,)]
    [backup] = (tmp_path / "backups").iterdir()
    assert backup.name.startswith(f"before-schema-{target}-")
    assert inspect(backup).schema == 1 and inspect(backup).integrity == "ok"
    assert rows(backup, "SELECT body FROM messages") == [(CUSTOMER_TEXT,)]


def test_a_failed_migration_puts_the_previous_database_back_and_says_so(tmp_path, monkeypatch):
    database = first_schema_database(tmp_path / "textback.db")
    before = rows(database, "SELECT type, name, sql FROM sqlite_master ORDER BY name")

    def adds_a_table(db):
        db.execute("CREATE TABLE added_by_a_good_step (x)")

    def breaks(db):
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("no such column: imaginary")

    known = len(migrations.MIGRATIONS)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, adds_a_table, breaks])
    with pytest.raises(UpgradeError) as failure:
        open_database(database, tmp_path / "backups", NOW)
    message = str(failure.value)
    assert f"from schema 1 to {known + 2} failed" in message and "no such column: imaginary" in message
    assert "previous database (schema 1) is in place, untouched" in message
    # Every step that did succeed (the real ones and adds_a_table) was undone too.
    assert stored_schema(database) == 1
    assert rows(database, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == before
    assert rows(database, "SELECT body FROM messages") == [(CUSTOMER_TEXT,)]
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]


def test_a_newer_database_is_refused_untouched(tmp_path):
    database = tmp_path / "textback.db"
    open_database(database, tmp_path / "backups", NOW).conn.close()
    conn = sqlite3.connect(database)
    conn.execute(f"PRAGMA user_version = {len(migrations.MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(RuntimeError, match="newer than this textback knows"):
        open_database(database, tmp_path / "backups", NOW)
    assert stored_schema(database) == len(migrations.MIGRATIONS) + 1


def test_an_unreadable_file_is_reported_not_overwritten(tmp_path):
    database = tmp_path / "textback.db"
    database.write_bytes(b"not sqlite at all " * 300)
    with pytest.raises(UpgradeError, match="cannot read"):
        open_database(database, tmp_path / "backups", NOW)
    assert database.read_bytes() == b"not sqlite at all " * 300
