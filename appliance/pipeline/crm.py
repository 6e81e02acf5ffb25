"""The CRM in the database: one contact per phone number, leads with stages, and a timeline.

Every function here writes inside the caller's transaction, so a stage change, its timeline
entry and whatever the pipeline queues because of it commit together or not at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from appliance.brain.profile import PricedService
from appliance.clock import iso
from appliance.store.contacts import contact_id_for
from appliance.store.db import insert, one
from appliance.pipeline.stages import OPEN_STAGES, check_transition, estimate_value, priority_for

SOURCES = ("missed_call", "inbound_text", "manual")


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    kind: str
    actor: str
    summary: str


def open_lead(db: sqlite_utils.Database, now: datetime, phone: str, source: str,
              call_id: int | None = None, actor: str = "system") -> int:
    """The contact's open lead, or a new one: a second call from the same number is the same lead."""
    if source not in SOURCES:
        raise ValueError(f"lead source must be one of {', '.join(SOURCES)}, not {source!r}")
    contact_id = contact_id_for(db, phone, now)
    existing = current_lead(db, contact_id)
    if existing is not None:
        return existing["id"]
    lead_id = insert(db, "leads", {"contact_id": contact_id, "call_id": call_id, "source": source,
                                   "stage": "new", "created_at": iso(now), "updated_at": iso(now)})
    note(db, now, lead_id, "created", actor, f"new lead from {source.replace('_', ' ')}")
    return lead_id


def current_lead(db: sqlite_utils.Database, contact_id: int) -> dict | None:
    marks = ", ".join("?" for _ in OPEN_STAGES)
    return one(db, f"SELECT * FROM leads WHERE contact_id = ? AND stage IN ({marks}) ORDER BY id DESC LIMIT 1",
               [contact_id, *OPEN_STAGES])


def lead_for_phone(db: sqlite_utils.Database, phone: str) -> dict | None:
    """The open lead of the contact with this number, if any."""
    contact = one(db, "SELECT id FROM contacts WHERE phone = ?", [phone])
    return current_lead(db, contact["id"]) if contact else None


def get_lead(db: sqlite_utils.Database, lead_id: int) -> dict:
    lead = one(db, "SELECT leads.*, contacts.phone, contacts.name, contacts.email FROM leads "
                   "JOIN contacts ON contacts.id = leads.contact_id WHERE leads.id = ?", [lead_id])
    if lead is None:
        raise LookupError(f"there is no lead {lead_id}")
    return lead


def set_stage(db: sqlite_utils.Database, now: datetime, lead_id: int, stage: str, actor: str,
              reason: str | None = None) -> bool:
    """Move the lead; False when it is already there. Raises StageError for a move that makes no sense."""
    current = get_lead(db, lead_id)["stage"]
    if current == stage:
        return False
    check_transition(current, stage, reason)
    db.execute("UPDATE leads SET stage = ?, lost_reason = ?, updated_at = ? WHERE id = ?",
               [stage, reason if stage == "lost" else None, iso(now), lead_id])
    summary = f"{current} -> {stage}" + (f" ({reason})" if reason else "")
    note(db, now, lead_id, "stage", actor, summary, old=current, new=stage, reason=reason)
    return True


def record_extraction(db: sqlite_utils.Database, now: datetime, lead_id: int, fields: dict[str, Any],
                      price_list: Iterable[PricedService], actor: str = "ai") -> None:
    """Store what the brain made of the conversation, with the job value and priority it implies."""
    service = fields.get("service")
    emergency = bool(fields.get("escalate") or fields.get("urgency") == "emergency")
    value = estimate_value(service, price_list)
    db.execute("UPDATE leads SET fields = ?, intent = ?, service = ?, emergency = ?, estimated_value = ?, "
               "priority = ?, updated_at = ? WHERE id = ?",
               [json.dumps(fields, sort_keys=True, default=str), fields.get("intent"), service, int(emergency),
                value, priority_for(emergency, value), iso(now), lead_id])
    if fields.get("name"):
        db.execute("UPDATE contacts SET name = ? WHERE id = (SELECT contact_id FROM leads WHERE id = ?)",
                   [fields["name"], lead_id])
    facts = ", ".join(f"{key}: {fields[key]}" for key in ("intent", "service", "urgency") if fields.get(key))
    note(db, now, lead_id, "extraction", actor, facts or "nothing new", estimated_value=value)


def note(db: sqlite_utils.Database, now: datetime, lead_id: int, kind: str, actor: str, summary: str,
         **detail: Any) -> int:
    """Add a line to the lead's timeline (a staff note is kind 'note')."""
    return insert(db, "lead_timeline", {
        "lead_id": lead_id, "at": iso(now), "kind": kind, "actor": actor, "summary": summary,
        "detail": json.dumps(detail, default=str) if detail else None,
    })


def timeline(db: sqlite_utils.Database, lead_id: int) -> list[TimelineEntry]:
    """Everything about the lead in time order: its calls, every text, extractions, stage changes, notes."""
    lead = get_lead(db, lead_id)
    entries = [TimelineEntry(r["at"], r["kind"], r["actor"], r["summary"]) for r in db.query(
        "SELECT * FROM lead_timeline WHERE lead_id = ? ORDER BY id", [lead_id])]
    entries += [TimelineEntry(r["ended_at"] or r["detected_at"], "call", "customer",
                              f"{'missed' if r['missed'] else 'answered'} call ({r['reason']})")
                for r in db.query("SELECT * FROM calls WHERE contact_id = ? OR id = ?",
                                  [lead["contact_id"], lead["call_id"]])]
    entries += [_message_entry(r) for r in db.query(
        "SELECT * FROM messages WHERE phone = ? ORDER BY id", [lead["phone"]])]
    return sorted(entries, key=lambda entry: entry.at)


def _message_entry(message: dict) -> TimelineEntry:
    if message["direction"] == "in":
        return TimelineEntry(message["created_at"], "text in", "customer", message["body"])
    actor = (message["sent_by"] or "staff") if message["kind"] == "human" else "system"
    return TimelineEntry(message["created_at"], f"text out ({message['kind']}, {message['status']})", actor,
                         message["body"])
