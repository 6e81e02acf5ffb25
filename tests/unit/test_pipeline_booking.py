"""Booking by text on a real SQLite file: offer, pick, none of those, reschedule, cancel, C/R,
DONE from a technician, review requests, and two bookings racing for one slot."""

import json
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from appliance.clock import parse_iso
from appliance.pipeline import booking, crm, flow
from appliance.pipeline.inbound import on_customer_reply
from appliance.pipeline.task_runner import run_due_tasks
from appliance.pipeline.poller import task_handlers
from appliance.pipeline.slots import Slot
from appliance.store import messages
from appliance.store.db import connect, transaction
from tests.conftest import make_config

CHI = ZoneInfo("America/Chicago")
CUSTOMER = "+15125550123"
TECH_PHONE = "+15125550177"
MONDAY_9AM = datetime(2026, 6, 1, 9, 0, tzinfo=CHI)


@pytest.fixture
def cfg(tmp_path):
    return make_config(tmp_path, booking={"min_notice_hours": 2, "durations": {"Drain cleaning": 90}},
                       pipeline={"review_link": "https://g.page/r/lonestar/review", "review_reminder_days": 3,
                                 "owner_phone": "+15125550111"})


@pytest.fixture
def shop(db):
    with transaction(db):
        return booking.add_technician(db, "Sam", "mon-fri 08:00-17:00", phone=TECH_PHONE)


def qualified_lead(db, cfg, now, phone=CUSTOMER):
    with transaction(db):
        lead_id = flow.on_missed_call(db, cfg, now, phone, None, texted_back=True)
        flow.on_lead_qualified(db, cfg, now, lead_id, {"intent": "service_request", "service": "Drain cleaning",
                                                        "name": "Dana"})
        booking.offer_slots(db, cfg, now, lead_id)
    return lead_id


@pytest.mark.parametrize("service, minutes", [
    ("drain repair (clogged/slow drain, backing up)", 90),       # the brain's words for a Drain cleaning job
    ("Drain cleaning", 90),
    ("toilet repair (running toilet)", 120),                     # no duration set for it: the default
])
def test_the_visit_lasts_as_long_as_the_service_the_brain_heard(db, cfg, shop, service, minutes):
    with transaction(db):
        lead_id = flow.on_missed_call(db, cfg, MONDAY_9AM, CUSTOMER, None, texted_back=True)
        flow.on_lead_qualified(db, cfg, MONDAY_9AM, lead_id, {"intent": "service_request", "service": service})
        booking.offer_slots(db, cfg, MONDAY_9AM, lead_id)
    reply(db, cfg, MONDAY_9AM, "1")
    [visit] = appointments(db)
    assert parse_iso(visit["end_at"]) - parse_iso(visit["start_at"]) == timedelta(minutes=minutes)


def reply(db, cfg, now, body, phone=CUSTOMER):
    with transaction(db):
        messages.record_inbound(db, now, phone=phone, body=body, contact_id=None)
        return on_customer_reply(db, cfg, now, phone, body)


def last_text(db, phone=CUSTOMER):
    return [m for m in messages.conversation(db, phone) if m["direction"] == "out"][-1]["body"]


def appointments(db):
    return list(db.query("SELECT * FROM appointments ORDER BY id"))


def test_the_customer_is_offered_three_slots_and_books_by_replying_a_number(db, cfg, shop):
    lead_id = qualified_lead(db, cfg, MONDAY_9AM)
    offer = last_text(db)
    assert "1) Mon Jun 1 at 11:00 AM\n2) Mon Jun 1 at 12:00 PM\n3) Tue Jun 2 at 8:00 AM" in offer
    assert offer.endswith("Reply 1, 2 or 3, or NONE if none of those work.")
    outcome = reply(db, cfg, MONDAY_9AM + timedelta(minutes=5), "2")
    assert outcome.what == "booked"
    [visit] = appointments(db)
    assert visit["start_at"] == "2026-06-01T17:00:00.000000Z" and visit["end_at"] == "2026-06-01T18:30:00.000000Z"
    assert crm.get_lead(db, lead_id)["stage"] == "booked"
    assert "You're booked with Lone Star Plumbing: Sam, Mon Jun 1 at 12:00 PM" in last_text(db)


