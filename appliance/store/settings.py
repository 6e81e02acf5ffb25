"""Settings the owner edits in the admin (business profile, templates): JSON values by key.
The agent overlays them on the configuration file (appliance/effective_config.py).

The configuration file keeps what an installer sets (ports, modem, database); these rows keep
what the shop changes from the admin page, with who changed it and when.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlite_utils

from appliance.clock import iso
from appliance.store.db import one


def get(db: sqlite_utils.Database, key: str, default: Any = None) -> Any:
    row = one(db, "SELECT value FROM settings WHERE key = ?", [key])
    return json.loads(row["value"]) if row else default


def put(db: sqlite_utils.Database, now: datetime, key: str, value: Any, by: str) -> None:
    """Save one setting. Call inside a transaction."""
    db.execute(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by",
        [key, json.dumps(value), iso(now), by])


def all_settings(db: sqlite_utils.Database) -> dict[str, Any]:
    return {row["key"]: json.loads(row["value"]) for row in db.query("SELECT key, value FROM settings")}
