"""A shop with years of history, written fast: bulk inserts through the real schema.

Each customer has one missed call, its text-back, a lead at some stage, and a conversation of
in and out texts with their status history, spread over the last `days` days. Used by
bench/admin_pages.py (100,000 messages) and by the big-database test in CI (smaller).
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from appliance.clock import iso
from appliance.store.db import connect, transaction

STAGES = ("new", "contacted", "qualified", "booked", "completed", "lost")
SERVICES = ("water heater repair", "drain cleaning", "toilet repair", "leak repair", "new installation")
TEXTS_PER_CUSTOMER = 20


def fill(database: Path, messages: int, now: datetime, days: int = 730, seed: int = 1) -> list[str]:
    """Write about `messages` texts; returns the customers' numbers, busiest first."""
    rng = random.Random(seed)
    customers = max(1, messages // TEXTS_PER_CUSTOMER)
    phones = [f"+1512{700_0000 + index:07d}" for index in range(customers)]
    db = connect(database)
    try:
        with transaction(db):
            for index, phone in enumerate(phones):
                started = now - timedelta(days=days * (customers - index) / customers, minutes=rng.randrange(600))
                _customer(db, rng, index, phone, started, TEXTS_PER_CUSTOMER)
    finally:
        db.conn.close()
    return list(reversed(phones))


def _customer(db, rng: random.Random, index: int, phone: str, started: datetime, texts: int) -> None:
    conn = db.conn
    contact = conn.execute("INSERT INTO contacts (phone, name, created_at) VALUES (?, ?, ?)",
                           [phone, f"Customer {index}", iso(started)]).lastrowid
    call = conn.execute(
        "INSERT INTO calls (linkedid, caller, phone, contact_id, did, started_at, ended_at, missed, reason, source, "
        "detected_at, textback) VALUES (?, ?, ?, ?, '+15125550100', ?, ?, 1, 'no_answer', 'ami', ?, 'queued')",
        [f"big.{index}", phone, phone, contact, iso(started), iso(started + timedelta(seconds=20)),
         iso(started + timedelta(seconds=21))]).lastrowid
    stage = rng.choice(STAGES)
    service = rng.choice(SERVICES)
    conn.execute(
        "INSERT INTO leads (contact_id, call_id, source, stage, fields, created_at, updated_at, intent, service, "
        "estimated_value) VALUES (?, ?, 'missed_call', ?, ?, ?, ?, 'service_request', ?, ?)",
        [contact, call, stage, json.dumps({"service": service, "name": f"Customer {index}"}), iso(started),
         iso(started + timedelta(hours=2)), service, rng.choice((150, 300, 1200, 2400))])
    rows, events = [], []
    for turn in range(texts):
        at = started + timedelta(minutes=2 * turn + 1)
        outbound = turn % 2 == 0
        status = ("delivered" if rng.random() < 0.97 else "failed") if outbound else "handled"
        if outbound and turn == 2 and index % 1000 == 999:
            status = "unconfirmed"    # a crash mid-send now and then, waiting for a person on the health page
        kind = ("textback" if turn == 0 else "reply") if outbound else "inbound"
        body = (f"Thanks for getting back to us! What's the address for the {service}?" if outbound
                else f"it's {100 + index} Oak St, the {service} is urgent, text {turn}")
        rows.append((contact, phone, "out" if outbound else "in", kind, body, 2, status, iso(at), iso(at),
                     iso(at) if outbound else None, call if turn == 0 else None))
    first_id = None
    for row in rows:
        message_id = conn.execute(
            "INSERT INTO messages (contact_id, phone, direction, kind, body, priority, status, created_at, "
            "updated_at, sent_at, call_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row).lastrowid
        first_id = first_id or message_id
        history = ("received", "handled") if row[2] == "in" else ("queued", "sending", "sent", row[6])
        events += [(message_id, status, row[7], None) for status in history]
    conn.executemany("INSERT INTO message_events (message_id, status, at, detail) VALUES (?, ?, ?, ?)", events)
    conn.execute("UPDATE calls SET textback_message_id = ? WHERE id = ?", [first_id, call])
