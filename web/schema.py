"""The admin's own tables, created by a migration in appliance/store/migrations.py.

Shipped SQL is never edited: a later change is a new migration with its own SQL.
"""

WEB_SQL = """
CREATE TABLE web_users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,               -- argon2id, with its own salt and cost
    role TEXT NOT NULL CHECK (role IN ('owner', 'staff')),
    cell_phone TEXT,                           -- E.164: where a test text goes
    created_at TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,  -- bad passwords in a row since the last good one
    last_failed_at TEXT
);
CREATE TABLE web_sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,           -- sha256 of the cookie's token: a copied database opens no session
    user_id INTEGER NOT NULL REFERENCES web_users(id),
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at TEXT,                             -- logout, idle timeout or removed user
    remote_addr TEXT
);
CREATE INDEX web_sessions_user ON web_sessions(user_id, ended_at);
CREATE TABLE conversation_controls (
    phone TEXT PRIMARY KEY,                    -- E.164, one row per conversation a person touched
    bot_paused INTEGER NOT NULL DEFAULT 0,     -- 1: a person has taken over; the bot must not reply
    read_up_to INTEGER NOT NULL DEFAULT 0,     -- the newest message id a person has opened
    updated_at TEXT NOT NULL,
    updated_by TEXT
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,                      -- e.g. 'business', 'textback.template'
    value TEXT NOT NULL,                       -- JSON
    updated_at TEXT NOT NULL,
    updated_by TEXT
)
"""
