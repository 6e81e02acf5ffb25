"""The week on the calendar page: which days it covers and what sits on each. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Entry:
    kind: str               # job, time_off or busy
    start: datetime         # in the shop's time zone
    end: datetime
    title: str
    row: dict | None = None  # the job's or time off's row, for its buttons


@dataclass(frozen=True)
class Day:
    day: date
    entries: list[Entry]


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


# Pages look at most this far from today: a link to the year 9999 shows today instead of failing.
FARTHEST = timedelta(days=5 * 366)


def parse_day(text: str | None, today: date) -> date:
    """The day asked for in the URL, or today for a mangled or far-off one."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return today
    return day if within_reach(day, today) else today


def within_reach(day: date, today: date) -> bool:
    return abs(day - today) <= FARTHEST


def parse_week(text: str | None, today: date) -> date:
    """The Monday of the week asked for in the URL (any day of it will do), or of this week."""
    return week_start(parse_day(text, today))


def week_bounds(monday: date, timezone: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(timezone)
    return (datetime.combine(monday, time(0), zone),
            datetime.combine(monday + timedelta(days=7), time(0), zone))


def lay_out(monday: date, entries: list[Entry]) -> list[Day]:
    """Seven days, each with the entries that start on it, earliest first."""
    days = [Day(monday + timedelta(days=offset), []) for offset in range(7)]
    for entry in sorted(entries, key=lambda entry: (entry.start, entry.kind)):
        offset = (entry.start.date() - monday).days
        if 0 <= offset < 7:
            days[offset].entries.append(entry)
        elif offset < 0 and entry.end.date() >= monday:
            days[0].entries.append(entry)       # time off that began last week still blocks Monday
    return days