def test_none_of_those_offers_the_next_ones_after_the_last_offered(db, cfg, shop):
    qualified_lead(db, cfg, MONDAY_9AM)
    assert reply(db, cfg, MONDAY_9AM, "none of those work").what == "declined"
    assert "1) Tue Jun 2 at 12:00 PM" in last_text(db)
    reply(db, cfg, MONDAY_9AM, "1")
    assert appointments(db)[0]["start_at"] == "2026-06-02T17:00:00.000000Z"


def test_a_slot_taken_meanwhile_gets_an_apology_and_fresh_slots(db, cfg, shop):
    qualified_lead(db, cfg, MONDAY_9AM)
    qualified_lead(db, cfg, MONDAY_9AM, phone="+15125550124")
    reply(db, cfg, MONDAY_9AM, "1", phone="+15125550124")          # the other customer got 11:00 first
    assert reply(db, cfg, MONDAY_9AM, "1").what == "slot_taken"
    assert "someone just took that time" in [m["body"] for m in messages.conversation(db, CUSTOMER)][-2]
    assert len(appointments(db)) == 1


def desk_slot(technician_id: int, hour: int) -> Slot:
    """A Drain cleaning visit (90 minutes) on Tuesday June 2 at ``hour``, as the desk's calendar offers it."""
    start = datetime(2026, 6, 2, hour, 0, tzinfo=CHI)
    return Slot(technician_id, start, start + timedelta(minutes=90))


def test_a_slot_chosen_at_the_desk_books_with_the_stage_reminder_and_confirmation(db, cfg, shop):
    lead_id = qualified_lead(db, cfg, MONDAY_9AM)               # the customer has an offer open by text
    with transaction(db):
        job = booking.book_slot(db, cfg, MONDAY_9AM, lead_id, "Drain cleaning", desk_slot(shop, 10), actor="maria")
    [visit] = appointments(db)
    assert (visit["id"], visit["start_at"]) == (job, "2026-06-02T15:00:00.000000Z")
    assert crm.get_lead(db, lead_id)["stage"] == "booked"
    assert "You're booked with Lone Star Plumbing: Sam, Tue Jun 2 at 10:00 AM" in last_text(db)
    assert [t["kind"] for t in db.query("SELECT kind FROM tasks WHERE status = 'pending'")] == ["reminder"]
    assert ("booking", "maria") in [(e.kind, e.actor) for e in crm.timeline(db, lead_id)]
    assert reply(db, cfg, MONDAY_9AM, "1").what != "booked", "the offer by text no longer books a second visit"
    assert len(appointments(db)) == 1


def test_a_slot_chosen_at_the_desk_but_taken_meanwhile_is_refused_and_nothing_is_written(db, cfg, shop):
    lead_id = qualified_lead(db, cfg, MONDAY_9AM)
    qualified_lead(db, cfg, MONDAY_9AM, phone="+15125550124")
    reply(db, cfg, MONDAY_9AM, "3", phone="+15125550124")       # the other customer took Tuesday 8:00
    texts = db["messages"].count
    with pytest.raises(booking.SlotTaken), transaction(db):
        booking.book_slot(db, cfg, MONDAY_9AM, lead_id, "Drain cleaning", desk_slot(shop, 9), actor="maria")
    assert len(appointments(db)) == 1 and db["messages"].count == texts
    assert crm.get_lead(db, lead_id)["stage"] == "qualified"


