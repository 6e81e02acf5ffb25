"""kill -9 during a WAL checkpoint (issue 7): the database is intact and no committed row is lost.

A child process opens the real database (appliance.store.db.connect: WAL, synchronous=FULL, the
real schema), commits a few thousand texts with automatic checkpoints off so the WAL grows to
tens of megabytes, then runs `PRAGMA wal_checkpoint(TRUNCATE)`; the test SIGKILLs it at a
seeded random instant inside that checkpoint. Each round adds to the same file, so later rounds
also recover what earlier ones left half-copied. After every round: `PRAGMA integrity_check`
is `ok` and every committed text is there, byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from appliance.store.db import connect

ROUNDS = int(os.environ.get("TEXTBACK_WAL_KILL_ROUNDS", "6"))
ROWS_PER_ROUND = 12_000
BODY_CHARS = 1_500          # ~12,000 x 1.5 kB: a WAL of about 25 MB per round

CHILD = """
import sys
from appliance.store.db import connect, transaction
path, first, rows, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
db = connect(path)
db.conn.execute("PRAGMA wal_autocheckpoint=0")
with transaction(db):
    db.conn.executemany(
        "INSERT INTO messages (phone, direction, kind, body, status, created_at, updated_at) "
        "VALUES (?, 'in', 'inbound', ?, 'received', '2026-11-26T00:00:00.000000Z', '2026-11-26T00:00:00.000000Z')",
        ((f"+1512564{n % 10000:04d}", (f"text {n} " * size)[:size]) for n in range(first, first + rows)))
print("checkpointing", flush=True)
db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
print("checkpointed", flush=True)
sys.stdin.read()
"""


def body(n: int) -> str:
    return (f"text {n} " * BODY_CHARS)[:BODY_CHARS]


def start_child(database: Path, first: int) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(database), str(first), str(ROWS_PER_ROUND),
                              str(BODY_CHARS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
    line = child.stdout.readline().strip()
    assert line == "checkpointing", f"the writer failed before its checkpoint (exit {child.wait(30)})"
    return child


def checkpoint_seconds(database: Path) -> float:
    """How long one checkpoint of this size takes here, so the kills land inside one."""
    child = start_child(database, 0)
    started = time.monotonic()
    assert child.stdout.readline().strip() == "checkpointed"
    took = time.monotonic() - started
    child.kill()
    child.wait(10)
    return took


def digest_of_bodies(database: Path) -> tuple[int, str]:
    db = connect(database)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        digest = hashlib.sha256()
        count = 0
        for (text,) in db.execute("SELECT body FROM messages ORDER BY id"):
            digest.update(text.encode())
            count += 1
        return count, digest.hexdigest()
    finally:
        db.conn.close()


def expected_digest(rows: int) -> str:
    digest = hashlib.sha256()
    for n in range(rows):
        digest.update(body(n).encode())
    return digest.hexdigest()


def test_kill_9_during_a_wal_checkpoint_leaves_the_database_intact_with_every_row(tmp_path):
    database = tmp_path / "textback.db"
    duration = checkpoint_seconds(database)
    rng = random.Random(11)
    killed_inside = 0
    for round_number in range(1, ROUNDS + 1):
        child = start_child(database, round_number * ROWS_PER_ROUND)
        time.sleep(rng.uniform(0.0, duration * 0.9))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        finished = child.stdout.read().strip() == "checkpointed"
        killed_inside += not finished
        rows = (round_number + 1) * ROWS_PER_ROUND
        assert digest_of_bodies(database) == (rows, expected_digest(rows)), f"round {round_number}: rows lost"
    print(f"\ncheckpoint of a {ROWS_PER_ROUND * BODY_CHARS / 1e6:.0f} MB WAL took {duration:.2f} s; "
          f"{killed_inside} of {ROUNDS} kills landed inside the checkpoint")
    assert killed_inside >= ROUNDS // 2, "the kills missed the checkpoints: nothing was tested"
