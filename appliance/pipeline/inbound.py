"""A text arrived (after the compliance keywords were handled): what the pipeline does with it.

The conversation layer calls :func:`on_customer_reply` first; when it says the text was
handled (a slot picked, C/R, a cancelled visit, DONE or OMW from a technician, a complaint), the
pipeline has already queued the answer and the brain must stay quiet. Otherwise the brain
answers as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from appliance.config import Config
from appliance.phone import normalise
from appliance.pipeline import booking, crm, flow, visits
from appliance.pipeline.email_address import find_email
from appliance.pipeline.replies import (
    CANCEL_VISIT, CONFIRM, NONE_WORK, RESCHEDULE, Choice, StaffCommand, is_complaint, reading_for_appointment,
    reading_for_offer, staff_command,
)
from appliance.store import contacts, messages
from appliance.store.db import one


@dataclass(frozen=True)
class Outcome:
    handled: bool
    what: str                    # for the log: booked, declined, confirmed, job_done, complaint, ...


NOT_HANDLED = Outcome(False, "")


def on_customer_reply(db: sqlite_utils.Database, config: Config, now: datetime, phone: str, body: str) -> Outcome:
    """Call inside the transaction that stored the inbound text."""
    if is_staff(db, config, phone):
        command = staff_command(body)
        if command is not None:
            return _staff_update(db, config, now, phone, command)
    flow.customer_replied(db, now, phone)
    _remember_email(db, now, phone, body)
    if visits.recent_review_request(db, phone, now) and is_complaint(body):
        visits.complaint_alert(db, config, now, phone, body)
        _text(db, now, phone, f"We're sorry to hear that. The owner of {config.business.name} will reach out "
                              "to you personally.")
        return Outcome(True, "complaint")
    contact = one(db, "SELECT id FROM contacts WHERE phone = ?", [phone])
    if contact is None:
        return NOT_HANDLED
    offer = booking.open_offer(db, contact["id"], now)
    if offer is not None:
        outcome = _answer_offer(db, config, now, offer, body)
        if outcome.handled:
            return outcome
    visit = booking.upcoming_appointment(db, contact["id"], now)
    if visit is not None:
        return _answer_about_visit(db, config, now, visit, body)
    return NOT_HANDLED


def _remember_email(db: sqlite_utils.Database, now: datetime, phone: str, body: str) -> None:
    """An address the customer texts becomes the contact's email (email follow-ups, the admin page)."""
    email = find_email(body)
    if email is None:
        return
    contact_id = contacts.contact_id_for(db, phone, now)
    changed = db.execute("UPDATE contacts SET email = ? WHERE id = ? AND email IS NOT ?", [email, contact_id, email])
    lead = crm.lead_for_phone(db, phone)
    if changed.rowcount and lead is not None:
        crm.note(db, now, lead["id"], "contact", "customer", f"email address: {email}")


def is_staff(db: sqlite_utils.Database, config: Config, phone: str) -> bool:
    region = config.business.region
    if phone in {normalise(n, region) for n in config.pipeline.staff_numbers}:
        return True
    return one(db, "SELECT 1 AS x FROM technicians WHERE phone = ? AND active = 1", [phone]) is not None


_STAFF_ACTIONS = {   # action: (what it does, what the technician is told, how it reads in a refusal)
    "job_done": (visits.mark_done, "marked done. Thanks!", "done"),
    "on_the_way": (visits.on_the_way, "customer told you're on the way.", "on the way"),
}


def _staff_update(db: sqlite_utils.Database, config: Config, now: datetime, phone: str,
                  command: StaffCommand) -> Outcome:
    update, answer, wording = _STAFF_ACTIONS[command.action]
    try:
        update(db, config, now, command.job, actor=f"staff {phone}")
    except LookupError as problem:
        _text(db, now, phone, f"Could not mark job #{command.job} {wording}: {problem}.")
        return Outcome(True, f"{command.action}_refused")
    _text(db, now, phone, f"Job #{command.job} {answer}")
    return Outcome(True, command.action)


def _answer_offer(db: sqlite_utils.Database, config: Config, now: datetime, offer: dict, body: str) -> Outcome:
    reading = reading_for_offer(body, len(booking.offered_slots(offer)))
    if isinstance(reading, Choice):
        try:
            booking.book(db, config, now, offer, reading.number)
        except booking.SlotTaken:
            lead = crm.get_lead(db, offer["lead_id"])
            _text(db, now, lead["phone"], "Sorry, someone just took that time. Here are the next openings:")
            booking.offer_slots(db, config, now, offer["lead_id"], offer["service"],
                                reschedule=offer["appointment_id"])
            return Outcome(True, "slot_taken")
        return Outcome(True, "booked")
    if reading is NONE_WORK:
        booking.decline_offer(db, config, now, offer)
        return Outcome(True, "declined")
    return NOT_HANDLED


def _answer_about_visit(db: sqlite_utils.Database, config: Config, now: datetime, visit: dict, body: str) -> Outcome:
    reading = reading_for_appointment(body)
    if reading is CONFIRM and visit["status"] == "booked":
        visits.confirm(db, config, now, visits.appointment(db, visit["id"]))
        return Outcome(True, "confirmed")
    if reading is RESCHEDULE:
        booking.start_reschedule(db, config, now, visit)
        return Outcome(True, "reschedule_offered")
    if reading is CANCEL_VISIT:
        booking.cancel_appointment(db, config, now, visit["id"], actor="customer")
        phone = visits.appointment(db, visit["id"])["phone"]
        _text(db, now, phone, f"Your visit (job #{visit['id']}) is cancelled. Text us any time to book again.")
        return Outcome(True, "cancelled")
    return NOT_HANDLED


def _text(db: sqlite_utils.Database, now: datetime, phone: str, body: str) -> int:
    contact = one(db, "SELECT id FROM contacts WHERE phone = ?", [phone])
    return messages.enqueue(db, now, phone=phone, body=body, kind="booking", priority=messages.PRIORITY_REPLY,
                            contact_id=contact["id"] if contact else None)
