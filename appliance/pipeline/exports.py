"""CSV exports of leads, appointments and the consent ledger, for a spreadsheet, another CRM's
import, or a carrier's or lawyer's request for proof of consent."""

from __future__ import annotations

import csv
import io

import sqlite_utils

LEAD_COLUMNS = ("id", "created_at", "phone", "name", "email", "source", "stage", "lost_reason", "intent", "service",
                "priority", "emergency", "estimated_value")
CONSENT_COLUMNS = ("id", "at", "phone", "action", "source", "evidence")
APPOINTMENT_COLUMNS = ("job", "start_at", "end_at", "status", "service", "technician", "phone", "customer",
                       "lead_id", "completed_at")


def leads_csv(db: sqlite_utils.Database) -> str:
    rows = db.query("""SELECT leads.id, leads.created_at, contacts.phone, contacts.name, contacts.email, source,
                       stage, lost_reason, intent, service, priority, emergency, estimated_value
                       FROM leads JOIN contacts ON contacts.id = leads.contact_id ORDER BY leads.id""")
    return _csv(LEAD_COLUMNS, rows)


def appointments_csv(db: sqlite_utils.Database) -> str:
    rows = db.query("""SELECT appointments.id AS job, start_at, end_at, status, service, technicians.name AS technician,
                       contacts.phone, contacts.name AS customer, lead_id, completed_at
                       FROM appointments JOIN technicians ON technicians.id = technician_id
                       JOIN contacts ON contacts.id = appointments.contact_id ORDER BY start_at""")
    return _csv(APPOINTMENT_COLUMNS, rows)


def consent_csv(db: sqlite_utils.Database) -> str:
    """Every grant and revocation ever recorded, oldest first (the ledger is append-only)."""
    return _csv(CONSENT_COLUMNS, db.query("SELECT id, at, phone, action, source, evidence FROM consent ORDER BY id"))


def _csv(columns: tuple[str, ...], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
    return out.getvalue()


def _cell(value) -> str:
    """Empty for NULL; a leading = + - @ is quoted so a spreadsheet does not run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not text[1:2].isdigit() else text
