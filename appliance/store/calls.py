"""Calls as the PBX reported them: one row per Asterisk Linkedid, whoever reported it first."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from appliance.clock import parse_iso
from appliance.store.db import one


def insert_call(db: sqlite_utils.Database, row: dict) -> int | None:
    """Insert unless the Linkedid is already known; the id, or None for a duplicate report."""
    columns = ", ".join(f"[{name}]" for name in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(
        f"INSERT INTO calls ({columns}) VALUES ({marks}) ON CONFLICT(linkedid) DO NOTHING",
        list(row.values()))
    return cursor.lastrowid if cursor.rowcount == 1 else None


def last_textback_at(db: sqlite_utils.Database, phone: str) -> datetime | None:
    row = one(db, """SELECT MAX(created_at) AS at FROM messages
                     WHERE phone = ? AND kind = 'textback' AND status != 'cancelled'""", [phone])
    return parse_iso(row["at"]) if row and row["at"] else None


def set_textback(db: sqlite_utils.Database, call_id: int, outcome: str, message_id: int | None) -> None:
    db.execute("UPDATE calls SET textback = ?, textback_message_id = ? WHERE id = ?",
               [outcome, message_id, call_id])


def latest_call_end(db: sqlite_utils.Database) -> datetime | None:
    row = one(db, "SELECT MAX(ended_at) AS at FROM calls WHERE source != 'simulated'")
    return parse_iso(row["at"]) if row and row["at"] else None
