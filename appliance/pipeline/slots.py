"""Which appointment times are free: pure slot generation over technicians' hours and busy time.

A slot fits inside one working span of a technician, on the shop's grid (every 30 minutes by
default), after the minimum notice, and keeps a travel buffer clear on both sides of every
other job (ours, or busy time from the external calendar). Time off blocks without a buffer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from appliance.pipeline.hours import OpenSpan


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    def overlaps(self, other: "Interval") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Availability:
    technician_id: int
    hours: tuple[OpenSpan, ...]
    jobs: tuple[Interval, ...] = ()          # kept apart by the travel buffer
    time_off: tuple[Interval, ...] = ()      # blocks exactly


@dataclass(frozen=True)
class Slot:
    technician_id: int
    start: datetime
    end: datetime


@dataclass(frozen=True)
class SlotRules:
    duration: timedelta
    travel_buffer: timedelta
    grid: timedelta
    timezone: str


def free_slots(technicians: Iterable[Availability], rules: SlotRules, earliest: datetime,
               until: datetime) -> list[Slot]:
    """Every free slot starting in [earliest, until), earliest first (ties: lower technician id)."""
    slots = [slot for tech in technicians for slot in _tech_slots(tech, rules, earliest, until)]
    return sorted(slots, key=lambda slot: (slot.start, slot.technician_id))


def is_free(tech: Availability, rules: SlotRules, start: datetime, end: datetime) -> bool:
    wanted = Interval(start, end)
    padded = Interval(start - rules.travel_buffer, end + rules.travel_buffer)
    return not any(padded.overlaps(job) for job in tech.jobs) and \
        not any(wanted.overlaps(off) for off in tech.time_off)


def spread(slots: Sequence[Slot], count: int, timezone: str) -> list[Slot]:
    """Up to ``count`` slots in different half-days, so the choices are real choices."""
    zone = ZoneInfo(timezone)
    chosen: list[Slot] = []
    seen: set[tuple[date, bool]] = set()
    for slot in slots:
        local = slot.start.astimezone(zone)
        bucket = (local.date(), local.hour < 12)
        if bucket not in seen:
            seen.add(bucket)
            chosen.append(slot)
        if len(chosen) == count:
            break
    return chosen


def _tech_slots(tech: Availability, rules: SlotRules, earliest: datetime, until: datetime) -> Iterable[Slot]:
    zone = ZoneInfo(rules.timezone)
    day = earliest.astimezone(zone).date()
    while datetime.combine(day, datetime.min.time(), zone) < until:
        for span in tech.hours:
            if span.weekday != day.weekday():
                continue
            start = datetime.combine(day, span.start, zone)
            close = datetime.combine(day, span.end, zone)
            while start + rules.duration <= close:
                if earliest <= start < until and is_free(tech, rules, start, start + rules.duration):
                    yield Slot(tech.technician_id, start, start + rules.duration)
                start += rules.grid
        day += timedelta(days=1)
