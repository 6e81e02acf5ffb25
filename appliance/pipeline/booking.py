"""Booking by text: offer the next free slots, book the one the customer picks (or the one a person
chose at the desk: book_slot), reschedule, cancel.

Double booking cannot happen: a booking re-checks the slot inside its BEGIN IMMEDIATE
transaction (two bookings queue on SQLite's write lock, the second sees the first), and a
trigger in the schema refuses overlapping appointments whatever code path writes them.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from appliance.clock import iso, parse_iso
from appliance.config import Config
from appliance.pipeline import crm, flow
from appliance.pipeline.hours import parse_hours
from appliance.pipeline.settings import duration_for
from appliance.pipeline.slots import Availability, Interval, Slot, SlotRules, free_slots, is_free, spread
from appliance.pipeline.task_runner import cancel_tasks, schedule
from appliance.store import messages
from appliance.store.db import insert, one
from appliance.templates import render

LIVE = ("booked", "confirmed", "on_the_way")
OFFER_LIFETIME = timedelta(days=2)
REMINDER_LEAD = timedelta(hours=24)


class SlotTaken(Exception):
    """The slot went to someone else between the offer and the reply."""


def add_technician(db: sqlite_utils.Database, name: str, hours: str, phone: str | None = None,
                   caldav_calendar: str | None = None) -> int:
    parse_hours(hours)                                    # a clear HoursError before anything is stored
    return insert(db, "technicians", {"name": name, "hours": hours, "phone": phone,
                                      "caldav_calendar": caldav_calendar})


def add_time_off(db: sqlite_utils.Database, technician_id: int, start: datetime, end: datetime,
                 reason: str | None = None) -> int:
    if end <= start:
        raise ValueError("time off must end after it starts")
    return insert(db, "time_off", {"technician_id": technician_id, "start_at": iso(start), "end_at": iso(end),
                                   "reason": reason})


def slot_rules(config: Config, service: str) -> SlotRules:
    b = config.booking
    return SlotRules(duration_for(config, service), timedelta(minutes=b.travel_buffer_minutes),
                     timedelta(minutes=b.slot_minutes), config.business.timezone)


def availability(db: sqlite_utils.Database, technician_id: int | None = None,
                 ignore_appointment: int | None = None) -> list[Availability]:
    """Each active technician's hours, jobs (ours and external busy time) and time off."""
    where, params = ("AND id = ?", [technician_id]) if technician_id else ("", [])
    result = []
    for tech in db.query(f"SELECT * FROM technicians WHERE active = 1 {where} ORDER BY id", params):
        marks = ", ".join("?" for _ in LIVE)
        jobs = [_interval(r) for r in db.query(
            f"SELECT start_at, end_at FROM appointments WHERE technician_id = ? AND status IN ({marks}) AND id != ?",
            [tech["id"], *LIVE, ignore_appointment or 0])]
        jobs += [_interval(r) for r in db.query("SELECT start_at, end_at FROM busy_blocks WHERE technician_id = ?",
                                                [tech["id"]])]
        off = [_interval(r) for r in db.query("SELECT start_at, end_at FROM time_off WHERE technician_id = ?",
                                              [tech["id"]])]
        result.append(Availability(tech["id"], tuple(parse_hours(tech["hours"])), tuple(jobs), tuple(off)))
    return result


def find_slots(db: sqlite_utils.Database, config: Config, now: datetime, service: str,
               after: datetime | None = None, ignore_appointment: int | None = None) -> list[Slot]:
    """The slots to offer: spread over different half-days, from the minimum notice (or ``after``) on."""
    b = config.booking
    earliest = max(now + timedelta(hours=b.min_notice_hours), after or now)
    slots = free_slots(availability(db, ignore_appointment=ignore_appointment), slot_rules(config, service),
                       earliest, earliest + timedelta(days=b.horizon_days))
    return spread(slots, b.offer_count, config.business.timezone)


def offer_slots(db: sqlite_utils.Database, config: Config, now: datetime, lead_id: int, service: str | None = None,
                after: datetime | None = None, reschedule: int | None = None) -> int | None:
    """Text the customer the next free slots ("Reply 1, 2 or 3"); None (and a text saying so) if none."""
    lead = crm.get_lead(db, lead_id)
    service = service or lead["service"] or "Service call"
    _close_open_offers(db, lead["contact_id"], "expired")
    slots = find_slots(db, config, now, service, after, ignore_appointment=reschedule)
    if not slots:
        _text(db, now, lead, f"{config.business.name}: we're fully booked for the next few days. "
                             "Someone from the office will call you to find a time.")
        crm.note(db, now, lead_id, "booking", "system", "no free slots to offer")
        return None
    offer_id = insert(db, "slot_offers", {
        "lead_id": lead_id, "contact_id": lead["contact_id"], "service": service, "status": "open",
        "slots": json.dumps([_slot_json(s) for s in slots]), "appointment_id": reschedule, "created_at": iso(now)})
    _text(db, now, lead, offer_text(config, slots))
    crm.note(db, now, lead_id, "booking", "system", f"offered {len(slots)} slots")
    return offer_id


