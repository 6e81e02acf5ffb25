"""The consent ledger: every opt-out and opt-in, with its source and time. Never updated or deleted
(triggers in the schema refuse it); the current state of a number is its latest entry."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import sqlite_utils

from appliance.clock import iso
from appliance.store.db import insert, one


def record_consent(db: sqlite_utils.Database, phone: str, action: str, source: str, now: datetime,
                   evidence: str | None = None) -> int:
    return insert(db, "consent", {"phone": phone, "action": action, "source": source,
                                  "evidence": evidence, "at": iso(now)})


def is_opted_out(db: sqlite_utils.Database, phone: str) -> bool:
    latest = one(db, "SELECT action FROM consent WHERE phone = ? ORDER BY id DESC LIMIT 1", [phone])
    return latest is not None and latest["action"] == "opt_out"


def export_csv(db: sqlite_utils.Database) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["at", "phone", "action", "source", "evidence"])
    for row in db.query("SELECT at, phone, action, source, evidence FROM consent ORDER BY id"):
        writer.writerow([row["at"], row["phone"], row["action"], row["source"], row["evidence"] or ""])
    return out.getvalue()
