"""How long an online backup takes, and how long it makes a concurrent writer wait.

    .venv/bin/python -m bench.ops_backup [--messages 100000]

Builds a database of N messages (about 1 KB of row each, like a shop after a few years),
then takes backups while a second process keeps inserting rows in short BEGIN IMMEDIATE
transactions, as the agent does. Prints the backup time, the database size, and the
writer's slowest transaction during the backups (WAL mode: the writer should not wait).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from appliance.ops.backup import take_backup
from appliance.store.db import connect, transaction

WRITER = """
import sys, time
from pathlib import Path
from appliance.store.db import connect, transaction
db = connect(sys.argv[1]); stop = Path(sys.argv[2]); slowest = 0.0; n = 0
while not stop.exists():
    started = time.perf_counter()
    with transaction(db):
        db.execute("INSERT INTO events (at, kind, detail) VALUES ('t', 'tick', ?)", [str(n)])
    slowest = max(slowest, time.perf_counter() - started); n += 1
    time.sleep(0.005)
print(f"{n} {slowest}")
"""


def fill(database: Path, messages: int) -> None:
    db = connect(database)
    body = "my water heater is leaking in the garage, can someone come today? " * 15
    with transaction(db):
        for n in range(messages):
            db.execute("INSERT INTO messages (phone, direction, kind, body, status, created_at, updated_at) "
                       "VALUES (?, 'in', 'inbound', ?, 'received', 't', 't')", [f"+1512555{n % 10000:04d}", body])
    db.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "textback.db"
        fill(database, args.messages)
        stop = Path(folder) / "stop"
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(database), str(stop)],
                                  stdout=subprocess.PIPE, text=True)
        time.sleep(0.5)
        seconds = []
        now = datetime.now(timezone.utc)
        for round_ in range(args.rounds):
            started = time.perf_counter()
            take_backup(database, Path(folder) / "backups", now + timedelta(seconds=round_))
            seconds.append(time.perf_counter() - started)
        stop.touch()
        rows, slowest = writer.communicate(timeout=30)[0].split()
        size = database.stat().st_size / 1024 ** 2
        print(f"database {size:.0f} MB ({args.messages} messages); backup median {statistics.median(seconds):.2f} s "
              f"(max {max(seconds):.2f} s, includes integrity_check and fsync); "
              f"concurrent writer: {rows} transactions, slowest {float(slowest) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
