"""The audit log: what happened, when, to whom. Append-only by convention; the admin reads it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlite_utils

from appliance.clock import iso
from appliance.store.db import insert


def log_event(db: sqlite_utils.Database, now: datetime, kind: str, subject: str | None = None,
              **detail: Any) -> int:
    return insert(db, "events", {
        "at": iso(now), "kind": kind, "subject": subject,
        "detail": json.dumps(detail, default=str) if detail else None,
    })


def recent_events(db: sqlite_utils.Database, kind: str | None = None, limit: int = 100) -> list[dict]:
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    return list(db.query(f"SELECT * FROM events {where} ORDER BY id DESC LIMIT ?", [*params, limit]))
