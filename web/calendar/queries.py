"""What the calendar pages read: technicians, a week of jobs and blocked time, leads to book, feeds."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlite_utils

from appliance.calendar.feeds import VISIT_SQL
from appliance.clock import iso, parse_iso
from appliance.pipeline.booking import LIVE
from appliance.pipeline.stages import OPEN_STAGES
from appliance.store.db import one
from web.calendar.week import Entry

SHOWN = (*LIVE, "done")     # cancelled visits leave the calendar


def technicians(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM technicians WHERE active = 1 ORDER BY name"))


def week_entries(db: sqlite_utils.Database, technician_id: int, start: datetime, end: datetime,
                 timezone: str) -> list[Entry]:
    """The technician's jobs, time off and external busy time that overlap [start, end)."""
    zone = ZoneInfo(timezone)
    span = [technician_id, iso(end), iso(start)]
    marks = ", ".join("?" for _ in SHOWN)
    entries = [Entry("job", _local(row["start_at"], zone), _local(row["end_at"], zone),
                     f"{row['service']}: {row['customer'] or row['phone']}", row)
               for row in db.query(f"{VISIT_SQL} WHERE technician_id = ? AND start_at < ? AND end_at > ? "
                                   f"AND status IN ({marks})", [*span, *SHOWN])]
    entries += [Entry("time_off", _local(row["start_at"], zone), _local(row["end_at"], zone),
                      f"Time off{': ' + row['reason'] if row['reason'] else ''}", row)
                for row in db.query("SELECT * FROM time_off WHERE technician_id = ? AND start_at < ? AND end_at > ?",
                                    span)]
    entries += [Entry("busy", _local(row["start_at"], zone), _local(row["end_at"], zone),
                      "Busy (from the technician's own calendar)")
                for row in db.query("SELECT * FROM busy_blocks WHERE technician_id = ? AND start_at < ? AND end_at > ?",
                                    span)]
    return entries


def jobs_during(db: sqlite_utils.Database, technician_id: int, start: datetime, end: datetime) -> list[int]:
    """The numbers of the technician's live jobs that overlap [start, end)."""
    marks = ", ".join("?" for _ in LIVE)
    return [row["id"] for row in db.query(
        f"SELECT id FROM appointments WHERE technician_id = ? AND start_at < ? AND end_at > ? AND status IN ({marks})",
        [technician_id, iso(end), iso(start), *LIVE])]


def remove_time_off(db: sqlite_utils.Database, time_off_id: int) -> dict | None:
    """Delete a time off and return what it was (None if it was gone). Call inside a transaction."""
    row = one(db, "SELECT * FROM time_off WHERE id = ?", [time_off_id])
    if row:
        db.execute("DELETE FROM time_off WHERE id = ?", [time_off_id])
    return row


def _local(stamp: str, zone: ZoneInfo) -> datetime:
    return parse_iso(stamp).astimezone(zone)


def open_leads(db: sqlite_utils.Database) -> list[dict]:
    """Leads that could be booked, newest first."""
    marks = ", ".join("?" for _ in OPEN_STAGES)
    return list(db.query(f"""SELECT leads.id, leads.stage, leads.service, contacts.phone, contacts.name
                             FROM leads JOIN contacts ON contacts.id = leads.contact_id
                             WHERE leads.stage IN ({marks}) AND contacts.blocked = 0
                             ORDER BY leads.id DESC LIMIT 200""", [*OPEN_STAGES]))


def live_appointment(db: sqlite_utils.Database, appointment_id: int) -> dict | None:
    marks = ", ".join("?" for _ in LIVE)
    return one(db, f"{VISIT_SQL} WHERE appointments.id = ? AND status IN ({marks})", [appointment_id, *LIVE])


def feeds(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("""SELECT calendar_feeds.*, technicians.name AS technician FROM calendar_feeds
                            LEFT JOIN technicians ON technicians.id = technician_id
                            WHERE revoked_at IS NULL ORDER BY technicians.name IS NOT NULL, technicians.name, id"""))


def revoke_feed(db: sqlite_utils.Database, now: datetime, feed_id: int) -> bool:
    """Stop a feed by its row (the page never sees the token again). Call inside a transaction."""
    cursor = db.execute("UPDATE calendar_feeds SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                        [iso(now), feed_id])
    return cursor.rowcount == 1
