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