def offer_text(config: Config, slots: list[Slot]) -> str:
    """The [booking] offer_template with {slots} one per line ("1) Tue Jun 2 at 8:00 AM") and {choices} ("1, 2 or 3")."""
    lines = [f"{n}) {when(slot.start, config.business.timezone)}" for n, slot in enumerate(slots, start=1)]
    numbers = [str(n) for n in range(1, len(slots) + 1)]
    choices = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " or " + numbers[-1]
    return render(config.booking.offer_template, business=config.business.name, slots="\n".join(lines),
                  choices=choices)


def visit_text(config: Config, template: str, technician: str, start: datetime, job: int) -> str:
    """A text about one visit: the confirmation, reminder or on-the-way ([booking] *_template)."""
    return render(template, business=config.business.name, technician=technician, job=job,
                  when=when(start, config.business.timezone))


def when(moment: datetime, timezone: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local:%a %b} {local.day} at {local.hour % 12 or 12}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"


def open_offer(db: sqlite_utils.Database, contact_id: int, now: datetime) -> dict | None:
    return one(db, "SELECT * FROM slot_offers WHERE contact_id = ? AND status = 'open' AND created_at >= ? "
                   "ORDER BY id DESC LIMIT 1", [contact_id, iso(now - OFFER_LIFETIME)])


def offered_slots(offer: dict) -> list[Slot]:
    return [Slot(s["technician_id"], parse_iso(s["start_at"]), parse_iso(s["end_at"]))
            for s in json.loads(offer["slots"])]


def book(db: sqlite_utils.Database, config: Config, now: datetime, offer: dict, number: int,
         actor: str = "customer") -> int:
    """Book slot ``number`` (1-based) of the offer; returns the appointment. Raises SlotTaken."""
    appointment_id = book_slot(db, config, now, offer["lead_id"], offer["service"], offered_slots(offer)[number - 1],
                               actor=actor, reschedule=offer["appointment_id"])
    db.execute("UPDATE slot_offers SET status = 'taken' WHERE id = ?", [offer["id"]])
    return appointment_id


def book_slot(db: sqlite_utils.Database, config: Config, now: datetime, lead_id: int, service: str, slot: Slot,
              *, actor: str, reschedule: int | None = None) -> int:
    """Book ``slot`` for the lead (or move job ``reschedule`` to it), whoever chose it: the customer
    from an offer, or a person at the desk. Returns the job number. Call inside a transaction; raises
    SlotTaken, having written nothing, when the slot is no longer free."""
    [tech] = availability(db, slot.technician_id, ignore_appointment=reschedule) or [None]
    if tech is None or not is_free(tech, slot_rules(config, service), slot.start, slot.end):
        raise SlotTaken(f"{when(slot.start, config.business.timezone)} was just taken")
    lead = crm.get_lead(db, lead_id)
    try:
        appointment_id = _write_appointment(db, now, lead, service, slot, reschedule)
    except sqlite3.IntegrityError as exc:          # the schema's trigger: the last line of defence
        raise SlotTaken(str(exc)) from exc
    # The customer's pending "reply 1, 2 or 3" would otherwise book a second visit.
    _close_open_offers(db, lead["contact_id"], "expired")
    crm.note(db, now, lead_id, "booking", actor,
             f"booked job #{appointment_id} for {when(slot.start, config.business.timezone)}")
    if lead["stage"] != "booked":
        flow.change_stage(db, config, now, lead_id, "booked", actor)
    schedule_reminder(db, now, appointment_id)
    tech_name = one(db, "SELECT name FROM technicians WHERE id = ?", [slot.technician_id])["name"]
    _text(db, now, lead, visit_text(config, config.booking.confirmation_template, tech_name, slot.start,
                                    appointment_id))
    return appointment_id


def decline_offer(db: sqlite_utils.Database, config: Config, now: datetime, offer: dict) -> int | None:
    """"None of those work": offer the next slots after the last one offered."""
    db.execute("UPDATE slot_offers SET status = 'declined' WHERE id = ?", [offer["id"]])
    last = max(slot.start for slot in offered_slots(offer))
    return offer_slots(db, config, now, offer["lead_id"], offer["service"],
                       after=next_half_day(last, config.business.timezone), reschedule=offer["appointment_id"])


