"""Owner corrections of a lead's fields: stored in SQLite, loaded into the nearest-neighbour memory.

`record_correction` is what the admin form and `textback correct` call. Only fields of the
Lead can be corrected, and only to values the Lead allows; a bad correction is refused
with a message saying why, and nothing is written.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from .lead import INTENTS, URGENCIES
from .memory import CorrectionMemory

CORRECTABLE = {"intent", "urgency", "escalate", "name", "address", "service", "opt_out"}

CORRECTIONS_SQL = """
CREATE TABLE lead_corrections (
    id INTEGER PRIMARY KEY,
    lead_id INTEGER,                      -- the corrected lead, when it came from the inbox
    messages TEXT NOT NULL,               -- JSON list of the customer's texts the lead was made from
    field TEXT NOT NULL,
    old_value TEXT,                       -- JSON
    new_value TEXT NOT NULL,              -- JSON
    author TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX lead_corrections_field ON lead_corrections(field, id);
"""
# The table is created by the store's migration list (appliance/store/migrations.py, v2).


def validate(field: str, value: Any) -> Any:
    """The value as stored, or ValueError saying what is acceptable."""
    if field not in CORRECTABLE:
        raise ValueError(f"cannot correct {field!r}; correctable fields: {', '.join(sorted(CORRECTABLE))}")
    if field == "intent" and value not in INTENTS:
        raise ValueError(f"intent must be one of {', '.join(INTENTS)}, not {value!r}")
    if field == "urgency" and value not in URGENCIES:
        raise ValueError(f"urgency must be one of {', '.join(URGENCIES)}, not {value!r}")
    if field in ("escalate", "opt_out"):
        if isinstance(value, str) and value.lower() in ("true", "yes", "1", "false", "no", "0"):
            return value.lower() in ("true", "yes", "1")
        if not isinstance(value, bool):
            raise ValueError(f"{field} must be true or false, not {value!r}")
    if field in ("name", "address", "service") and value is not None and not str(value).strip():
        return None
    return value


def record_correction(db: sqlite_utils.Database, messages: list[str], changes: dict[str, Any],
                      old: dict[str, Any] | None = None, lead_id: int | None = None,
                      author: str | None = None, now: datetime | None = None) -> list[int]:
    """Store one correction row per changed field, all or none; returns the row ids."""
    if not messages or not all(isinstance(m, str) for m in messages):
        raise ValueError("a correction needs the customer's texts it applies to")
    clean = {field: validate(field, value) for field, value in changes.items()}
    if not clean:
        raise ValueError("nothing to correct")
    stamp = (now or datetime.now(timezone.utc)).isoformat()
    ids = []
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        for field, value in clean.items():
            cursor = conn.execute(
                "INSERT INTO lead_corrections (lead_id, messages, field, old_value, new_value, author, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (lead_id, json.dumps(messages), field, json.dumps((old or {}).get(field)), json.dumps(value),
                 author, stamp))
            ids.append(cursor.lastrowid)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return ids


def load_memory(db: sqlite_utils.Database) -> CorrectionMemory:
    """Every stored correction, latest value per conversation and field, as a memory."""
    latest: dict[tuple[str, str], Any] = {}
    for row in db.query("SELECT messages, field, new_value FROM lead_corrections ORDER BY id"):
        latest[(row["messages"], row["field"])] = json.loads(row["new_value"])
    by_conversation: dict[str, dict[str, Any]] = {}
    for (messages, field), value in latest.items():
        by_conversation.setdefault(messages, {})[field] = value
    memory = CorrectionMemory()
    for messages, fields in by_conversation.items():
        memory.add(json.loads(messages), fields)
    return memory