def test_reschedule_by_text_moves_the_same_visit_and_its_reminder(db, cfg, shop):
    qualified_lead(db, cfg, MONDAY_9AM)
    reply(db, cfg, MONDAY_9AM, "3")
    [before] = appointments(db)
    assert reply(db, cfg, MONDAY_9AM + timedelta(hours=1), "R").what == "reschedule_offered"
    assert "Reply 1, 2 or 3" in last_text(db)
    reply(db, cfg, MONDAY_9AM + timedelta(hours=1), "1")
    [after] = appointments(db)
    assert (after["id"], after["uid"]) == (before["id"], before["uid"])
    assert after["start_at"] != before["start_at"] and after["sequence"] == before["sequence"] + 1
    reminders = list(db.query("SELECT status, payload FROM tasks WHERE kind = 'reminder' ORDER BY id"))
    assert [r["status"] for r in reminders] == ["cancelled", "pending"]
    assert json.loads(reminders[1]["payload"])["sequence"] == after["sequence"]


def test_cancel_by_text_frees_the_slot_and_the_lead_goes_back_to_qualified(db, cfg, shop):
    lead_id = qualified_lead(db, cfg, MONDAY_9AM)
    reply(db, cfg, MONDAY_9AM, "1")
    assert reply(db, cfg, MONDAY_9AM, "Please cancel my appointment").what == "cancelled"
    assert appointments(db)[0]["status"] == "cancelled"
    assert crm.get_lead(db, lead_id)["stage"] == "qualified"
    assert booking.find_slots(db, cfg, MONDAY_9AM, "Drain cleaning")[0].start == datetime(2026, 6, 1, 11, tzinfo=CHI)


def poll(db, cfg, now):
    run_due_tasks(db, now, task_handlers(cfg))


def test_reminder_the_day_before_then_c_confirms_on_the_way_done_review_and_one_reminder(db, cfg, shop):
    lead_id = qualified_lead(db, cfg, MONDAY_9AM)
    reply(db, cfg, MONDAY_9AM, "3")                                 # Tuesday 8:00
    poll(db, cfg, MONDAY_9AM + timedelta(minutes=1))          # less than a day ahead: the reminder goes now
    assert "Reply C to confirm or R to reschedule" in last_text(db)
    assert reply(db, cfg, datetime(2026, 6, 1, 9, 30, tzinfo=CHI), "C").what == "confirmed"
    tuesday = datetime(2026, 6, 2, 7, 45, tzinfo=CHI)
    visit_id = appointments(db)[0]["id"]
    assert reply(db, cfg, tuesday, f"OMW {visit_id}", phone=TECH_PHONE).what == "on_the_way"
    assert last_text(db) == "Lone Star Plumbing: Sam is on the way now."
    assert reply(db, cfg, tuesday + timedelta(hours=2), f"DONE {visit_id}", phone=TECH_PHONE).what == "job_done"
    assert crm.get_lead(db, lead_id)["stage"] == "completed"
    poll(db, cfg, tuesday + timedelta(hours=2))
    assert "https://g.page/r/lonestar/review" in last_text(db)
    poll(db, cfg, tuesday + timedelta(days=3, hours=2))
    assert last_text(db).startswith("Hi Dana, Lone Star Plumbing again")
    poll(db, cfg, tuesday + timedelta(days=9))
    reviews = [m for m in messages.conversation(db, CUSTOMER) if m["kind"] == "review"]
    assert len(reviews) == 2


def test_a_reply_to_the_review_request_cancels_the_reminder_and_a_complaint_alerts_the_owner(db, cfg, shop):
    qualified_lead(db, cfg, MONDAY_9AM)
    reply(db, cfg, MONDAY_9AM, "1")
    visit_id = appointments(db)[0]["id"]
    done_at = datetime(2026, 6, 1, 13, 0, tzinfo=CHI)
    reply(db, cfg, done_at, f"done {visit_id}", phone=TECH_PHONE)
    poll(db, cfg, done_at)
    outcome = reply(db, cfg, done_at + timedelta(hours=1), "Terrible job, the drain is still broken")
    assert outcome.what == "complaint"
    alerts = [m["body"] for m in messages.conversation(db, "+15125550111")]
    assert alerts[0].startswith("New lead: Dana")
    assert alerts[1].startswith("Unhappy customer (512) 555-0123") and "still broken" in alerts[1]
    poll(db, cfg, done_at + timedelta(days=5))
    assert len([m for m in messages.conversation(db, CUSTOMER) if m["kind"] == "review"]) == 1


