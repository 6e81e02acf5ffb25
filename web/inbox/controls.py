"""Per-conversation controls a person sets: the bot paused (a human took over), and what was read.

The agent must read ``bot_paused`` before an automated reply; compliance answers (STOP, HELP)
still go out, as the law requires. A pause lasts for the number's current lead: the pipeline lifts
it when the number's next lead opens (appliance/pipeline/flow.py), so a new job is qualified.
"""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from appliance.clock import iso
from appliance.store.db import one


def controls(db: sqlite_utils.Database, phone: str) -> dict:
    return one(db, "SELECT * FROM conversation_controls WHERE phone = ?", [phone]) or {
        "phone": phone, "bot_paused": 0, "read_up_to": 0}


def is_bot_paused(db: sqlite_utils.Database, phone: str) -> bool:
    return bool(controls(db, phone)["bot_paused"])


def set_bot_paused(db: sqlite_utils.Database, now: datetime, phone: str, paused: bool, by: str) -> None:
    _upsert(db, now, phone, by, "bot_paused", int(paused))


def mark_read(db: sqlite_utils.Database, now: datetime, phone: str, up_to: int, by: str) -> None:
    """Remember the newest message a person has seen; never moves backwards."""
    if up_to > controls(db, phone)["read_up_to"]:
        _upsert(db, now, phone, by, "read_up_to", up_to)


def _upsert(db: sqlite_utils.Database, now: datetime, phone: str, by: str, column: str, value: int) -> None:
    db.execute(
        f"INSERT INTO conversation_controls (phone, [{column}], updated_at, updated_by) VALUES (?, ?, ?, ?) "
        f"ON CONFLICT(phone) DO UPDATE SET [{column}] = excluded.[{column}], "
        "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        [phone, value, iso(now), by])
