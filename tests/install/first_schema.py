"""A database as the first release of textback left it: schema 1, with a customer in it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from appliance.store import migrations
from appliance.store.db import transaction

CUSTOMER_TEXT = "my faucet drips all night"


def first_schema_database(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    with transaction(db):
        migrations.MIGRATIONS[0](db)      # shipped migrations are never edited, so this is release 1's schema
        db.execute("PRAGMA user_version = 1")
    with transaction(db):
        db.execute("INSERT INTO contacts (phone, name, created_at) VALUES ('+15125550123', 'Dana', 't')")
        db.execute("INSERT INTO messages (phone, direction, kind, body, status, created_at, updated_at) "
                   "VALUES ('+15125550123', 'in', 'inbound', ?, 'received', 't', 't')", [CUSTOMER_TEXT])
    db.conn.close()
    return path