def test_review_requests_are_identical_for_every_customer(db, cfg, shop):
    bodies = []
    for n, phone in enumerate(["+15125550131", "+15125550132"]):
        qualified_lead(db, cfg, MONDAY_9AM, phone=phone)
        reply(db, cfg, MONDAY_9AM, str(n + 1), phone=phone)
    for visit in appointments(db):
        reply(db, cfg, MONDAY_9AM, f"DONE {visit['id']}", phone=TECH_PHONE)
    reply(db, cfg, MONDAY_9AM, "you guys were late and rude", phone="+15125550132")  # before the request
    poll(db, cfg, datetime(2026, 6, 1, 14, tzinfo=CHI))
    for phone in ["+15125550131", "+15125550132"]:
        bodies += [m["body"] for m in messages.conversation(db, phone) if m["kind"] == "review"]
    assert len(bodies) == 2 and bodies[0] == bodies[1]


def test_done_from_an_unknown_number_is_just_a_text(db, cfg, shop):
    qualified_lead(db, cfg, MONDAY_9AM)
    reply(db, cfg, MONDAY_9AM, "1")
    outcome = reply(db, cfg, MONDAY_9AM, f"DONE {appointments(db)[0]['id']}")
    assert outcome.what != "job_done" and appointments(db)[0]["status"] == "booked"


def test_the_database_itself_refuses_an_overlapping_appointment(db, cfg, shop):
    qualified_lead(db, cfg, MONDAY_9AM)
    reply(db, cfg, MONDAY_9AM, "1")
    visit = appointments(db)[0]
    with pytest.raises(Exception, match="double booking"):
        with transaction(db):
            db.execute("INSERT INTO appointments (technician_id, contact_id, service, start_at, end_at, status, uid, "
                       "created_at, updated_at) VALUES (?, ?, 'x', ?, ?, 'booked', 'u2', 'now', 'now')",
                       [visit["technician_id"], visit["contact_id"], visit["start_at"], visit["end_at"]])


RACER = """
import sys
from datetime import datetime
from zoneinfo import ZoneInfo
from appliance.config import parse_config
from appliance.pipeline import booking
from appliance.store.db import connect, transaction
from tests.conftest import SHOP

db = connect(sys.argv[1])
cfg = parse_config({"business": SHOP, "booking": {"min_notice_hours": 2}})
offer = db["slot_offers"].get(int(sys.argv[2]))
now = datetime(2026, 6, 1, 9, tzinfo=ZoneInfo("America/Chicago"))
try:
    with transaction(db):
        booking.book(db, cfg, now, offer, 1)
    print("booked")
except booking.SlotTaken:
    print("taken")
"""


def two_open_offers(path, cfg):
    db = connect(path)
    with transaction(db):
        booking.add_technician(db, "Sam", "mon-fri 08:00-17:00")
    qualified_lead(db, cfg, MONDAY_9AM)
    qualified_lead(db, cfg, MONDAY_9AM, phone="+15125550124")
    offers = [row["id"] for row in db.query("SELECT id FROM slot_offers WHERE status = 'open' ORDER BY id")]
    assert json.loads(db["slot_offers"].get(offers[0])["slots"])[0] == \
        json.loads(db["slot_offers"].get(offers[1])["slots"])[0]       # both were offered the same slot 1
    return db, offers


