"""Contacts: one row per phone number (E.164); every call and message hangs off it."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from appliance.clock import iso
from appliance.store.db import one


def contact_id_for(db: sqlite_utils.Database, phone: str, now: datetime) -> int:
    """The contact for ``phone``, created on first sight. Call inside a write transaction."""
    db.execute("INSERT INTO contacts (phone, created_at) VALUES (?, ?) ON CONFLICT(phone) DO NOTHING",
               [phone, iso(now)])
    return one(db, "SELECT id FROM contacts WHERE phone = ?", [phone])["id"]


def find_contact(db: sqlite_utils.Database, phone: str) -> dict | None:
    return one(db, "SELECT * FROM contacts WHERE phone = ?", [phone])


def is_blocked(db: sqlite_utils.Database, phone: str) -> bool:
    contact = find_contact(db, phone)
    return bool(contact and contact["blocked"])
