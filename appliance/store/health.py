"""Health facts the agent publishes for the admin page and `textback doctor` (AMI, modem, outbox)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from appliance.clock import iso, parse_iso

# The agent publishes its health rows every few seconds while it runs.
AGENT_ACTIVE_WITHIN = timedelta(seconds=30)


def publish(db: sqlite_utils.Database, now: datetime, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO health (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        [key, json.dumps(value, default=str), iso(now)],
    )


def read_all(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    return {row["key"]: {"value": json.loads(row["value"]), "updated_at": row["updated_at"]}
            for row in db.query("SELECT * FROM health")}


def last_update(db: sqlite_utils.Database) -> str | None:
    return db.execute("SELECT MAX(updated_at) FROM health").fetchone()[0]


def agent_active(last_update_at: str | None, now: datetime) -> bool:
    """Whether the agent is running now, judged from its latest health report (a restore must
    not swap the database under it)."""
    return last_update_at is not None and now - parse_iso(last_update_at) < AGENT_ACTIVE_WITHIN
