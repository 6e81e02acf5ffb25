"""Disk full, at the store layer: the error is described in plain words and nothing is corrupted.

The database lives on a 1 MiB tmpfs mounted by the test (root only), which a filler file fills up.
Not covered here: the running agent on a full disk. Tried by hand, its modem thread dies on the
unhandled "database or disk is full" (a traceback in the log, no plain alert); the texts stay on
the SIM, so nothing is lost, but they are stored only after a restart (see docs/reliability.md).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from appliance.store.db import StoreError, connect, describe, insert, transaction

SIZE = "1m"


@pytest.fixture
def small_disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(mountpoint)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def fill(directory: Path) -> Path:
    """Write zeros until the filesystem refuses; return the filler file."""
    filler = directory / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def a_message(number: int, body: str = "hello") -> dict:
    return {"phone": f"+1512562{number:04d}", "direction": "in", "kind": "inbound", "body": body,
            "status": "received", "created_at": "2026-11-26T16:00:00Z", "updated_at": "2026-11-26T16:00:00Z"}


def test_a_full_disk_is_reported_plainly_and_corrupts_nothing(small_disk):
    path = small_disk / "textback.db"
    db = connect(path)
    with transaction(db):
        for number in range(20):
            insert(db, "messages", a_message(number))
    filler = fill(small_disk)

    with pytest.raises(sqlite3.OperationalError) as failure:
        # One text per transaction, as the agent's inbox stores them, until the WAL cannot grow.
        for number in range(1000, 6000):
            with transaction(db):
                insert(db, "messages", a_message(number, "x" * 500))
    assert describe(failure.value, path) == (
        f"the disk holding {path} is full: free some space; nothing already saved was lost")
    assert not db.conn.in_transaction, "a failed write left the connection inside a transaction"

    # A fresh connection on the full disk either opens or says the same plain words.
    try:
        connect(path).conn.close()
    except StoreError as error:
        assert "is full: free some space" in str(error)

    filler.unlink()
    # The same connection carries on once there is room again, as the agent's long-lived one must.
    with transaction(db):
        insert(db, "messages", a_message(9999, "after the disk was freed"))
    assert db.execute("SELECT count(*) FROM messages WHERE body = 'hello'").fetchone()[0] == 20, \
        "a row committed before the disk filled was lost"
    assert db.execute("SELECT count(*) FROM messages WHERE phone = '+15125629999'").fetchone()[0] == 1
    db.conn.close()
    assert integrity(path) == "ok"
