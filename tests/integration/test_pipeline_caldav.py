"""Two-way CalDAV sync against a real Radicale: busy time there removes slots, our visits appear there."""

from datetime import datetime
from zoneinfo import ZoneInfo

import caldav
import pytest
from icalendar import Calendar

from appliance.calendar.caldav_sync import CaldavSync
from appliance.pipeline import booking, flow
from appliance.pipeline.inbound import on_customer_reply
from appliance.store import messages
from appliance.store.db import transaction
from tests.conftest import make_config
from tests.integration.pipeline_servers import RadicaleServer

CHI = ZoneInfo("America/Chicago")
MONDAY_9AM = datetime(2026, 6, 1, 9, 0, tzinfo=CHI)
CUSTOMER = "+15125550123"

DENTIST = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:sam-dentist
DTSTAMP:20260601T000000Z
DTSTART;TZID=America/Chicago:20260601T113000
DTEND;TZID=America/Chicago:20260601T123000
SUMMARY:Dentist
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def radicale(tmp_path):
    with RadicaleServer(tmp_path, "sam", "calendar-pass-1") as server:
        yield server


@pytest.fixture
def sam_calendar(radicale):
    client = caldav.DAVClient(url=radicale.url, username="sam", password="calendar-pass-1", require_tls=False,
                              timeout=20)
    return client.principal().make_calendar(name="Sam's jobs")


@pytest.fixture
def cfg(tmp_path):
    return make_config(tmp_path, booking={"min_notice_hours": 2})


def test_busy_time_in_the_external_calendar_removes_the_slots_it_covers(db, cfg, radicale, sam_calendar):
    with transaction(db):
        booking.add_technician(db, "Sam", "mon-fri 08:00-17:00", caldav_calendar=str(sam_calendar.url))
    before = booking.find_slots(db, cfg, MONDAY_9AM, "Drain cleaning")
    assert before[0].start == datetime(2026, 6, 1, 11, 0, tzinfo=CHI)
    sam_calendar.save_event(DENTIST)
    CaldavSync(radicale.url, "sam", "calendar-pass-1", "America/Chicago")(db, MONDAY_9AM)
    after = booking.find_slots(db, cfg, MONDAY_9AM, "Drain cleaning")
    # The dentist 11:30-12:30 plus 30 minutes of travel either side: nothing before 13:00 that day.
    assert after[0].start.astimezone(CHI) == datetime(2026, 6, 1, 13, 0, tzinfo=CHI)


def test_our_appointments_appear_there_move_there_and_leave_when_cancelled(db, cfg, radicale, sam_calendar):
    with transaction(db):
        booking.add_technician(db, "Sam", "mon-fri 08:00-17:00", caldav_calendar=str(sam_calendar.url))
        lead_id = flow.on_missed_call(db, cfg, MONDAY_9AM, CUSTOMER, None, texted_back=True)
        flow.on_lead_qualified(db, cfg, MONDAY_9AM, lead_id, {"service": "Drain cleaning", "name": "Dana"})
        booking.offer_slots(db, cfg, MONDAY_9AM, lead_id)
    sync = CaldavSync(radicale.url, "sam", "calendar-pass-1", "America/Chicago")

    def say(body):
        with transaction(db):
            messages.record_inbound(db, MONDAY_9AM, phone=CUSTOMER, body=body, contact_id=None)
            on_customer_reply(db, cfg, MONDAY_9AM, CUSTOMER, body)
        sync(db, MONDAY_9AM)

    def remote_events():
        return [e for obj in sam_calendar.events() for e in Calendar.from_ical(obj.data).walk("VEVENT")]

    say("1")
    [event] = remote_events()
    uid = db.execute("SELECT uid FROM appointments").fetchone()[0]
    assert str(event["uid"]) == uid and "Dana" in str(event["summary"])
    assert event.decoded("dtstart") == datetime(2026, 6, 1, 11, 0, tzinfo=CHI)
    say("R")
    say("2")
    [moved] = remote_events()
    assert str(moved["uid"]) == uid and moved.decoded("dtstart") != event.decoded("dtstart")
    assert int(moved["sequence"]) == 1
    say("cancel my appointment")
    assert remote_events() == []
    # Our own events never come back as busy time.
    assert db.execute("SELECT COUNT(*) FROM busy_blocks").fetchone()[0] == 0
