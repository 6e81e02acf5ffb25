"""Appointments as iCalendar: one VEVENT per visit, with a UID and SEQUENCE that stay stable,
so a calendar that already has the visit updates it instead of adding a second one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from icalendar import Calendar, Event

from appliance.clock import parse_iso
from appliance.phone import pretty

PRODID = "-//textback//appointments//EN"
_STATUS = {"booked": "TENTATIVE", "confirmed": "CONFIRMED", "on_the_way": "CONFIRMED", "done": "CONFIRMED",
           "cancelled": "CANCELLED"}


def appointment_event(visit: dict, stamp: datetime) -> Event:
    """``visit``: an appointments row joined with technician (name), phone and customer name."""
    event = Event()
    event.add("uid", visit["uid"])
    event.add("dtstamp", stamp)
    event.add("dtstart", parse_iso(visit["start_at"]))
    event.add("dtend", parse_iso(visit["end_at"]))
    event.add("sequence", visit["sequence"])
    event.add("status", _STATUS[visit["status"]])
    who = visit.get("customer") or pretty(visit["phone"])
    event.add("summary", f"{visit['service']}: {who} (job #{visit['id']})")
    event.add("description", f"Job #{visit['id']} for {who}, {pretty(visit['phone'])}. "
                             f"Technician: {visit['technician']}. Text DONE {visit['id']} when finished.")
    return event


def calendar_text(name: str, visits: Iterable[dict], stamp: datetime) -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for visit in visits:
        calendar.add_component(appointment_event(visit, stamp))
    return calendar.to_ical().decode()


def single_event_text(visit: dict, stamp: datetime) -> str:
    return calendar_text(visit["technician"], [visit], stamp)