def test_two_processes_racing_for_one_slot_book_it_once(tmp_path, cfg):
    path = tmp_path / "textback.db"
    db, offers = two_open_offers(path, cfg)
    racers = [subprocess.Popen([sys.executable, "-c", RACER, str(path), str(offer)], stdout=subprocess.PIPE,
                               text=True, cwd=str(__import__("pathlib").Path(__file__).parents[2]))
              for offer in offers]
    results = sorted(racer.communicate(timeout=120)[0].strip() for racer in racers)
    assert results == ["booked", "taken"]
    assert db.execute("SELECT COUNT(*) FROM appointments WHERE status = 'booked'").fetchone()[0] == 1


def test_two_threads_racing_for_one_slot_book_it_once(tmp_path, cfg):
    path = tmp_path / "textback.db"
    _, offers = two_open_offers(path, cfg)
    barrier, results = threading.Barrier(2), []

    def race(offer_id):
        own = connect(path)
        offer = own["slot_offers"].get(offer_id)
        barrier.wait()
        try:
            with transaction(own):
                booking.book(own, cfg, MONDAY_9AM, offer, 1)
            results.append("booked")
        except booking.SlotTaken:
            results.append("taken")

    threads = [threading.Thread(target=race, args=(offer,)) for offer in offers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["booked", "taken"]


def test_the_reminder_goes_the_day_before_but_not_before_noon_on_a_texas_sunday(db, cfg, shop):
    friday = datetime(2026, 5, 29, 9, 0, tzinfo=CHI)
    qualified_lead(db, cfg, friday)
    reply(db, cfg, friday, "3")                                       # Monday 8:00
    assert appointments(db)[0]["start_at"] == "2026-06-01T13:00:00.000000Z"
    poll(db, cfg, datetime(2026, 5, 31, 8, 0, tzinfo=CHI))           # 24 h before: Sunday 8am
    assert "Reply C to confirm" not in last_text(db)
    poll(db, cfg, datetime(2026, 5, 31, 12, 0, tzinfo=CHI))
    assert "Reply C to confirm or R to reschedule" in last_text(db)


def test_the_shops_own_wording_for_offer_confirmation_reminder_on_the_way_and_review(db, tmp_path, shop):
    cfg = make_config(tmp_path, booking={
        "min_notice_hours": 2,
        "offer_template": "Howdy! {business} has these openings:\n{slots}\nText {choices}.",
        "confirmation_template": "All set: job #{job}, {when}, {technician} from {business}.",
        "reminder_template": "{technician} comes {when}. C = confirm, R = new time.",
        "on_the_way_template": "{technician} is rolling your way (job #{job}).",
    }, pipeline={"review_link": "https://g.page/r/lonestar/review",
                 "review_template": "{business} thanks you. Tell the world: {link} Reply STOP to opt out."})
    qualified_lead(db, cfg, MONDAY_9AM)
    assert last_text(db).startswith("Howdy! Lone Star Plumbing has these openings:\n1) Mon Jun 1 at 11:00 AM")
    assert last_text(db).endswith("\nText 1, 2 or 3.")
    reply(db, cfg, MONDAY_9AM, "1")
    assert last_text(db) == "All set: job #1, Mon Jun 1 at 11:00 AM, Sam from Lone Star Plumbing."
    poll(db, cfg, MONDAY_9AM + timedelta(minutes=1))
    assert last_text(db) == "Sam comes Mon Jun 1 at 11:00 AM. C = confirm, R = new time."
    reply(db, cfg, MONDAY_9AM + timedelta(hours=1), "OMW 1", phone=TECH_PHONE)
    assert last_text(db) == "Sam is rolling your way (job #1)."
    reply(db, cfg, MONDAY_9AM + timedelta(hours=4), "DONE 1", phone=TECH_PHONE)
    poll(db, cfg, MONDAY_9AM + timedelta(hours=4))
    assert last_text(db) == ("Lone Star Plumbing thanks you. Tell the world: https://g.page/r/lonestar/review "
                             "Reply STOP to opt out.")
