"""Health facts the agent publishes for the admin page and `textback doctor` (AMI, modem, outbox)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlite_utils

from appliance.clock import iso


def publish(db: sqlite_utils.Database, now: datetime, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO health (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        [key, json.dumps(value, default=str), iso(now)],
    )


def read_all(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    return {row["key"]: {"value": json.loads(row["value"]), "updated_at": row["updated_at"]}
            for row in db.query("SELECT * FROM health")}
