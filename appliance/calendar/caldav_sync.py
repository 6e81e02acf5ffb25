"""Two-way CalDAV sync with each technician's external calendar (Nextcloud, Google over CalDAV...).

Out: our appointments are written there (same UID, SEQUENCE bumped on each change, deleted
when cancelled). In: everything else on that calendar in the next two weeks is busy time
that blocks slots. The pure part turns iCalendar text into busy intervals; the shell talks
to the server with the caldav library and is handed in as :class:`CaldavSync`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import caldav
import sqlite_utils
from caldav.lib.error import NotFoundError
from icalendar import Calendar

from appliance.calendar.feeds import VISIT_SQL
from appliance.calendar.ics import single_event_text
from appliance.clock import iso
from appliance.pipeline.slots import Interval
from appliance.store.db import insert, transaction

log = logging.getLogger(__name__)

OUR_UID_SUFFIX = "@textback"
HORIZON = timedelta(days=14)


@dataclass(frozen=True)
class BusyBlock:
    uid: str
    interval: Interval


def busy_blocks(ics_texts: Iterable[str], zone: str) -> list[BusyBlock]:
    """Busy time in calendar data: skips our own events, free (TRANSPARENT) and cancelled ones.
    All-day events block the whole day in the shop's time zone."""
    blocks = []
    for text in ics_texts:
        for event in Calendar.from_ical(text).walk("VEVENT"):
            uid = str(event.get("uid", ""))
            if uid.endswith(OUR_UID_SUFFIX) or str(event.get("transp", "")).upper() == "TRANSPARENT" \
                    or str(event.get("status", "")).upper() == "CANCELLED":
                continue
            start = event.decoded("dtstart")
            end = event.decoded("dtend") if "dtend" in event else start + event.decoded("duration", timedelta(0))
            blocks.append(BusyBlock(uid, Interval(_moment(start, zone), _moment(end, zone))))
    return blocks


def _moment(value: date | datetime, zone: str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(zone))
    return datetime.combine(value, time(0), ZoneInfo(zone))


class CaldavSync:
    def __init__(self, url: str, username: str, password: str, zone: str, timeout: int = 20) -> None:
        self._client = caldav.DAVClient(url=url, username=username, password=password, timeout=timeout,
                                        require_tls=url.startswith("https://"))
        self._zone = zone

    def __call__(self, db: sqlite_utils.Database, now: datetime) -> None:
        for tech in list(db.query("SELECT * FROM technicians WHERE caldav_calendar IS NOT NULL AND active = 1")):
            calendar = self._client.calendar(url=tech["caldav_calendar"])
            self.push(db, calendar, tech["id"], now)
            self.pull(db, calendar, tech["id"], now)

    def push(self, db: sqlite_utils.Database, calendar, technician_id: int, now: datetime) -> int:
        """Write every appointment whose SEQUENCE the server has not seen; delete cancelled ones."""
        pending = list(db.query(f"{VISIT_SQL} WHERE technician_id = ? AND "
                                "(caldav_synced_sequence IS NULL OR caldav_synced_sequence != sequence)",
                                [technician_id]))
        for visit in pending:
            if visit["status"] == "cancelled":
                self._delete(calendar, visit["uid"])
            else:
                # Our SEQUENCE is the truth; the library would bump it again on its own.
                calendar.save_event(single_event_text(visit, now), increase_seqno=False)
            with transaction(db):
                db.execute("UPDATE appointments SET caldav_synced_sequence = ? WHERE id = ? AND sequence = ?",
                           [visit["sequence"], visit["id"], visit["sequence"]])
        return len(pending)

    def pull(self, db: sqlite_utils.Database, calendar, technician_id: int, now: datetime) -> int:
        """Replace the technician's busy blocks with what the calendar holds for the next two weeks."""
        events = calendar.search(start=now, end=now + HORIZON, event=True, expand=True)
        blocks = busy_blocks([event.data for event in events], self._zone)
        with transaction(db):
            db.execute("DELETE FROM busy_blocks WHERE technician_id = ?", [technician_id])
            for block in blocks:
                insert(db, "busy_blocks", {"technician_id": technician_id, "uid": block.uid,
                                           "start_at": iso(block.interval.start), "end_at": iso(block.interval.end),
                                           "synced_at": iso(now)})
        return len(blocks)

    @staticmethod
    def _delete(calendar, uid: str) -> None:
        try:
            calendar.event_by_uid(uid).delete()
        except NotFoundError:
            log.info("event %s was already gone from the calendar", uid)
