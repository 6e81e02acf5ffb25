"""How fast the pipeline's poll and slot search are on this machine (prints figures, asserts nothing).

    .venv/bin/python bench/pipeline_bench.py

The agent polls the tasks table every 15 s; a poll must stay far below that even with a
backlog (after a week switched off), and offering slots must feel instant to a texting customer.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from appliance.config import parse_config
from appliance.pipeline import booking, flow
from appliance.pipeline.poller import task_handlers
from appliance.pipeline.task_runner import run_due_tasks
from appliance.store.db import connect, transaction

SHOP = {"name": "Bench Plumbing", "trade": "plumbing", "timezone": "America/Chicago", "phone": "+15125550100"}
START = datetime(2026, 6, 1, 15, 0, tzinfo=timezone.utc)          # Monday 10:00 in Austin


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    config = parse_config({"business": SHOP, "storage": {"database": str(folder / "bench.db")},
                           "pipeline": {"max_messages_per_day": 5}})
    db = connect(config.storage.database)
    leads = 500
    t0 = time.perf_counter()
    with transaction(db):
        for n in range(leads):
            flow.on_missed_call(db, config, START, f"+1512555{n:04d}", None, texted_back=True)
    print(f"open {leads} leads with their follow-up tasks: {time.perf_counter() - t0:.2f} s")

    t0 = time.perf_counter()
    done = run_due_tasks(db, START + timedelta(hours=3), task_handlers(config), limit=leads)
    elapsed = time.perf_counter() - t0
    print(f"one poll running {done} due follow-up steps: {elapsed:.2f} s ({elapsed / done * 1000:.1f} ms a step)")

    t0 = time.perf_counter()
    idle = run_due_tasks(db, START + timedelta(hours=3), task_handlers(config), limit=leads)
    print(f"an idle poll ({idle} due): {(time.perf_counter() - t0) * 1000:.1f} ms")

    with transaction(db):
        for tech in range(5):
            booking.add_technician(db, f"Tech {tech}", "mon-fri 08:00-17:00; sat 09:00-12:00")
    t0 = time.perf_counter()
    runs = 50
    for _ in range(runs):
        booking.find_slots(db, config, START, "Drain cleaning")
    print(f"find 3 slots over 5 technicians and 7 days: {(time.perf_counter() - t0) / runs * 1000:.1f} ms")


if __name__ == "__main__":
    main()
