"""The calendar pages on a real database: the week view, booking, rescheduling and cancelling from
the desk through the pipeline's booking code, and the ICS subscription links."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from appliance.clock import iso
from appliance.store.db import connect, transaction
from tests.shop_seed import add_technician, open_lead, rows
from tests.web_support import OWNER, SETUP_CODE, STAFF, add_user, csrf_from, login
from web.app import create_app
from web.calendar import week

AUSTIN = ZoneInfo("America/Chicago")
FRIDAY_9 = datetime(2026, 11, 27, 9, 0, tzinfo=AUSTIN)        # the clock's Thursday 10:00, plus a day
CUSTOMER = "+15125550123"


@pytest.fixture
def shop(config, clock):
    add_user(config, clock.now(), *OWNER, "owner")
    add_user(config, clock.now(), *STAFF, "staff")
    sam = add_technician(config, "Sam Ortiz")
    kim = add_technician(config, "Kim Lee", "mon-fri 12:00-17:00")
    lead = open_lead(config, clock.now(), CUSTOMER, "Dana Reyes", "Drain cleaning")
    return {"sam": sam, "kim": kim, "lead": lead}


@pytest.fixture
def client(config, clock, shop):
    client = create_app(config, clock=clock, setup_code=SETUP_CODE).test_client()
    login(client, *STAFF)           # the office books: staff may use the calendar
    return client


def book(client, lead: int, tech: int, start: datetime, appointment: int | None = None, service="Drain cleaning"):
    page = client.get("/calendar/book", query_string={"lead": lead, "service": service,
                                                      "day": start.date().isoformat(), "technician": tech,
                                                      "appointment": appointment or ""})
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), "lead_id": lead, "service": service,
            "slot": f"{tech}|{start.isoformat()}"}
    if appointment:
        data["appointment_id"] = appointment
    return client.post("/calendar/book", data=data, follow_redirects=True)


def test_the_week_starts_on_monday_and_lays_out_each_day():
    monday = week.parse_week("2026-11-26", date(2026, 11, 26))
    assert monday.isoformat() == "2026-11-23"
    assert week.parse_week("not-a-date", monday + timedelta(days=9)).isoformat() == "2026-11-30"
    assert week.parse_week("9999-12-31", monday) == monday          # far off: this week, not an overflow
    late = week.Entry("job", datetime(2026, 11, 24, 15, tzinfo=AUSTIN), datetime(2026, 11, 24, 17, tzinfo=AUSTIN), "b")
    early = week.Entry("job", datetime(2026, 11, 24, 8, tzinfo=AUSTIN), datetime(2026, 11, 24, 9, tzinfo=AUSTIN), "a")
    days = week.lay_out(monday, [late, early])
    assert [len(day.entries) for day in days] == [0, 2, 0, 0, 0, 0, 0]
    assert [entry.title for entry in days[1].entries] == ["a", "b"]


def test_free_times_are_the_technicians_hours_minus_jobs_with_travel_buffer(client, shop):
    html = client.get("/calendar/book", query_string={"lead": shop["lead"], "service": "Drain cleaning",
                                                      "day": "2026-11-27", "technician": shop["kim"]}).get_data(True)
    times = re.findall(r"(\d\d:\d\d)–\d\d:\d\d with Kim Lee", html)
    assert times[0] == "12:00" and times[-1] == "15:00"      # a 2-hour job fits by 17:00
    book(client, shop["lead"], shop["kim"], datetime(2026, 11, 27, 13, 0, tzinfo=AUSTIN))
    other = open_lead(client.application.extensions["textback"].config,
                      datetime(2026, 11, 26, 16, 5, tzinfo=timezone.utc), "+15125550124")
    html = client.get("/calendar/book", query_string={"lead": other, "service": "Drain cleaning",
                                                      "day": "2026-11-27", "technician": shop["kim"]}).get_data(True)
    # Booked 13:00-15:00 with a 30-minute buffer either side: nothing fits before 17:00 any more.
    assert re.findall(r"(\d\d:\d\d)–\d\d:\d\d with Kim Lee", html) == []
    assert "No free time that day for Kim Lee" in html


def test_booking_from_the_calendar_books_texts_and_shows_on_the_week(client, config, shop):
    response = book(client, shop["lead"], shop["sam"], FRIDAY_9)
    assert b"Booked job #1: Fri Nov 27 at 9:00 AM. The customer is texted a confirmation." in response.data
    [job] = rows(config, "SELECT * FROM appointments")
    assert (job["technician_id"], job["status"], job["start_at"]) == (shop["sam"], "booked", iso(FRIDAY_9))
    assert rows(config, "SELECT stage FROM leads")[0]["stage"] == "booked"
    [text] = rows(config, "SELECT * FROM messages WHERE kind = 'booking'")
    assert text["phone"] == CUSTOMER and "You're booked with Lone Star Plumbing: Sam Ortiz" in text["body"]
    assert rows(config, "SELECT kind FROM tasks WHERE kind = 'reminder'") == [{"kind": "reminder"}]
    # The week view of that technician shows the job; the other technician's does not.
    html = response.get_data(as_text=True)
    assert "Sam Ortiz: week of Mon 23 Nov 2026" in html and "Drain cleaning: Dana Reyes" in html
    assert "09:00–11:00" in html and "Job #1 · booked" in html
    kim = client.get("/calendar/", query_string={"technician": shop["kim"]}).get_data(as_text=True)
    assert "Drain cleaning: Dana Reyes" not in kim


def test_a_taken_slot_is_refused_and_nothing_is_written(client, config, shop, clock):
    book(client, shop["lead"], shop["sam"], FRIDAY_9)
    other = open_lead(config, clock.now(), "+15125550124", "Lee Park")
    response = book(client, other, shop["sam"], FRIDAY_9 + timedelta(minutes=30))
    assert b"Not booked: Fri Nov 27 at 9:30 AM is not free for that technician any more" in response.data
    assert len(rows(config, "SELECT * FROM appointments")) == 1
    assert rows(config, "SELECT * FROM messages WHERE phone = '+15125550124'") == []   # no text to Lee
    outside = book(client, other, shop["sam"], datetime(2026, 11, 27, 18, 0, tzinfo=AUSTIN))
    assert b"is not free for that technician" in outside.data          # after hours: not a slot at all
    garbage = client.post("/calendar/book", data={"csrf_token": csrf_from(outside.get_data(True)),
                                                  "lead_id": other, "service": "x", "slot": "1|tomorrow"},
                          follow_redirects=True)
    assert b"Not booked: choose a lead, a service and one of the free times." in garbage.data
    far = client.post("/calendar/book", data={"csrf_token": csrf_from(outside.get_data(True)), "lead_id": other,
                                              "service": "x", "slot": "1|9999-12-31T09:00:00-06:00"},
                      follow_redirects=True)
    assert b"Not booked: choose a lead, a service and one of the free times." in far.data
    assert len(rows(config, "SELECT * FROM appointments")) == 1


def test_reschedule_moves_the_same_job_and_texts_the_new_time(client, config, shop):
    book(client, shop["lead"], shop["sam"], FRIDAY_9)
    page = client.get("/calendar/book", query_string={"appointment": 1, "day": "2026-11-30"}).get_data(True)
    assert "Reschedule job #1" in page and "It keeps its time until you pick a new one." in page
    monday_2pm = datetime(2026, 11, 30, 14, 0, tzinfo=AUSTIN)
    response = book(client, shop["lead"], shop["kim"], monday_2pm, appointment=1)
    assert b"Moved job #1: Mon Nov 30 at 2:00 PM" in response.data
    [job] = rows(config, "SELECT * FROM appointments")
    assert (job["technician_id"], job["start_at"], job["sequence"]) == (shop["kim"], iso(monday_2pm), 1)
    texts = rows(config, "SELECT body FROM messages WHERE kind = 'booking' ORDER BY id")
    assert "Kim Lee, Mon Nov 30 at 2:00 PM (job #1)" in texts[-1]["body"]


def test_cancel_frees_the_time_and_texts_the_customer_only_when_asked(client, config, shop, clock):
    book(client, shop["lead"], shop["sam"], FRIDAY_9)
    page = client.get("/calendar/", query_string={"technician": shop["sam"], "week": "2026-11-27"}).get_data(True)
    response = client.post("/calendar/cancel", data={"csrf_token": csrf_from(page), "appointment_id": 1,
                                                     "text_customer": "yes"}, follow_redirects=True)
    assert b"Cancelled job #1: the customer is texted." in response.data
    assert rows(config, "SELECT status FROM appointments")[0]["status"] == "cancelled"
    assert "is cancelled" in rows(config, "SELECT body FROM messages ORDER BY id DESC LIMIT 1")[0]["body"]
    assert b"Drain cleaning: Dana Reyes" not in response.data
    again = client.post("/calendar/cancel", data={"csrf_token": csrf_from(page), "appointment_id": 1},
                        follow_redirects=True)
    assert b"Not cancelled: that visit is not booked" in again.data
    book(client, shop["lead"], shop["sam"], FRIDAY_9)                 # the time is free again
    sent = len(rows(config, "SELECT * FROM messages"))
    client.post("/calendar/cancel", data={"csrf_token": csrf_from(page), "appointment_id": 2})
    assert len(rows(config, "SELECT * FROM messages")) == sent        # unticked: no text


def test_a_subscription_link_is_shown_once_and_serves_the_visits_until_revoked(client, config, shop):
    book(client, shop["lead"], shop["sam"], FRIDAY_9)
    page = client.get("/calendar/").get_data(as_text=True)
    made = client.post("/calendar/feeds", data={"csrf_token": csrf_from(page), "technician_id": shop["sam"]})
    url = re.search(r'id="feed-url" readonly value="([^"]+)"', made.get_data(as_text=True)).group(1)
    assert url.startswith("http://localhost/calendar/feed/") and url.endswith(".ics")
    assert url.split("/")[-1][:-4] not in client.get("/calendar/").get_data(as_text=True)   # never shown again
    anonymous = client.application.test_client()                  # a calendar app: no login
    feed = anonymous.get(url)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert "SUMMARY:Drain cleaning: Dana Reyes (job #1)" in feed.get_data(as_text=True)
    assert anonymous.get("/calendar/feed/guessed-token.ics").status_code == 404
    [row] = rows(config, "SELECT id FROM calendar_feeds")
    client.post("/calendar/feeds/revoke", data={"csrf_token": csrf_from(page), "feed_id": row["id"]})
    assert anonymous.get(url).status_code == 404


def test_the_calendar_says_what_to_do_with_no_technicians(config, clock):
    add_user(config, clock.now(), *OWNER, "owner")
    client = create_app(config, clock=clock, setup_code=SETUP_CODE).test_client()
    login(client, *OWNER)
    assert b"No technicians yet." in client.get("/calendar/").data


def test_week_view_shows_time_off_and_busy_time(client, config, shop):
    db = connect(config.storage.database)
    with transaction(db):
        db.execute("INSERT INTO time_off (technician_id, start_at, end_at, reason) VALUES (?, ?, ?, ?)",
                   [shop["sam"], iso(datetime(2026, 11, 24, 8, tzinfo=AUSTIN)),
                    iso(datetime(2026, 11, 24, 17, tzinfo=AUSTIN)), "Dentist <3"])
        db.execute("INSERT INTO busy_blocks (technician_id, start_at, end_at, uid, synced_at) VALUES (?, ?, ?, ?, ?)",
                   [shop["sam"], iso(datetime(2026, 11, 25, 12, tzinfo=AUSTIN)),
                    iso(datetime(2026, 11, 25, 13, tzinfo=AUSTIN)), "x@google", iso(FRIDAY_9)])
    db.conn.close()
    html = client.get("/calendar/", query_string={"technician": shop["sam"]}).get_data(as_text=True)
    assert "Time off: Dentist &lt;3" in html
    assert "12:00–13:00" in html and "Busy (from the technician&#39;s own calendar)" in html


def test_on_the_way_and_done_from_the_calendar_text_the_customer_and_complete_the_lead(client, config, shop):
    book(client, shop["lead"], shop["sam"], FRIDAY_9)
    page = client.get("/calendar/", query_string={"technician": shop["sam"], "week": "2026-11-27"}).get_data(True)
    assert "On the way #1" in page and "Done #1" in page
    going = client.post("/calendar/on-the-way", data={"csrf_token": csrf_from(page), "appointment_id": 1},
                        follow_redirects=True)
    assert b"Job #1: the customer is texted that Sam Ortiz is on the way." in going.data
    assert rows(config, "SELECT status FROM appointments") == [{"status": "on_the_way"}]
    last = rows(config, "SELECT phone, body FROM messages ORDER BY id DESC LIMIT 1")[0]
    assert last["phone"] == CUSTOMER and "Sam Ortiz" in last["body"] and "on the way" in last["body"].lower()
    finished = client.post("/calendar/done", data={"csrf_token": csrf_from(page), "appointment_id": 1},
                           follow_redirects=True)
    assert b"Job #1 is done." in finished.data and b"Done #1" not in finished.data
    assert rows(config, "SELECT status FROM appointments") == [{"status": "done"}]
    assert rows(config, "SELECT stage FROM leads WHERE id = ?", [shop["lead"]]) == [{"stage": "completed"}]
    again = client.post("/calendar/done", data={"csrf_token": csrf_from(page), "appointment_id": 1},
                        follow_redirects=True)
    assert b"Not changed: that visit is not booked" in again.data


def test_time_off_blocks_booking_names_clashing_jobs_and_can_be_removed(client, config, shop, clock):
    book(client, shop["lead"], shop["sam"], FRIDAY_9)
    page = client.get("/calendar/").get_data(as_text=True)
    added = client.post("/calendar/time-off", data={"csrf_token": csrf_from(page), "technician_id": shop["sam"],
                                                    "start": "2026-11-27T08:00", "end": "2026-11-27T17:00",
                                                    "reason": "Training"}, follow_redirects=True)
    assert b"Time off added. Still booked then: job #1: reschedule or cancel them." in added.data
    assert b"Time off: Training" in added.data and b"08:00\xe2\x80\x9317:00" in added.data
    other = open_lead(config, clock.now(), "+15125550124", "Lee Park")
    refused = book(client, other, shop["sam"], datetime(2026, 11, 27, 14, 0, tzinfo=AUSTIN))
    assert b"is not free for that technician" in refused.data
    backwards = client.post("/calendar/time-off", data={"csrf_token": csrf_from(page), "technician_id": shop["sam"],
                                                        "start": "2026-11-30T12:00", "end": "2026-11-30T08:00"},
                            follow_redirects=True)
    assert b"Not added: time off must end after it starts." in backwards.data
    blank = client.post("/calendar/time-off", data={"csrf_token": csrf_from(page), "technician_id": shop["sam"],
                                                    "start": "", "end": ""}, follow_redirects=True)
    assert b"Not added: give the time off a start and an end" in blank.data
    far = client.post("/calendar/time-off", data={"csrf_token": csrf_from(page), "technician_id": shop["sam"],
                                                  "start": "9999-12-31T20:00", "end": "9999-12-31T23:00"},
                      follow_redirects=True)
    assert b"Not added: give the time off a start and an end" in far.data
    assert len(rows(config, "SELECT * FROM time_off")) == 1
    [off] = rows(config, "SELECT id FROM time_off")
    removed = client.post("/calendar/time-off/remove", data={"csrf_token": csrf_from(page), "time_off_id": off["id"]},
                          follow_redirects=True)
    assert b"Time off removed: that time can be booked again." in removed.data
    assert b"Booked job #2" in book(client, other, shop["sam"], datetime(2026, 11, 27, 14, 0, tzinfo=AUSTIN)).data


def test_mangled_and_far_off_links_show_a_page_not_an_error(client, shop):
    for query in ({"week": "9999-12-31"}, {"week": "0001-01-01"}, {"technician": "x", "week": "soon"}):
        assert client.get("/calendar/", query_string=query).status_code == 200, query
    for day in ("9999-12-31", "0001-01-01", "tomorrow"):
        page = client.get("/calendar/book", query_string={"lead": shop["lead"], "service": "Drain cleaning",
                                                          "day": day})
        assert page.status_code == 200 and "Free times on Thu 26 Nov" in page.get_data(as_text=True), day
