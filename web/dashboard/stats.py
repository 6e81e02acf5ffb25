"""The dashboard's numbers, from plain facts about calls. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median
from zoneinfo import ZoneInfo

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class CallFact:
    detected_at: datetime
    missed: bool
    texted_at: datetime | None     # when the text-back left the modem; None if it never did
    replied: bool                  # the caller texted the shop after the call


@dataclass(frozen=True)
class Summary:
    calls: int
    missed: int
    texted: int
    median_seconds_to_text: float | None
    replied: int


def summarize(facts: list[CallFact], since: datetime) -> Summary:
    window = [fact for fact in facts if fact.detected_at >= since]
    missed = [fact for fact in window if fact.missed]
    texted = [fact for fact in missed if fact.texted_at is not None]
    delays = [(fact.texted_at - fact.detected_at).total_seconds() for fact in texted]
    return Summary(
        calls=len(window), missed=len(missed), texted=len(texted),
        median_seconds_to_text=median(delays) if delays else None,
        replied=sum(fact.replied for fact in missed),
    )


def missed_by_hour(facts: list[CallFact], timezone: str) -> list[int]:
    """Missed calls in each hour of the day (0-23), in the shop's own time zone."""
    counts = [0] * 24
    for moment in _missed_times(facts, timezone):
        counts[moment.hour] += 1
    return counts


def missed_by_weekday(facts: list[CallFact], timezone: str) -> list[int]:
    """Missed calls on each day of the week, Monday first, in the shop's own time zone."""
    counts = [0] * 7
    for moment in _missed_times(facts, timezone):
        counts[moment.weekday()] += 1
    return counts


def _missed_times(facts: list[CallFact], timezone: str) -> list[datetime]:
    zone = ZoneInfo(timezone)
    return [fact.detected_at.astimezone(zone) for fact in facts if fact.missed]


def readable_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 120:
        return f"{seconds:.1f} s"
    return f"{seconds / 60:.0f} min"


# -- what became of the leads ---------------------------------------------------------------

FUNNEL = ("qualified", "booked", "completed", "review_requested")


@dataclass(frozen=True)
class LeadStep:
    """A lead reaching a step of the funnel: a stage, or the review request going out."""
    at: datetime
    lead_id: int
    step: str                      # one of FUNNEL
    value: int | None              # the lead's job value in USD (from the price list), if known


@dataclass(frozen=True)
class LeadSummary:
    qualified: int
    booked: int
    completed: int
    reviews_requested: int
    recovered_revenue: int         # the job values of the leads booked
    booked_without_value: int      # booked leads whose service had no price: not in the revenue


def summarize_leads(steps: list[LeadStep], since: datetime) -> LeadSummary:
    """Each lead counts once per step, however often it went back and forth."""
    reached: dict[str, dict[int, int | None]] = {step: {} for step in FUNNEL}
    for step in steps:
        if step.at >= since:
            reached[step.step][step.lead_id] = step.value
    booked = reached["booked"]
    return LeadSummary(
        qualified=len(reached["qualified"]), booked=len(booked), completed=len(reached["completed"]),
        reviews_requested=len(reached["review_requested"]),
        recovered_revenue=sum(value for value in booked.values() if value),
        booked_without_value=sum(1 for value in booked.values() if not value),
    )


@dataclass(frozen=True)
class SeedMath:
    """The pitch, on the shop's own numbers: missed calls × booking rate × average ticket."""
    missed: int
    booking_rate: float            # booked leads per missed call
    average_ticket: float          # USD
    ticket_from_bookings: bool     # False: no priced booking yet, so the price list's middle is used
    revenue: float


def seed_math(missed: int, summary: LeadSummary, price_midpoints: list[float]) -> SeedMath:
    priced = summary.booked - summary.booked_without_value
    if priced:
        ticket, from_bookings = summary.recovered_revenue / priced, True
    else:
        ticket, from_bookings = (sum(price_midpoints) / len(price_midpoints) if price_midpoints else 0.0), False
    rate = summary.booked / missed if missed else 0.0
    return SeedMath(missed=missed, booking_rate=rate, average_ticket=ticket, ticket_from_bookings=from_bookings,
                    revenue=missed * rate * ticket)
