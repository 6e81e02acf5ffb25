"""Versioned schema migrations.

``PRAGMA user_version`` holds the number of migrations applied. Each migration runs in its
own transaction, so a failure leaves the database exactly as the previous version left it.
Never edit a migration that has shipped: append a new one.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from collections.abc import Callable

import sqlite_utils

from appliance.clock import iso
from appliance.store.db import transaction

Migration = Callable[[sqlite_utils.Database], None]


def run_script(db: sqlite_utils.Database, script: str) -> None:
    """Run each statement of ``script`` inside the caller's transaction.

    ``sqlite3.executescript`` would COMMIT first and break the migration's transaction.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


def _v1_core(db: sqlite_utils.Database) -> None:
    run_script(db, _V1_SQL)


_V1_SQL = """
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL UNIQUE,            -- E.164
    name TEXT,
    created_at TEXT NOT NULL,
    blocked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    linkedid TEXT NOT NULL UNIQUE,         -- Asterisk's Linkedid: one row per call, whatever reports it
    caller TEXT NOT NULL,                  -- caller ID as the PBX gave it
    phone TEXT,                            -- E.164, or NULL when withheld or not a number
    contact_id INTEGER REFERENCES contacts(id),
    did TEXT,
    started_at TEXT,
    ended_at TEXT,
    missed INTEGER NOT NULL,
    reason TEXT NOT NULL,
    after_hours INTEGER,
    source TEXT NOT NULL,                  -- ami, userevent, cdr, simulated
    detected_at TEXT NOT NULL,
    textback TEXT NOT NULL,                -- 'queued', or why no text was sent
    textback_message_id INTEGER
);
CREATE INDEX calls_phone ON calls(phone, detected_at);
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER REFERENCES contacts(id),
    phone TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind TEXT NOT NULL,                    -- textback, reply, alert, followup, human, inbound
    body TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 5,   -- lower goes first
    status TEXT NOT NULL,                  -- out: queued, sending, sent, delivered, failed, unconfirmed, cancelled; in: received
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    modem_refs TEXT,                       -- JSON list of TP-MR references
    error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    call_id INTEGER REFERENCES calls(id)
);
CREATE INDEX messages_outbox ON messages(direction, status, priority, id);
CREATE INDEX messages_phone ON messages(phone, id);
CREATE TABLE message_events (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX message_events_message ON message_events(message_id, id);
CREATE INDEX message_events_status ON message_events(status, at);
CREATE TABLE inbound_parts (
    id INTEGER PRIMARY KEY,
    sender TEXT NOT NULL,
    body TEXT NOT NULL,
    concat_ref INTEGER,
    concat_total INTEGER,
    concat_seq INTEGER,
    smsc_time TEXT,
    received_at TEXT NOT NULL,
    message_id INTEGER REFERENCES messages(id),
    part_key TEXT NOT NULL UNIQUE          -- the same part read twice from the SIM is stored once
);
CREATE TABLE leads (
    id INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    call_id INTEGER REFERENCES calls(id),
    source TEXT NOT NULL,                  -- missed_call, inbound_text, manual
    stage TEXT NOT NULL DEFAULT 'new',
    fields TEXT NOT NULL DEFAULT '{}',     -- JSON: the qualified lead
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX leads_contact ON leads(contact_id, id);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    due_at TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'pending', -- pending, done, cancelled, failed
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    dedupe_key TEXT UNIQUE
);
CREATE INDEX tasks_due ON tasks(status, due_at);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT,
    detail TEXT
);
CREATE INDEX events_kind ON events(kind, id);
CREATE TABLE consent (
    id INTEGER PRIMARY KEY,
    phone TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('opt_out', 'opt_in')),
    source TEXT NOT NULL,
    evidence TEXT,
    at TEXT NOT NULL
);
CREATE INDEX consent_phone ON consent(phone, id);
CREATE TRIGGER consent_no_update BEFORE UPDATE ON consent
BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END;
CREATE TRIGGER consent_no_delete BEFORE DELETE ON consent
BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END;
CREATE TABLE health (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""

def _v2_lead_corrections(db: sqlite_utils.Database) -> None:
    """The brain's table of owner corrections (appliance/brain/corrections.py)."""
    from appliance.brain.corrections import CORRECTIONS_SQL

    run_script(db, CORRECTIONS_SQL)


def _v3_web_admin(db: sqlite_utils.Database) -> None:
    """The admin's users, sessions, per-conversation controls and settings (web/schema.py)."""
    from web.schema import WEB_SQL

    run_script(db, WEB_SQL)


def _v4_pipeline(db: sqlite_utils.Database) -> None:
    """The pipeline's CRM timeline, task log, email outbox, booking, calendar feeds and webhooks
    (appliance/pipeline/schema.py)."""
    from appliance.pipeline.schema import PIPELINE_SQL

    run_script(db, PIPELINE_SQL)


def _v5_conversation_state(db: sqlite_utils.Database) -> None:
    run_script(db, """
CREATE TABLE conversation_states (
    phone TEXT PRIMARY KEY,                -- E.164
    state TEXT NOT NULL,                   -- JSON: what the brain's policy asked and did so far
    updated_at TEXT NOT NULL
)""")


