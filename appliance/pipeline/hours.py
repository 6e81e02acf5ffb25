"""Business hours: "mon-fri 08:00-17:00; sat 09:00-12:00" and whether a moment falls inside.

The format is what an office manager would write on the door, so it is what the config takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_RULE = re.compile(r"^\s*(?P<days>[a-z]{3}(?:\s*-\s*[a-z]{3})?(?:\s*,\s*[a-z]{3}(?:\s*-\s*[a-z]{3})?)*)"
                   r"\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$")


class HoursError(ValueError):
    pass


@dataclass(frozen=True)
class OpenSpan:
    weekday: int      # Monday is 0
    start: time
    end: time


def parse_hours(spec: str) -> list[OpenSpan]:
    spans: list[OpenSpan] = []
    for part in filter(str.strip, spec.lower().split(";")):
        match = _RULE.match(part)
        if not match:
            raise HoursError(f"{part.strip()!r} is not like \"mon-fri 08:00-17:00\"")
        start, end = _clock(match["start"]), _clock(match["end"])
        if end <= start:
            raise HoursError(f"{part.strip()!r}: closing time must be after opening time")
        for day in _days(match["days"]):
            spans.append(OpenSpan(day, start, end))
    return spans


def _days(text: str) -> list[int]:
    days: list[int] = []
    for chunk in text.split(","):
        ends = [name.strip() for name in chunk.split("-")]
        for name in ends:
            if name not in DAYS:
                raise HoursError(f"{name!r} is not a day; use mon, tue, wed, thu, fri, sat, sun")
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        days.extend(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
    return days


def _clock(text: str) -> time:
    hours, minutes = (int(x) for x in text.split(":"))
    if hours > 23 or minutes > 59:
        raise HoursError(f"{text} is not a time of day")
    return time(hours, minutes)


def is_open(spans: list[OpenSpan], timezone: str, moment: datetime) -> bool:
    local = moment.astimezone(ZoneInfo(timezone))
    return any(span.weekday == local.weekday() and span.start <= local.time() < span.end
               for span in spans)