def next_half_day(moment: datetime, timezone: str) -> datetime:
    """Noon after a morning, the next midnight after an afternoon: offers after a "none of those"
    should not be the same half-day again."""
    local = moment.astimezone(ZoneInfo(timezone))
    if local.hour < 12:
        return datetime.combine(local.date(), time(12), local.tzinfo)
    return datetime.combine(local.date() + timedelta(days=1), time(0), local.tzinfo)


def upcoming_appointment(db: sqlite_utils.Database, contact_id: int, now: datetime) -> dict | None:
    marks = ", ".join("?" for _ in LIVE)
    return one(db, f"SELECT * FROM appointments WHERE contact_id = ? AND status IN ({marks}) AND end_at > ? "
                   "ORDER BY start_at LIMIT 1", [contact_id, *LIVE, iso(now)])


def start_reschedule(db: sqlite_utils.Database, config: Config, now: datetime, appointment: dict) -> int | None:
    """Offer new slots for a booked visit; the visit keeps its time until the customer picks one."""
    crm.note(db, now, appointment["lead_id"], "booking", "customer", f"asked to reschedule job #{appointment['id']}")
    return offer_slots(db, config, now, appointment["lead_id"], appointment["service"],
                       reschedule=appointment["id"])


def cancel_appointment(db: sqlite_utils.Database, config: Config, now: datetime, appointment_id: int,
                       actor: str) -> None:
    appointment = one(db, "SELECT * FROM appointments WHERE id = ?", [appointment_id])
    if appointment is None or appointment["status"] not in LIVE:
        raise LookupError(f"job #{appointment_id} is not a booked visit")
    db.execute("UPDATE appointments SET status = 'cancelled', sequence = sequence + 1, updated_at = ? WHERE id = ?",
               [iso(now), appointment_id])
    cancel_tasks(db, now, f"appointment:{appointment_id}", ("reminder",), "the visit was cancelled")
    crm.note(db, now, appointment["lead_id"], "booking", actor, f"job #{appointment_id} cancelled")
    if crm.get_lead(db, appointment["lead_id"])["stage"] == "booked":
        flow.change_stage(db, config, now, appointment["lead_id"], "qualified", actor)


def schedule_reminder(db: sqlite_utils.Database, now: datetime, appointment_id: int) -> None:
    appointment = one(db, "SELECT * FROM appointments WHERE id = ?", [appointment_id])
    due = max(now, parse_iso(appointment["start_at"]) - REMINDER_LEAD)
    schedule(db, now, "reminder", due, {"appointment_id": appointment_id, "sequence": appointment["sequence"]},
             dedupe_key=f"reminder:{appointment_id}:{appointment['sequence']}",
             subject=f"appointment:{appointment_id}")


def _write_appointment(db: sqlite_utils.Database, now: datetime, lead: dict, service: str, slot: Slot,
                       reschedule: int | None) -> int:
    if reschedule:
        cancel_tasks(db, now, f"appointment:{reschedule}", ("reminder",), "the visit was rescheduled")
        db.execute("UPDATE appointments SET technician_id = ?, start_at = ?, end_at = ?, status = 'booked', "
                   "sequence = sequence + 1, updated_at = ? WHERE id = ?",
                   [slot.technician_id, iso(slot.start), iso(slot.end), iso(now), reschedule])
        return reschedule
    return insert(db, "appointments", {
        "technician_id": slot.technician_id, "lead_id": lead["id"], "contact_id": lead["contact_id"],
        "service": service, "start_at": iso(slot.start), "end_at": iso(slot.end), "status": "booked",
        "uid": f"{uuid.uuid4()}@textback", "created_at": iso(now), "updated_at": iso(now)})


def _close_open_offers(db: sqlite_utils.Database, contact_id: int, status: str) -> None:
    db.execute("UPDATE slot_offers SET status = ? WHERE contact_id = ? AND status = 'open'", [status, contact_id])


def _text(db: sqlite_utils.Database, now: datetime, lead: dict, body: str) -> int:
    return messages.enqueue(db, now, phone=lead["phone"], body=body, kind="booking",
                            priority=messages.PRIORITY_REPLY, contact_id=lead["contact_id"])


def _interval(row: dict) -> Interval:
    return Interval(parse_iso(row["start_at"]), parse_iso(row["end_at"]))


def _slot_json(slot: Slot) -> dict:
    return {"technician_id": slot.technician_id, "start_at": iso(slot.start), "end_at": iso(slot.end)}