def _v6_search_and_resolved(db: sqlite_utils.Database) -> None:
    """Full-text search over contacts, texts and lead timelines, and who resolved an emergency
    (web/pipeline/schema.py)."""
    from web.pipeline.schema import RESOLVED_SQL, SEARCH_SQL

    run_script(db, SEARCH_SQL)
    run_script(db, RESOLVED_SQL)


def _v7_inbound_handled(db: sqlite_utils.Database) -> None:
    """Inbound texts now go received -> handled, and at start the agent answers recent texts still
    'received' (a crash between storing and answering). Every text already in the database was
    acted on by the release before, so it is marked handled here rather than answered twice."""
    now = iso(datetime.now(timezone.utc))
    db.execute("INSERT INTO message_events (message_id, status, at, detail) "
               "SELECT id, 'handled', ?, 'acted on before the upgrade' FROM messages "
               "WHERE direction = 'in' AND status = 'received'", [now])
    db.execute("UPDATE messages SET status = 'handled', updated_at = ? "
               "WHERE direction = 'in' AND status = 'received'", [now])


def _v8_conversation_summaries(db: sqlite_utils.Database) -> None:
    """Each phone's latest message, kept by a trigger, so the inbox does not group every text ever
    stored on each refresh (100k messages: the grouping alone took most of its 200 ms).
    Messages are never deleted, so an insert trigger is all it needs."""
    run_script(db, """
CREATE TABLE conversation_summaries (
    phone TEXT PRIMARY KEY,
    last_at TEXT NOT NULL,                 -- created_at of the newest message
    last_in_id INTEGER,                    -- the newest inbound text, for unread
    last_id INTEGER NOT NULL               -- the newest message, for the preview
);
INSERT INTO conversation_summaries (phone, last_at, last_in_id, last_id)
    SELECT phone, MAX(created_at), MAX(CASE WHEN direction = 'in' THEN id END), MAX(id)
    FROM messages GROUP BY phone;
CREATE TRIGGER conversation_summaries_follow_messages AFTER INSERT ON messages BEGIN
    INSERT INTO conversation_summaries (phone, last_at, last_in_id, last_id)
    VALUES (new.phone, new.created_at, CASE WHEN new.direction = 'in' THEN new.id END, new.id)
    ON CONFLICT (phone) DO UPDATE SET
        last_at = MAX(last_at, excluded.last_at),
        last_in_id = COALESCE(MAX(last_in_id, excluded.last_in_id), last_in_id, excluded.last_in_id),
        last_id = MAX(last_id, excluded.last_id);
END""")


def _v9_message_sender(db: sqlite_utils.Database) -> None:
    """Which person sent a staff reply from the inbox. NULL for every other message, and for staff
    replies sent before this release: those show as 'staff'."""
    db.execute("ALTER TABLE messages ADD COLUMN sent_by TEXT")


def _v10_conversation_state_per_lead(db: sqlite_utils.Database) -> None:
    """The bot's memory of a conversation (what it asked, whether it alerted the on-call technician,
    whether it handed off) belongs to a lead, not to a phone number: a customer's next job starts
    afresh, so a new emergency alerts the technician even though an old, closed one did. Consent
    (the ledger) and the daily cap (counted from the messages) stay with the number.
    Each number's memory goes to its latest lead opened before that memory was last saved."""
    run_script(db, """
CREATE TABLE lead_conversation_states (
    lead_id INTEGER PRIMARY KEY REFERENCES leads(id),
    state TEXT NOT NULL,                   -- JSON: what the brain's policy asked and did so far
    updated_at TEXT NOT NULL
);
INSERT INTO lead_conversation_states (lead_id, state, updated_at)
    SELECT lead_id, state, updated_at FROM (
        SELECT (SELECT MAX(leads.id) FROM leads JOIN contacts ON contacts.id = leads.contact_id
                WHERE contacts.phone = conversation_states.phone
                  AND leads.created_at <= conversation_states.updated_at) AS lead_id, state, updated_at
        FROM conversation_states)
    WHERE lead_id IS NOT NULL;
DROP TABLE conversation_states;
ALTER TABLE lead_conversation_states RENAME TO conversation_states""")


MIGRATIONS: list[Migration] = [
    _v1_core,
    _v2_lead_corrections,
    _v3_web_admin,
    _v4_pipeline,
    _v5_conversation_state,
    _v6_search_and_resolved,
    _v7_inbound_handled,
    _v8_conversation_summaries,
    _v9_message_sender,
    _v10_conversation_state_per_lead,
]


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every migration the database has not seen yet; return the new version.

    The version is read inside each step's write transaction, so the agent and the web
    starting together cannot both apply the same migration.
    """
    while True:
        with transaction(db):
            version = schema_version(db)
            if version > len(MIGRATIONS):
                raise RuntimeError(
                    f"the database is at schema {version}, newer than this textback knows "
                    f"({len(MIGRATIONS)}): upgrade textback or restore a backup"
                )
            if version == len(MIGRATIONS):
                return version
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version + 1}")
