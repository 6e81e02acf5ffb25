"""The pipeline's tables, created by a migration in appliance/store/migrations.py.

Shipped SQL is never edited: a later change is a new migration with its own SQL.
Times are UTC ISO-8601 strings (appliance.clock.iso), so they compare correctly as text.
"""

PIPELINE_SQL = """
ALTER TABLE tasks ADD COLUMN subject TEXT;          -- what the task is about, e.g. 'lead:12'
ALTER TABLE tasks ADD COLUMN last_error TEXT;
CREATE INDEX tasks_subject ON tasks(subject, status);
CREATE TABLE task_attempts (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    at TEXT NOT NULL,
    outcome TEXT NOT NULL,                          -- done, deferred, error, failed, cancelled
    detail TEXT
);
CREATE INDEX task_attempts_task ON task_attempts(task_id, id);

ALTER TABLE contacts ADD COLUMN email TEXT;
ALTER TABLE leads ADD COLUMN intent TEXT;
ALTER TABLE leads ADD COLUMN service TEXT;
ALTER TABLE leads ADD COLUMN emergency INTEGER NOT NULL DEFAULT 0;
ALTER TABLE leads ADD COLUMN estimated_value INTEGER;  -- USD, from the price list
ALTER TABLE leads ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal';  -- urgent, high, normal
ALTER TABLE leads ADD COLUMN lost_reason TEXT;
CREATE INDEX leads_stage ON leads(stage, updated_at);
CREATE TABLE lead_timeline (
    id INTEGER PRIMARY KEY,
    lead_id INTEGER NOT NULL REFERENCES leads(id),
    at TEXT NOT NULL,
    kind TEXT NOT NULL,                             -- stage, note, extraction, sequence, booking, ...
    actor TEXT NOT NULL,                            -- 'system', 'ai', 'customer', or a staff username
    summary TEXT NOT NULL,
    detail TEXT                                     -- JSON
);
CREATE INDEX lead_timeline_lead ON lead_timeline(lead_id, id);

CREATE TABLE emails (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    kind TEXT NOT NULL,                             -- followup, lead_alert, daily_summary, review
    lead_id INTEGER REFERENCES leads(id),
    status TEXT NOT NULL,                           -- queued, sending, sent, failed, unconfirmed
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    error TEXT,
    message_id TEXT NOT NULL UNIQUE,                -- the Message-ID header, fixed before the first try
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX emails_outbox ON emails(status, next_attempt_at);

CREATE TABLE technicians (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    phone TEXT,                                     -- E.164: may text DONE <job#>
    hours TEXT NOT NULL,                            -- like business.hours: 'mon-fri 08:00-17:00'
    active INTEGER NOT NULL DEFAULT 1,
    caldav_calendar TEXT                            -- the calendar URL to sync with, if any
);
CREATE TABLE time_off (
    id INTEGER PRIMARY KEY,
    technician_id INTEGER NOT NULL REFERENCES technicians(id),
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    reason TEXT
);
CREATE INDEX time_off_tech ON time_off(technician_id, start_at);
CREATE TABLE busy_blocks (                          -- busy time read from an external calendar
    id INTEGER PRIMARY KEY,
    technician_id INTEGER NOT NULL REFERENCES technicians(id),
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    uid TEXT NOT NULL,
    synced_at TEXT NOT NULL
);
CREATE INDEX busy_blocks_tech ON busy_blocks(technician_id, start_at);
CREATE TABLE appointments (
    id INTEGER PRIMARY KEY,                         -- the job number staff text as DONE <id>
    technician_id INTEGER NOT NULL REFERENCES technicians(id),
    lead_id INTEGER REFERENCES leads(id),
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    service TEXT NOT NULL,
    start_at TEXT NOT NULL,
    end_at TEXT NOT NULL,
    status TEXT NOT NULL,                           -- booked, confirmed, on_the_way, done, cancelled
    uid TEXT NOT NULL UNIQUE,                       -- the iCalendar UID, stable across edits
    sequence INTEGER NOT NULL DEFAULT 0,            -- the iCalendar SEQUENCE, bumped on each change
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT,
    caldav_synced_sequence INTEGER                  -- the SEQUENCE last written to CalDAV
);
CREATE INDEX appointments_tech ON appointments(technician_id, start_at);
-- The last line of defence against double booking: whatever code path writes, SQLite refuses
-- two live appointments of one technician that overlap.
CREATE TRIGGER appointments_no_overlap_insert BEFORE INSERT ON appointments
WHEN NEW.status NOT IN ('cancelled') AND EXISTS (
    SELECT 1 FROM appointments WHERE technician_id = NEW.technician_id
    AND status NOT IN ('cancelled') AND start_at < NEW.end_at AND NEW.start_at < end_at)
BEGIN SELECT RAISE(ABORT, 'double booking: the technician is already booked then'); END;
CREATE TRIGGER appointments_no_overlap_update BEFORE UPDATE OF start_at, end_at, technician_id, status
ON appointments
WHEN NEW.status NOT IN ('cancelled') AND EXISTS (
    SELECT 1 FROM appointments WHERE technician_id = NEW.technician_id AND id != NEW.id
    AND status NOT IN ('cancelled') AND start_at < NEW.end_at AND NEW.start_at < end_at)
BEGIN SELECT RAISE(ABORT, 'double booking: the technician is already booked then'); END;
CREATE TABLE slot_offers (
    id INTEGER PRIMARY KEY,
    lead_id INTEGER NOT NULL REFERENCES leads(id),
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    service TEXT NOT NULL,
    slots TEXT NOT NULL,                            -- JSON list of {technician_id, start_at, end_at}
    status TEXT NOT NULL,                           -- open, taken, declined, expired
    appointment_id INTEGER REFERENCES appointments(id),  -- set when the offer reschedules one
    created_at TEXT NOT NULL
);
CREATE INDEX slot_offers_contact ON slot_offers(contact_id, status, id);

CREATE TABLE calendar_feeds (
    id INTEGER PRIMARY KEY,
    technician_id INTEGER REFERENCES technicians(id),  -- NULL: the whole shop
    token_hash TEXT NOT NULL UNIQUE,                -- sha256 of the secret in the URL
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY,
    event TEXT NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL,                             -- the exact bytes signed and sent
    status TEXT NOT NULL,                           -- pending, delivered, failed
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE TABLE webhook_attempts (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id),
    at TEXT NOT NULL,
    status_code INTEGER,
    error TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, id)
"""
