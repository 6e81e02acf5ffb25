"""Online backup and restore on real SQLite files, with a second process writing meanwhile."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from appliance.ops.backup import (BackupError, backup_name, copy_out, inspect, prune, restore, take_backup,
                                  to_prune)
from appliance.store.db import connect, transaction
from appliance.store.migrations import MIGRATIONS

NOW = datetime(2026, 11, 26, 3, 15, tzinfo=timezone.utc)
REPO = Path(__file__).resolve().parents[2]

# A second process that appends numbered rows in short transactions, as the agent does,
# until the stop file appears. Row n has detail "n", so a consistent copy holds 0..k-1.
WRITER = """
import sys, time
from pathlib import Path
from appliance.store.db import connect, transaction
db = connect(sys.argv[1])
stop = Path(sys.argv[2])
n = 0
while not stop.exists():
    with transaction(db):
        db.execute("INSERT INTO events (at, kind, detail) VALUES ('t', 'tick', ?)", [str(n)])
    n += 1
    if n % 50 == 0:
        Path(sys.argv[3] + ".new").write_text(str(n))
        Path(sys.argv[3] + ".new").replace(sys.argv[3])
    time.sleep(0.001)
"""


class Writer:
    def __init__(self, database: Path, tmp_path: Path) -> None:
        self.stop_file = tmp_path / "stop-writer"
        self.progress = tmp_path / "writer-progress"
        self.process = subprocess.Popen([sys.executable, "-c", WRITER, str(database), str(self.stop_file),
                                         str(self.progress)], cwd=REPO)

    def written(self) -> int:
        return int(self.progress.read_text()) if self.progress.exists() else 0

    def wait_for(self, rows: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while self.written() < rows:
            assert self.process.poll() is None, "the writer died"
            assert time.monotonic() < deadline, f"the writer did not reach {rows} rows"
            time.sleep(0.02)

    def stop(self) -> None:
        self.stop_file.touch()
        assert self.process.wait(timeout=20) == 0


def ticks(path: Path) -> list[int]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [int(row[0]) for row in conn.execute("SELECT detail FROM events WHERE kind = 'tick' ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "textback.db"
    connect(path).conn.close()
    return path


def test_rotation_keeps_the_newest_fourteen_and_never_touches_other_files():
    rotated = [backup_name("textback", NOW - timedelta(days=day), set()) for day in range(20)]
    others = ["replaced-20260101T000000Z.db", "before-schema-4-20260101T000000Z.db", "notes.txt"]
    doomed = to_prune(rotated + others)
    assert sorted(doomed) == sorted(rotated[14:])    # the 6 oldest
    assert to_prune(rotated[:14] + others) == []


def test_two_backups_in_the_same_second_get_different_names():
    first = backup_name("textback", NOW, set())
    assert first == "textback-20261126T031500Z.db"
    assert backup_name("textback", NOW, {first}) == "textback-20261126T031500Z-1.db"


def test_a_backup_is_a_checked_self_contained_copy(database, tmp_path):
    db = connect(database)
    with transaction(db):
        db.execute("INSERT INTO events (at, kind, detail) VALUES ('t', 'tick', '0')")
    backup = take_backup(database, tmp_path / "backups", NOW)
    assert backup.name == "textback-20261126T031500Z.db"
    assert ticks(backup) == [0]
    facts = inspect(backup)
    assert (facts.integrity, facts.schema, facts.has_messages) == ("ok", len(MIGRATIONS), True)
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"   # one file, no -wal to lose
    conn.close()
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]      # no .partial left behind


def test_backups_taken_while_another_process_writes_are_consistent_snapshots(database, tmp_path):
    writer = Writer(database, tmp_path)
    try:
        counts = []
        for round_ in range(3):
            writer.wait_for(100 * (round_ + 1))
            backup = take_backup(database, tmp_path / "backups", NOW + timedelta(seconds=round_))
            rows = ticks(backup)
            assert rows == list(range(len(rows))), "a backup must hold every row up to a point, no gaps"
            assert inspect(backup).integrity == "ok"
            counts.append(len(rows))
    finally:
        writer.stop()
    assert counts == sorted(counts) and counts[0] >= 100
    assert len(ticks(database)) > counts[-1] - 1   # the writer was never blocked for good


def test_no_database_no_backup(tmp_path):
    with pytest.raises(BackupError, match="no database"):
        take_backup(tmp_path / "missing.db", tmp_path / "backups", NOW)
    assert not (tmp_path / "missing.db").exists()


def test_prune_and_copy_out_keep_fourteen_in_each_folder(database, tmp_path):
    backups, usb = tmp_path / "backups", tmp_path / "usb"
    usb.mkdir()
    (backups).mkdir()
    (backups / "replaced-20200101T000000Z.db").write_text("kept")
    for day in range(16):
        copy_out(take_backup(database, backups, NOW + timedelta(days=day)), usb)
    removed = prune(backups)
    assert len(removed) == 2 and all("textback-202611" in p.name for p in removed)
    assert len(list(usb.iterdir())) == 14
    assert (backups / "replaced-20200101T000000Z.db").exists()
    with pytest.raises(BackupError, match="mounted"):
        copy_out(next(backups.glob("textback-*.db")), tmp_path / "not-mounted")


def damaged_copy(source: Path, target: Path) -> Path:
    data = bytearray(source.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = b"\xff" * 4096       # a page of garbage in the middle
    target.write_bytes(bytes(data))
    return target


def test_restore_refuses_a_damaged_file_and_touches_nothing(database, tmp_path):
    db = connect(database)
    with transaction(db):
        for n in range(200):
            db.execute("INSERT INTO events (at, kind, detail) VALUES ('t', 'tick', ?)", [str(n)])
    good = take_backup(database, tmp_path / "keep", NOW)
    bad = damaged_copy(good, tmp_path / "bad.db")
    before = ticks(database)
    with pytest.raises(BackupError, match="integrity check|not a textback") as refused:
        restore(bad, database, tmp_path / "backups", NOW, len(MIGRATIONS))
    assert "current database was not touched" in str(refused.value)
    assert ticks(database) == before
    assert not (tmp_path / "backups").exists()       # nothing was even set aside


def test_restore_refuses_files_that_are_not_textback_backups(database, tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    newer = take_backup(database, tmp_path / "keep", NOW)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all " * 200)
    cases = [(other, "not a textback database"), (newer, "newer textback"), (text, "integrity check"),
             (tmp_path / "nope.db", "is not a file")]
    for candidate, reason in cases:
        with pytest.raises(BackupError, match=reason):
            restore(candidate, database, tmp_path / "backups", NOW, len(MIGRATIONS))


def test_restore_while_another_process_writes_sets_the_current_database_aside(database, tmp_path):
    writer = Writer(database, tmp_path)
    try:
        writer.wait_for(100)
        backup = take_backup(database, tmp_path / "backups", NOW)
        in_backup = ticks(backup)
        writer.wait_for(len(in_backup) + 150)           # rows the restore will take away
        aside = restore(backup, database, tmp_path / "backups", NOW + timedelta(minutes=1), len(MIGRATIONS))
        writer.wait_for(writer.written() + 100)          # and the writer carries on afterwards
    finally:
        writer.stop()
    assert aside is not None and aside.name.startswith("replaced-")
    set_aside = ticks(aside)
    assert set_aside == list(range(len(set_aside))) and len(set_aside) >= len(in_backup) + 150
    after = ticks(database)
    # The live database is the backup, then what the writer wrote after the restore: the
    # rows written between backup and restore are gone from it, and kept in the aside copy.
    assert after[:len(in_backup)] == in_backup
    resumed = after[len(in_backup):]
    assert len(resumed) >= 50 and resumed == sorted(resumed) and resumed[0] >= set_aside[-1]
    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
