"""When an automated text may reach a person: quiet hours in *their* time zone, and a daily cap.

Where the person is comes from the number's area code (libphonenumber's time-zone and
geocoding data). The federal default is 8am-9pm; some states are stricter (Florida 8am-8pm
and at most 3 messages a day; Texas 9am-9pm, Sundays from noon), and the shop can add more.
A number we cannot place gets the strictest window, and it must hold in every contiguous US
time zone at once, because the person could be in any of them.

Windows are written like business hours ("mon-sat 09:00-21:00; sun 12:00-21:00").
Everything here is pure: it takes the moment and returns a moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import geocoder, timezone as number_zones

from appliance.pipeline.hours import OpenSpan, is_open, parse_hours

DEFAULT_WINDOW = "mon-sun 08:00-21:00"
BUILT_IN_STATE_WINDOWS: dict[str, str] = {
    "FL": "mon-sun 08:00-20:00",
    "TX": "mon-sat 09:00-21:00; sun 12:00-21:00",
}
BUILT_IN_STATE_CAPS: dict[str, int] = {"FL": 3}
# A number that could be anywhere must be inside its window in all of these at once.
CONTIGUOUS_US = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
# More zones than this means the area code is not geographic (toll-free, non-geographic).
_MAX_PLAUSIBLE_ZONES = 2

_STATES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA", "kansas": "KS",
    "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD", "massachusetts": "MA",
    "michigan": "MI", "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
    "new york": "NY", "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC",
    "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT",
    "virginia": "VA", "washington": "WA", "washington state": "WA", "washington d.c.": "DC",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}
US_STATE_CODES = frozenset(_STATES.values())


@dataclass(frozen=True)
class Recipient:
    """Where a number is, as far as its area code tells."""

    zones: tuple[str, ...]          # every zone the person may be in
    state: str | None               # two-letter US state, None when unknown or not in the US
    known: bool                     # False: the area code did not place the person


@dataclass(frozen=True)
class Window:
    spans: tuple[OpenSpan, ...]
    daily_cap: int | None = None


@dataclass(frozen=True)
class QuietRules:
    default: Window
    states: Mapping[str, Window] = field(default_factory=dict)
    max_per_day: int = 3


def window(spec: str, daily_cap: int | None = None) -> Window:
    return Window(tuple(parse_hours(spec)), daily_cap)


def build_rules(max_per_day: int, default: str = DEFAULT_WINDOW, state_windows: Mapping[str, str] | None = None,
                state_caps: Mapping[str, int] | None = None) -> QuietRules:
    """The built-in state rules, overridden and extended by the shop's own."""
    specs = {**BUILT_IN_STATE_WINDOWS, **(state_windows or {})}
    caps = {**BUILT_IN_STATE_CAPS, **(state_caps or {})}
    states = {state: window(specs.get(state, default), caps.get(state)) for state in {*specs, *caps}}
    return QuietRules(window(default), states, max_per_day)


def locate(e164: str) -> Recipient:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return Recipient(CONTIGUOUS_US, None, False)
    zones = tuple(z for z in number_zones.time_zones_for_number(number) if z != "Etc/Unknown")
    if not zones or len(zones) > _MAX_PLAUSIBLE_ZONES:
        return Recipient(CONTIGUOUS_US, None, False)
    state = None
    if phonenumbers.region_code_for_number(number) == "US":
        state = state_from_description(geocoder.description_for_number(number, "en"))
    return Recipient(zones, state, True)


def state_from_description(description: str) -> str | None:
    """'Florida' -> FL, 'Palm Beach, FL' -> FL, 'Washington D.C.' -> DC."""
    text = description.strip()
    if "," in text:
        code = text.rsplit(",", 1)[1].strip().upper()
        return code if code in US_STATE_CODES else None
    return _STATES.get(text.lower())


def window_for(recipient: Recipient, rules: QuietRules) -> Window:
    if not recipient.known:
        return strictest([rules.default, *rules.states.values()])
    return rules.states.get(recipient.state or "", rules.default)


def strictest(windows: Iterable[Window]) -> Window:
    """Per weekday, the latest start and the earliest end of all windows; the smallest cap."""
    windows = list(windows)
    spans = []
    for weekday in range(7):
        todays = [[s for s in w.spans if s.weekday == weekday] for w in windows]
        if not all(todays):
            continue
        start = max(s.start for day in todays for s in day)
        end = min(s.end for day in todays for s in day)
        if start < end:
            spans.append(OpenSpan(weekday, start, end))
    caps = [w.daily_cap for w in windows if w.daily_cap is not None]
    return Window(tuple(spans), min(caps) if caps else None)


def daily_cap(recipient: Recipient, rules: QuietRules) -> int:
    state_cap = window_for(recipient, rules).daily_cap
    return min(rules.max_per_day, state_cap) if state_cap is not None else rules.max_per_day


def is_allowed(win: Window, zones: Iterable[str], moment: datetime) -> bool:
    return all(is_open(list(win.spans), zone, moment) for zone in zones)


def next_allowed(win: Window, zones: tuple[str, ...], moment: datetime) -> datetime:
    """``moment`` itself if a text may go then, else the first moment after it that is allowed."""
    if is_allowed(win, zones, moment):
        return moment
    for candidate in sorted(_window_starts(win, zones, moment)):
        if candidate > moment and is_allowed(win, zones, candidate):
            return candidate
    raise ValueError("this quiet-hours window never opens: check the pipeline's quiet hours settings")


def _window_starts(win: Window, zones: tuple[str, ...], moment: datetime) -> Iterable[datetime]:
    """Each opening time, in each zone, over the next eight days (a window is weekly)."""
    for zone in zones:
        tz = ZoneInfo(zone)
        first_day = moment.astimezone(tz).date()
        for offset in range(9):
            day = first_day + timedelta(days=offset)
            for span in win.spans:
                if span.weekday == day.weekday():
                    yield datetime.combine(day, span.start, tz)


def local_day_bounds(zone: str, moment: datetime) -> tuple[datetime, datetime]:
    """The start of the person's calendar day and of the next one (DST days are 23 or 25 hours)."""
    tz = ZoneInfo(zone)
    today: date = moment.astimezone(tz).date()
    return (datetime.combine(today, datetime.min.time(), tz),
            datetime.combine(today + timedelta(days=1), datetime.min.time(), tz))


def earliest_send(recipient: Recipient, rules: QuietRules, now: datetime, sent_today: int) -> datetime:
    """When the next automated text to this person may go, given how many went today (their day)."""
    start = now
    if sent_today >= daily_cap(recipient, rules):
        start = local_day_bounds(recipient.zones[0], now)[1]
    return next_allowed(window_for(recipient, rules), recipient.zones, start)
