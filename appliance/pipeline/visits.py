"""After the booking: the reminder the day before, "on the way", job done, and the review request.

Every customer whose job is done gets the same review request, whatever they said before:
filtering by sentiment (review gating) is against Google's policy and the FTC rule. A reply
that complains goes to the owner at once; it never decides who is asked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlite_utils

from appliance.clock import iso, parse_iso
from appliance.config import Config
from appliance.phone import pretty
from appliance.pipeline import crm, flow
from appliance.pipeline.alerts import alert_owner
from appliance.pipeline.booking import LIVE, visit_text, when
from appliance.pipeline.followups import sms_allowed_at, template_values
from appliance.pipeline.task_runner import schedule
from appliance.pipeline.tasks import Deferred, Task
from appliance.store import consent, messages
from appliance.store.db import one
from appliance.templates import render

# A reminder that quiet hours push later than this before the visit is no longer worth sending.
LATEST_USEFUL_REMINDER = timedelta(hours=2)
COMPLAINT_WINDOW = timedelta(days=14)


def appointment(db: sqlite_utils.Database, appointment_id: int) -> dict:
    row = one(db, "SELECT appointments.*, technicians.name AS technician, contacts.phone FROM appointments "
                  "JOIN technicians ON technicians.id = technician_id "
                  "JOIN contacts ON contacts.id = appointments.contact_id WHERE appointments.id = ?", [appointment_id])
    if row is None:
        raise LookupError(f"there is no job #{appointment_id}")
    return row


def send_reminder(db: sqlite_utils.Database, config: Config, task: Task, now: datetime) -> Deferred | None:
    """The 'reminder' task: the day before, "Reply C to confirm or R to reschedule"."""
    visit = appointment(db, task.payload["appointment_id"])
    if visit["status"] not in ("booked",) or visit["sequence"] != task.payload["sequence"]:
        return None                                   # cancelled, moved (a new reminder exists) or confirmed
    start = parse_iso(visit["start_at"])
    allowed = sms_allowed_at(db, config, visit["phone"], now)
    if allowed > now:
        if allowed <= start - LATEST_USEFUL_REMINDER:
            return Deferred(allowed, "quiet hours in the customer's time zone")
        crm.note(db, now, visit["lead_id"], "booking", "system",
                 f"reminder for job #{visit['id']} skipped: quiet hours last until too close to the visit")
        return None
    _text(db, now, visit, "reminder", visit_text(config, config.booking.reminder_template, visit["technician"], start, visit["id"]))
    return None


def confirm(db: sqlite_utils.Database, config: Config, now: datetime, visit: dict) -> None:
    db.execute("UPDATE appointments SET status = 'confirmed', updated_at = ? WHERE id = ?", [iso(now), visit["id"]])
    crm.note(db, now, visit["lead_id"], "booking", "customer", f"confirmed job #{visit['id']}")
    _text(db, now, visit, "booking", f"Thanks, you're confirmed. See you "
                                     f"{when(parse_iso(visit['start_at']), config.business.timezone)}!")


def on_the_way(db: sqlite_utils.Database, config: Config, now: datetime, appointment_id: int, actor: str) -> None:
    """The technician (or the office) marks that they are driving over."""
    visit = appointment(db, appointment_id)
    if visit["status"] not in LIVE:
        raise LookupError(f"job #{appointment_id} is {visit['status']}, not an upcoming visit")
    db.execute("UPDATE appointments SET status = 'on_the_way', updated_at = ? WHERE id = ?", [iso(now), visit["id"]])
    crm.note(db, now, visit["lead_id"], "booking", actor, f"on the way to job #{visit['id']}")
    _text(db, now, visit, "booking", visit_text(config, config.booking.on_the_way_template, visit["technician"],
                                                 parse_iso(visit["start_at"]), visit["id"]))


def mark_done(db: sqlite_utils.Database, config: Config, now: datetime, appointment_id: int, actor: str) -> None:
    """The job is finished (admin button, or "DONE <job#>" from a staff number): ask for a review."""
    visit = appointment(db, appointment_id)
    if visit["status"] == "done":
        return
    if visit["status"] not in LIVE:
        raise LookupError(f"job #{appointment_id} is {visit['status']}, it cannot be marked done")
    db.execute("UPDATE appointments SET status = 'done', completed_at = ?, updated_at = ? WHERE id = ?",
               [iso(now), iso(now), visit["id"]])
    if crm.get_lead(db, visit["lead_id"])["stage"] == "booked":
        flow.change_stage(db, config, now, visit["lead_id"], "completed", actor)
    if config.pipeline.review_link:
        schedule(db, now, "review_request", now, {"appointment_id": visit["id"]},
                 dedupe_key=f"review_request:{visit['id']}", subject=f"lead:{visit['lead_id']}")


def send_review_request(db: sqlite_utils.Database, config: Config, task: Task, now: datetime) -> Deferred | None:
    """The 'review_request' task: the same text for everyone, then one reminder after N days."""
    visit = appointment(db, task.payload["appointment_id"])
    if consent.is_opted_out(db, visit["phone"]):
        return None
    allowed = sms_allowed_at(db, config, visit["phone"], now)
    if allowed > now:
        return Deferred(allowed, "quiet hours in the customer's time zone")
    lead = crm.get_lead(db, visit["lead_id"])
    _text(db, now, visit, "review", render(config.pipeline.review_template, business=config.business.name,
                                           phone=pretty(config.business.phone), link=config.pipeline.review_link))
    crm.note(db, now, lead["id"], "review", "system", "review request sent")
    schedule(db, now, "review_reminder", now + timedelta(days=config.pipeline.review_reminder_days),
             {"appointment_id": visit["id"], "requested_at": iso(now)},
             dedupe_key=f"review_reminder:{visit['id']}", subject=f"lead:{visit['lead_id']}")
    return None


def send_review_reminder(db: sqlite_utils.Database, config: Config, task: Task, now: datetime) -> Deferred | None:
    visit = appointment(db, task.payload["appointment_id"])
    lead = crm.get_lead(db, visit["lead_id"])
    replied = one(db, "SELECT 1 AS x FROM messages WHERE phone = ? AND direction = 'in' AND created_at > ?",
                  [visit["phone"], task.payload["requested_at"]])
    if replied or lead["stage"] == "reviewed" or consent.is_opted_out(db, visit["phone"]):
        return None
    allowed = sms_allowed_at(db, config, visit["phone"], now)
    if allowed > now:
        return Deferred(allowed, "quiet hours in the customer's time zone")
    _text(db, now, visit, "review", render(config.pipeline.review_reminder_template,
                                           **template_values(config, lead)))
    crm.note(db, now, lead["id"], "review", "system", "review reminder sent")
    return None


def recent_review_request(db: sqlite_utils.Database, phone: str, now: datetime) -> dict | None:
    return one(db, "SELECT * FROM messages WHERE phone = ? AND kind = 'review' AND direction = 'out' "
                   "AND created_at >= ? ORDER BY id DESC LIMIT 1", [phone, iso(now - COMPLAINT_WINDOW)])


def complaint_alert(db: sqlite_utils.Database, config: Config, now: datetime, phone: str, body: str) -> None:
    lead = one(db, "SELECT leads.id FROM leads JOIN contacts ON contacts.id = contact_id WHERE phone = ? "
                   "ORDER BY leads.id DESC LIMIT 1", [phone])
    alert_owner(db, config, now, f"Unhappy customer {pretty(phone)}", body, lead["id"] if lead else None)
    if lead:
        crm.note(db, now, lead["id"], "complaint", "customer", body)


def _text(db: sqlite_utils.Database, now: datetime, visit: dict, kind: str, body: str) -> int:
    priority = messages.PRIORITY_REPLY if kind == "booking" else messages.PRIORITY_FOLLOWUP
    return messages.enqueue(db, now, phone=visit["phone"], body=body, kind=kind, priority=priority,
                            contact_id=visit["contact_id"])
