"""A shop's technicians, leads and bookings written through the pipeline's own functions, for the
calendar and dashboard tests and the README screenshots."""

from __future__ import annotations

from datetime import datetime

from appliance.config import Config
from appliance.pipeline import booking, crm
from appliance.store.db import connect, transaction


def add_technician(config: Config, name: str, hours: str = "mon-fri 08:00-17:00", phone: str | None = None) -> int:
    db = connect(config.storage.database)
    try:
        with transaction(db):
            return booking.add_technician(db, name, hours, phone)
    finally:
        db.conn.close()


def open_lead(config: Config, now: datetime, phone: str, name: str | None = None,
              service: str | None = None) -> int:
    db = connect(config.storage.database)
    try:
        with transaction(db):
            lead_id = crm.open_lead(db, now, phone, "missed_call")
            if name or service:
                db.execute("UPDATE contacts SET name = ? WHERE id = (SELECT contact_id FROM leads WHERE id = ?)",
                           [name, lead_id])
                db.execute("UPDATE leads SET service = ? WHERE id = ?", [service, lead_id])
            return lead_id
    finally:
        db.conn.close()
