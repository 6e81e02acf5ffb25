"""Booking from the office: a person picks the lead, the service and a free slot, and the pipeline's
own booking (booking.book_slot, the one a customer's reply to an offer uses too) does the rest:
re-check under the write lock, the trigger against double booking, the stage change, the reminder
and the customer's confirmation text.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from appliance.config import Config
from appliance.pipeline import booking
from appliance.pipeline.settings import price_list
from appliance.pipeline.slots import Slot, free_slots


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
    try:
        return booking.book_slot(db, config, now, lead_id, service, wanted[0], actor=actor,
                                 reschedule=appointment_id)
    except booking.SlotTaken as exc:
        raise BookingRefused(f"that time was just taken ({exc}): pick another") from exc
