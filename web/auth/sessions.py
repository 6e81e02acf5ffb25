"""Server-side login sessions: the cookie carries a random token, the database says what it is worth.

Because the truth is in the database, logging out, an idle timeout or removing a user ends the
session for good, even if someone kept a copy of the cookie.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlite_utils

from appliance.clock import iso, parse_iso
from appliance.store.db import insert, one
from web.auth.users import User

# Writing last_seen_at on every click would make each page view a write; this often is enough.
TOUCH_EVERY = timedelta(seconds=30)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(db: sqlite_utils.Database, now: datetime, user_id: int, remote_addr: str | None) -> str:
    token = secrets.token_urlsafe(32)
    insert(db, "web_sessions", {"token_hash": _hash(token), "user_id": user_id, "created_at": iso(now),
                                "last_seen_at": iso(now), "remote_addr": remote_addr})
    return token


def resolve(db: sqlite_utils.Database, token: str, now: datetime, idle_timeout: timedelta, *,
            touch: bool) -> User | None:
    """The user a live session belongs to, or None. ``touch``: this request counts as activity."""
    row = one(db, """SELECT s.id AS session_id, s.last_seen_at, u.id, u.username, u.role, u.cell_phone
                     FROM web_sessions s JOIN web_users u ON u.id = s.user_id
                     WHERE s.token_hash = ? AND s.ended_at IS NULL""", [_hash(token)])
    if row is None:
        return None
    last_seen = parse_iso(row["last_seen_at"])
    if now - last_seen > idle_timeout:
        db.execute("UPDATE web_sessions SET ended_at = ? WHERE id = ?", [iso(now), row["session_id"]])
        return None
    if touch and now - last_seen >= TOUCH_EVERY:
        db.execute("UPDATE web_sessions SET last_seen_at = ? WHERE id = ?", [iso(now), row["session_id"]])
    return User(id=row["id"], username=row["username"], role=row["role"], cell_phone=row["cell_phone"])


def end(db: sqlite_utils.Database, token: str, now: datetime) -> None:
    db.execute("UPDATE web_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL",
               [iso(now), _hash(token)])
