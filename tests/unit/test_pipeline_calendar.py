"""ICS feeds behind secret tokens, and reading busy time out of calendar data (pure)."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar

from appliance.calendar.caldav_sync import busy_blocks
from appliance.calendar.feeds import create_feed_token, feed_for_token, revoke_feed_token
from appliance.store.db import insert, transaction

NOW = datetime(2026, 6, 1, 14, 0, tzinfo=timezone.utc)


def visit(db, tech, contact, start_hour, status="booked", uid=None):
    start = datetime(2026, 6, 2, start_hour, tzinfo=timezone.utc)
    return insert(db, "appointments", {
        "technician_id": tech, "contact_id": contact, "service": "Drain cleaning", "status": status,
        "start_at": start.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "end_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "uid": uid or f"{tech}-{start_hour}@textback", "created_at": "x", "updated_at": "x"})


def events(text):
    return {str(e["uid"]): e for e in Calendar.from_ical(text).walk("VEVENT")}


def test_each_technician_and_the_shop_get_their_own_feed_and_only_a_live_token_opens_it(db):
    with transaction(db):
        sam = insert(db, "technicians", {"name": "Sam", "hours": "mon-fri 08:00-17:00"})
        ana = insert(db, "technicians", {"name": "Ana", "hours": "mon-fri 08:00-17:00"})
        contact = insert(db, "contacts", {"phone": "+15125550123", "name": "Dana", "created_at": "x"})
        visit(db, sam, contact, 14)
        visit(db, ana, contact, 17)
        visit(db, sam, contact, 20, status="cancelled")
        sam_token = create_feed_token(db, NOW, sam)
        shop_token = create_feed_token(db, NOW)
    sam_feed = events(feed_for_token(db, sam_token, "Lone Star Plumbing", NOW))
    assert list(sam_feed) == [f"{sam}-14@textback"]
    event = sam_feed[f"{sam}-14@textback"]
    assert event.decoded("dtstart") == datetime(2026, 6, 2, 14, tzinfo=timezone.utc)
    assert "Dana" in str(event["summary"]) and "DONE" in str(event["description"])
    assert set(events(feed_for_token(db, shop_token, "Lone Star Plumbing", NOW))) == {
        f"{sam}-14@textback", f"{ana}-17@textback"}
    assert feed_for_token(db, "not-a-token", "Lone Star Plumbing", NOW) is None
    assert sam_token not in str(list(db.query("SELECT * FROM calendar_feeds")))     # only the hash is kept
    with transaction(db):
        assert revoke_feed_token(db, NOW, sam_token)
    assert feed_for_token(db, sam_token, "Lone Star Plumbing", NOW) is None


EXTERNAL = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:dentist-1
DTSTAMP:20260601T000000Z
DTSTART;TZID=America/Chicago:20260602T110000
DTEND;TZID=America/Chicago:20260602T120000
SUMMARY:Dentist
END:VEVENT
BEGIN:VEVENT
UID:holiday-1
DTSTAMP:20260601T000000Z
DTSTART;VALUE=DATE:20260603
DTEND;VALUE=DATE:20260604
SUMMARY:Day off
END:VEVENT
BEGIN:VEVENT
UID:reminder-1
DTSTAMP:20260601T000000Z
DTSTART:20260602T150000Z
DTEND:20260602T160000Z
TRANSP:TRANSPARENT
SUMMARY:Free: just a note
END:VEVENT
BEGIN:VEVENT
UID:abc@textback
DTSTAMP:20260601T000000Z
DTSTART:20260602T180000Z
DTEND:20260602T200000Z
SUMMARY:Our own job
END:VEVENT
END:VCALENDAR
"""


def test_busy_time_is_every_opaque_event_that_is_not_ours_and_all_day_blocks_the_shop_day():
    chicago = ZoneInfo("America/Chicago")
    blocks = {b.uid: b.interval for b in busy_blocks([EXTERNAL], "America/Chicago")}
    assert set(blocks) == {"dentist-1", "holiday-1"}
    assert blocks["dentist-1"].start == datetime(2026, 6, 2, 11, tzinfo=chicago)
    assert (blocks["holiday-1"].start, blocks["holiday-1"].end) == (
        datetime(2026, 6, 3, tzinfo=chicago), datetime(2026, 6, 4, tzinfo=chicago))
