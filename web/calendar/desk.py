"""Booking from the office: a person picks the lead, the service and a free slot, and the pipeline's
own booking code does the rest (re-check under the write lock, the trigger against double booking,
the stage change, the reminder and the customer's confirmation text).

The pipeline books from an offer of slots; a booking made at the desk is an offer of exactly the
one slot the person picked, taken at once by them, so both paths share every guarantee.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from appliance.clock import iso
from appliance.config import Config
from appliance.pipeline import booking, crm
from appliance.pipeline.settings import price_list
from appliance.pipeline.slots import Slot, free_slots
from appliance.store.db import insert, one


class BookingRefused(ValueError):
    """A booking the desk cannot make, with the reason in plain words; nothing was written."""


def services(config: Config, lead_service: str | None = None) -> list[str]:
    """What can be booked: the lead's own service first, then the price list and any timed service."""
    names = [lead_service] if lead_service else []
    names += [service.name for service in price_list(config)] + list(config.booking.durations)
    names.append("Service call")
    seen: set[str] = set()
    return [name for name in names if not (name.lower() in seen or seen.add(name.lower()))]


def day_slots(db: sqlite_utils.Database, config: Config, now: datetime, service: str, day: date,
              technician_id: int | None = None, appointment_id: int | None = None) -> list[Slot]:
    """Every free slot on ``day`` (the shop's date) from now on. No minimum notice: the person
    booking is talking to the customer. A rescheduled job does not block its own new time."""
    zone = ZoneInfo(config.business.timezone)
    start = max(now, datetime.combine(day, time(0), zone))
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return free_slots(booking.availability(db, technician_id, ignore_appointment=appointment_id),
                      booking.slot_rules(config, service), start, end)


def book(db: sqlite_utils.Database, config: Config, now: datetime, *, lead_id: int, service: str,
         technician_id: int, start: datetime, actor: str, appointment_id: int | None = None) -> int:
    """Book (or move ``appointment_id`` to) the slot at ``start``; returns the job number.
    Call inside a transaction. Raises BookingRefused when the slot is not free or not a slot."""
    local_day = start.astimezone(ZoneInfo(config.business.timezone)).date()
    wanted = [slot for slot in day_slots(db, config, now, service, local_day, technician_id, appointment_id)
              if slot.start == start]
    if not wanted:
        raise BookingRefused(f"{booking.when(start, config.business.timezone)} is not free for that technician "
                             "any more: pick another time")
    lead = crm.get_lead(db, lead_id)
    # The customer's own pending "reply 1, 2 or 3" would otherwise book a second visit.
    db.execute("UPDATE slot_offers SET status = 'expired' WHERE contact_id = ? AND status = 'open'",
               [lead["contact_id"]])
    offer_id = insert(db, "slot_offers", {
        "lead_id": lead_id, "contact_id": lead["contact_id"], "service": service, "status": "open",
        "slots": json.dumps([{"technician_id": technician_id, "start_at": iso(wanted[0].start),
                              "end_at": iso(wanted[0].end)}]),
        "appointment_id": appointment_id, "created_at": iso(now)})
    offer = one(db, "SELECT * FROM slot_offers WHERE id = ?", [offer_id])
    try:
        return booking.book(db, config, now, offer, 1, actor=actor)
    except booking.SlotTaken as exc:
        raise BookingRefused(f"that time was just taken ({exc}): pick another") from exc
