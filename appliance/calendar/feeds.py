"""Subscribable ICS feeds behind secret-token URLs: one per technician and one for the shop.

The token is shown once when created; the database keeps only its SHA-256, so a copied
database opens no feed. The web app serves ``/calendar/<token>.ics`` with :func:`feed_for_token`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import sqlite_utils

from appliance.calendar.ics import calendar_text
from appliance.clock import iso
from appliance.store.db import insert, one

VISIBLE = ("booked", "confirmed", "on_the_way", "done")
VISIT_SQL = """SELECT appointments.*, technicians.name AS technician, contacts.phone, contacts.name AS customer
               FROM appointments JOIN technicians ON technicians.id = technician_id
               JOIN contacts ON contacts.id = appointments.contact_id"""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed_token(db: sqlite_utils.Database, now: datetime, technician_id: int | None = None) -> str:
    """A new secret for the technician's feed (None: the whole shop). Call inside a transaction."""
    token = secrets.token_urlsafe(32)
    insert(db, "calendar_feeds", {"technician_id": technician_id, "token_hash": _hash(token), "created_at": iso(now)})
    return token


def revoke_feed_token(db: sqlite_utils.Database, now: datetime, token: str) -> bool:
    cursor = db.execute("UPDATE calendar_feeds SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                        [iso(now), _hash(token)])
    return cursor.rowcount == 1


def feed_for_token(db: sqlite_utils.Database, token: str, business: str, now: datetime) -> str | None:
    """The ICS text for a feed token, or None for an unknown or revoked token (answer 404)."""
    digest = _hash(token)
    feed = one(db, "SELECT * FROM calendar_feeds WHERE token_hash = ? AND revoked_at IS NULL", [digest])
    if feed is None or not hmac.compare_digest(feed["token_hash"], digest):
        return None
    marks = ", ".join("?" for _ in VISIBLE)
    if feed["technician_id"] is None:
        visits = db.query(f"{VISIT_SQL} WHERE status IN ({marks}) ORDER BY start_at", [*VISIBLE])
        name = business
    else:
        visits = db.query(f"{VISIT_SQL} WHERE status IN ({marks}) AND technician_id = ? ORDER BY start_at",
                          [*VISIBLE, feed["technician_id"]])
        name = f"{business}: " + one(db, "SELECT name FROM technicians WHERE id = ?", [feed["technician_id"]])["name"]
    return calendar_text(name, list(visits), now)
