"""Messages in and out, and the history of every state change of each.

Outbound states: queued -> sending -> sent -> delivered, with failed, cancelled, and
unconfirmed (the agent died mid-send: the modem may or may not have sent it, so a person
decides; it is never resent on its own). Inbound: received -> handled once the agent has acted on it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from appliance.clock import iso, parse_iso
from appliance.store.db import insert, one

# Lower goes first. A text-back must beat a follow-up queued an hour ago.
PRIORITY_ALERT = 0
PRIORITY_TEXTBACK = 1
PRIORITY_REPLY = 2
PRIORITY_FOLLOWUP = 5

OPEN_STATES = ("queued", "sending")


def enqueue(db: sqlite_utils.Database, now: datetime, *, phone: str, body: str, kind: str,
            priority: int, contact_id: int | None = None, call_id: int | None = None,
            sent_by: str | None = None) -> int:
    """Write an outbound message before anything tries to send it. Call inside a transaction.
    ``sent_by``: the username of the person who wrote it (a staff reply); None when the appliance did."""
    message_id = insert(db, "messages", {
        "contact_id": contact_id, "phone": phone, "direction": "out", "kind": kind, "body": body,
        "priority": priority, "status": "queued", "created_at": iso(now), "updated_at": iso(now),
        "call_id": call_id, "sent_by": sent_by,
    })
    _record(db, message_id, "queued", now, None)
    return message_id


def record_inbound(db: sqlite_utils.Database, now: datetime, *, phone: str, body: str,
                   contact_id: int | None) -> int:
    message_id = insert(db, "messages", {
        "contact_id": contact_id, "phone": phone, "direction": "in", "kind": "inbound",
        "body": body, "status": "received", "created_at": iso(now), "updated_at": iso(now),
    })
    _record(db, message_id, "received", now, None)
    return message_id


def mark_handled(db: sqlite_utils.Database, now: datetime, message_id: int, outcome: str) -> None:
    """An inbound text the agent has acted on (answered, or decided not to). Call in the transaction
    that queued the answer, so a crash leaves the text either answered and marked, or neither."""
    set_status(db, now, message_id, "handled", outcome)


def unhandled_inbound(db: sqlite_utils.Database, since: datetime) -> list[int]:
    return [row["id"] for row in db.query(
        "SELECT id FROM messages WHERE direction = 'in' AND status = 'received' AND created_at >= ? ORDER BY id",
        [iso(since)])]


def set_status(db: sqlite_utils.Database, now: datetime, message_id: int, status: str,
               detail: str | None = None, **changes: object) -> None:
    columns = {"status": status, "updated_at": iso(now), **changes}
    assignments = ", ".join(f"[{name}] = ?" for name in columns)
    db.execute(f"UPDATE messages SET {assignments} WHERE id = ?", [*columns.values(), message_id])
    _record(db, message_id, status, now, detail)


def _record(db: sqlite_utils.Database, message_id: int, status: str, now: datetime,
            detail: str | None) -> None:
    insert(db, "message_events", {"message_id": message_id, "status": status, "at": iso(now),
                                  "detail": detail})


def next_due(db: sqlite_utils.Database, now: datetime) -> dict | None:
    return one(db, """
        SELECT * FROM messages
        WHERE direction = 'out' AND status = 'queued'
          AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
        ORDER BY priority, id LIMIT 1""", [iso(now)])


def earliest_retry(db: sqlite_utils.Database) -> str | None:
    row = one(db, """SELECT MIN(next_attempt_at) AS at FROM messages
                     WHERE direction = 'out' AND status = 'queued'""")
    return row["at"] if row else None


def claim(db: sqlite_utils.Database, now: datetime, message_id: int) -> bool:
    """queued -> sending, only if nobody else took it. Commit this before touching the modem."""
    cursor = db.execute(
        "UPDATE messages SET status = 'sending', attempts = attempts + 1, updated_at = ? "
        "WHERE id = ? AND status = 'queued'", [iso(now), message_id])
    if cursor.rowcount != 1:
        return False
    _record(db, message_id, "sending", now, None)
    return True


def mark_interrupted_sends(db: sqlite_utils.Database, now: datetime) -> list[int]:
    """At start: anything still 'sending' was cut off by a crash. Never resend it blindly."""
    ids = [row["id"] for row in db.query(
        "SELECT id FROM messages WHERE direction = 'out' AND status = 'sending'")]
    for message_id in ids:
        set_status(db, now, message_id, "unconfirmed",
                   "the agent stopped while this was being sent; it may or may not have gone out")
    return ids


def mark_sent(db: sqlite_utils.Database, now: datetime, message_id: int, refs: list[int]) -> None:
    set_status(db, now, message_id, "sent", f"modem refs {refs}",
               modem_refs=json.dumps(refs), sent_at=iso(now), error=None)


@dataclass(frozen=True)
class SendWindow:
    count: int                    # attempts that reached the modem since the window opened
    oldest: datetime | None
    latest: datetime | None


def send_window(db: sqlite_utils.Database, since: datetime) -> SendWindow:
    """Attempts handed to the modem since ``since``: every attempt costs the SIM a send."""
    row = one(db, """SELECT COUNT(*) AS n, MIN(at) AS oldest, MAX(at) AS latest FROM message_events
                     WHERE status = 'sending' AND at >= ?""", [iso(since)])
    return SendWindow(row["n"], _maybe_time(row["oldest"]), _maybe_time(row["latest"]))


def _maybe_time(text: str | None) -> datetime | None:
    return parse_iso(text) if text else None


def find_by_modem_ref(db: sqlite_utils.Database, ref: int, since: datetime) -> dict | None:
    """The most recent sent message whose parts used TP-MR ``ref`` (refs wrap at 256)."""
    for row in db.query("""SELECT * FROM messages WHERE direction = 'out' AND modem_refs IS NOT NULL
                           AND sent_at >= ? ORDER BY id DESC""", [iso(since)]):
        if ref in json.loads(row["modem_refs"]):
            return row
    return None


def cancel_pending(db: sqlite_utils.Database, now: datetime, phone: str, reason: str) -> int:
    ids = [row["id"] for row in db.query(
        "SELECT id FROM messages WHERE phone = ? AND direction = 'out' AND status = 'queued' "
        "AND kind NOT IN ('alert', 'compliance')", [phone])]
    for message_id in ids:
        set_status(db, now, message_id, "cancelled", reason)
    return len(ids)


def history(db: sqlite_utils.Database, message_id: int) -> list[dict]:
    return list(db.query("SELECT status, at, detail FROM message_events WHERE message_id = ? ORDER BY id",
                         [message_id]))


def conversation(db: sqlite_utils.Database, phone: str) -> list[dict]:
    return list(db.query("SELECT * FROM messages WHERE phone = ? ORDER BY id", [phone]))
