"""How times and numbers read on the page: the shop's own time zone, the national number format. Pure."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from appliance.clock import parse_iso
from appliance.sms.segments import count_parts


def local_time(stamp: str | None, timezone: str, now: datetime | None = None) -> str:
    """'10:04' today, 'Mon 23 Nov 10:04' this year, else with the year: what a person scans fastest."""
    if not stamp:
        return ""
    zone = ZoneInfo(timezone)
    try:
        moment = parse_iso(stamp).astimezone(zone)
    except ValueError:
        return stamp          # written by hand or by an older version: show it as it is
    today = (now or datetime.now(zone)).astimezone(zone)
    if moment.date() == today.date():
        return moment.strftime("%H:%M")
    if moment.year == today.year:
        return moment.strftime("%a %d %b %H:%M")
    return moment.strftime("%d %b %Y %H:%M")


def describe_parts(text: str) -> dict:
    """The SMS counter under a text box: characters, parts and encoding, as count_parts sees them."""
    info = count_parts(text)
    return {"characters": len(text), "units": info.units, "parts": info.parts, "encoding": info.encoding,
            "per_part": info.per_part}
