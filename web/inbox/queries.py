"""What the inbox reads: conversations with their flags, and one conversation in full."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from appliance.store import consent, messages
from appliance.store.db import one
from web.inbox.controls import controls

# Emergencies nobody has resolved first, then what nobody has read yet, then the newest.
_CONVERSATIONS_SQL = """
WITH phones AS (
    SELECT phone, last_at, last_in_id, last_id FROM conversation_summaries
), missed AS (
    SELECT phone, MAX(detected_at) AS last_at FROM calls WHERE phone IS NOT NULL AND missed = 1 GROUP BY phone
), everyone AS (
    SELECT phone FROM phones UNION SELECT phone FROM missed
)
SELECT e.phone, c.name, COALESCE(c.blocked, 0) AS blocked,
       COALESCE(cc.bot_paused, 0) AS bot_paused,
       MAX(COALESCE(p.last_at, ''), COALESCE(k.last_at, '')) AS last_at,
       COALESCE(p.last_in_id, 0) > COALESCE(cc.read_up_to, 0) AS unread,
       COALESCE(json_extract(l.fields, '$.urgency') = 'emergency' AND l.emergency_resolved_at IS NULL, 0)
           AS emergency,
       (SELECT body FROM messages WHERE id = p.last_id) AS preview,
       (SELECT direction FROM messages WHERE id = p.last_id) AS preview_direction
FROM everyone e
LEFT JOIN phones p ON p.phone = e.phone
LEFT JOIN missed k ON k.phone = e.phone
LEFT JOIN contacts c ON c.phone = e.phone
LEFT JOIN conversation_controls cc ON cc.phone = e.phone
LEFT JOIN leads l ON l.id = (SELECT MAX(id) FROM leads WHERE contact_id = c.id)  -- the latest lead, by index
ORDER BY emergency DESC, unread DESC, last_at DESC
LIMIT ?
"""


def conversations(db: sqlite_utils.Database, limit: int = 200) -> list[dict]:
    return list(db.query(_CONVERSATIONS_SQL, [limit]))


def inbox_version(db: sqlite_utils.Database) -> str:
    """Changes whenever anything the list shows changes: a message, a status, a call, a flag."""
    row = one(db, """SELECT (SELECT COALESCE(MAX(id), 0) FROM message_events) AS events,
                            (SELECT COALESCE(MAX(id), 0) FROM calls) AS calls,
                            (SELECT COALESCE(MAX(updated_at), '') FROM conversation_controls) AS controls,
                            (SELECT COALESCE(SUM(blocked), 0) FROM contacts) AS blocked,
                            (SELECT COALESCE(MAX(updated_at), '') FROM leads) AS leads""")
    return "|".join(str(value) for value in row.values())


def thread_version(db: sqlite_utils.Database, phone: str) -> str:
    row = one(db, """SELECT (SELECT COALESCE(MAX(e.id), 0) FROM message_events e
                             JOIN messages m ON m.id = e.message_id WHERE m.phone = ?) AS events,
                            (SELECT COALESCE(MAX(id), 0) FROM calls WHERE phone = ?) AS calls""",
              [phone, phone])
    return f"{row['events']}|{row['calls']}"


@dataclass
class Thread:
    phone: str
    contact: dict | None
    controls: dict
    opted_out: bool
    calls: list[dict]
    messages: list[dict]
    lead: dict[str, Any] | None = field(default=None)

    @property
    def exists(self) -> bool:
        return bool(self.contact or self.calls or self.messages)


def thread(db: sqlite_utils.Database, phone: str) -> Thread:
    contact = one(db, "SELECT * FROM contacts WHERE phone = ?", [phone])
    history = messages.conversation(db, phone)
    for message in history:
        message["history"] = messages.history(db, message["id"])
    lead = None
    if contact:
        row = one(db, "SELECT * FROM leads WHERE contact_id = ? ORDER BY id DESC LIMIT 1", [contact["id"]])
        lead = {**row, "fields": json.loads(row["fields"] or "{}")} if row else None
    return Thread(
        phone=phone, contact=contact, controls=controls(db, phone),
        opted_out=consent.is_opted_out(db, phone),
        calls=list(db.query("SELECT * FROM calls WHERE phone = ? ORDER BY id", [phone])),
        messages=history, lead=lead,
    )


def newest_message_id(db: sqlite_utils.Database, phone: str) -> int:
    return one(db, "SELECT COALESCE(MAX(id), 0) AS id FROM messages WHERE phone = ?", [phone])["id"]
