"""`textback doctor|backup|restore|migrate` as an admin types them."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from appliance.cli import main
from appliance.clock import iso
from appliance.store.db import connect, transaction
from appliance.store.migrations import MIGRATIONS

CONFIG = """\
[business]
name = "Lone Star Plumbing"
trade = "plumbing"
timezone = "America/Chicago"
phone = "+15125550100"

[storage]
database = "{database}"
"""


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "textback.toml"
    path.write_text(CONFIG.format(database=tmp_path / "data" / "textback.db"))
    path.chmod(0o640)
    return path


def textback(config_file: Path, *args: str) -> int:
    return main(["--config", str(config_file), *args])


@pytest.mark.parametrize("command", ["doctor", "backup", "restore", "migrate"])
def test_every_command_documents_itself(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert f"usage: textback {command}" in capsys.readouterr().out


def events(database: Path) -> list[str]:
    conn = sqlite3.connect(database)
    try:
        return [row[0] for row in conn.execute("SELECT kind FROM events ORDER BY id")]
    finally:
        conn.close()


def test_migrate_backup_and_restore_round_trip(config_file, tmp_path, capsys):
    database = tmp_path / "data" / "textback.db"
    assert textback(config_file, "migrate") == 0
    assert f"created {database} at schema {len(MIGRATIONS)}" in capsys.readouterr().out
    db = connect(database)
    with transaction(db):
        db.execute("INSERT INTO events (at, kind) VALUES ('t', 'before-backup')")
    assert textback(config_file, "backup") == 0
    backup = next((tmp_path / "data" / "backups").glob("textback-*.db"))
    with transaction(db):
        db.execute("INSERT INTO events (at, kind) VALUES ('t', 'after-backup')")
    db.conn.close()
    capsys.readouterr()
    assert textback(config_file, "restore", str(backup)) == 0
    out = capsys.readouterr().out
    assert "replaced-" in out and "systemctl restart textback-agent" in out
    assert events(database) == ["before-backup"]
    aside = next((tmp_path / "data" / "backups").glob("replaced-*.db"))
    assert events(aside) == ["before-backup", "after-backup"]


def test_restore_refuses_while_the_agent_is_writing(config_file, tmp_path, capsys):
    database = tmp_path / "data" / "textback.db"
    textback(config_file, "migrate")
    textback(config_file, "backup")
    backup = next((tmp_path / "data" / "backups").glob("textback-*.db"))
    db = connect(database)
    with transaction(db):
        db.execute("INSERT INTO health (key, value, updated_at) VALUES ('outbox', '{}', ?)",
                   [iso(datetime.now(timezone.utc))])
    db.conn.close()
    capsys.readouterr()
    assert textback(config_file, "restore", str(backup)) == 1
    assert "systemctl stop textback-agent" in capsys.readouterr().err
    assert not list((tmp_path / "data" / "backups").glob("replaced-*.db"))
    assert textback(config_file, "restore", "--while-running", str(backup)) == 0


def test_restore_of_a_damaged_file_says_so_and_exits_non_zero(config_file, tmp_path, capsys):
    textback(config_file, "migrate")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    assert textback(config_file, "restore", str(bad)) == 1
    assert "current database was not touched" in capsys.readouterr().err


def test_backup_reports_a_copy_destination_that_is_not_mounted(config_file, tmp_path, capsys):
    textback(config_file, "migrate")
    assert textback(config_file, "backup", "--copy-to", str(tmp_path / "usb")) == 1
    assert "mounted" in capsys.readouterr().err


def test_doctor_fails_on_a_broken_config_and_says_where(tmp_path, capsys):
    path = tmp_path / "textback.toml"
    path.write_text('[business]\nname = "Shop"\n')
    assert main(["--config", str(path), "doctor"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("FAIL  configuration") and "business.trade: required but missing" in out
    assert out.rstrip().endswith("1 check failed: see the fix under each")
