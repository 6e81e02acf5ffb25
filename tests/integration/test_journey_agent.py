"""Whole customer journeys through the real agent process (`textback run`), the real Asterisk and
the pty modem simulator, on a clock the test moves (MovableTime: libfaketime in the agent).

Nothing below the agent is called: calls are placed on Asterisk, the customer's and the
technician's texts reach the simulated modem, and every assertion reads what the modem sent
(what the customer's phone would show) or the agent's SQLite file. The pipeline polls every
second here ([pipeline] poll_seconds), so a jump of the clock shows within a second or two.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from appliance.clock import iso, parse_iso
from appliance.pipeline import booking
from appliance.sms.simulator import ModemSimulator
from appliance.store.db import connect, transaction
from tests.asterisk.scenarios import BY_NAME, place
from tests.integration.agent_rig import AgentRig, MovableTime, rig_for

pytestmark = [pytest.mark.asterisk, pytest.mark.slow, pytest.mark.timeout(240)]

CHI = ZoneInfo("America/Chicago")
MIAMI = ZoneInfo("America/New_York")
AUSTIN_CUSTOMER = "+15125550123"      # Texas: 9am-9pm, Sundays from noon
MIAMI_CUSTOMER = "+13055550123"       # Florida: 8am-8pm, at most 3 a day
UNPLACEABLE = "+15005550123"          # area code 500 is not geographic: the strictest window
TECH = "+15125550177"
REVIEW_LINK = "https://g.page/r/lonestar/review"
FIRST_TEXT = ("Hi this is Dana Reyes, my kitchen drain is clogged and backing up. "
              "1200 Oak St Austin TX 78704. Any time tomorrow works")
WAIT = 30.0                           # seconds for anything the agent should do "at once"


@dataclass
class Shop:
    """The agent, its clock, and what the people around it do and see."""

    rig: AgentRig
    clock: MovableTime
    asterisk: object

    def start(self) -> None:
        self.rig.start(env=self.clock.env())

    def restart_after_kill(self) -> None:
        self.rig.kill()
        self.start()

    def missed_calls(self, *phones: str) -> None:
        """Each caller rings the shop, nobody answers, each gets the text-back."""
        for phone in phones:
            place(self.asterisk, BY_NAME["textback_no_answer"], f"<{phone[2:]}>")
        for phone in phones:
            assert self.next_text(phone, 0).startswith("Hi, this is Lone Star Plumbing. Sorry we missed your call!")

    def say(self, phone: str, text: str) -> str:
        """``phone`` texts the shop; returns the first text that comes back."""
        before = len(self.texts(phone))
        # The network stamps a text with the time it was sent: the journey's time, not the test run's.
        # With the run's real time, two "3"s a journey-day apart could share a second and so look
        # like one text re-read from the SIM (dropped by the inbox's duplicate guard).
        self.rig.modem.inject_sms(phone, text, when=self.clock.now())
        return self.next_text(phone, before)

    def at(self, moment: datetime) -> None:
        self.clock.set(moment)

    def texts(self, phone: str) -> list[str]:
        return [sent.text for sent in self.rig.texts_to(phone)]

    def next_text(self, phone: str, seen: int, timeout: float = WAIT) -> str:
        """The first text to ``phone`` after the ``seen`` it already had."""
        self.rig.wait_until(lambda: len(self.texts(phone)) > seen, timeout, f"text number {seen + 1} to {phone}")
        return self.texts(phone)[seen]

    def wait_for_text(self, phone: str, containing: str) -> str:
        self.rig.wait_until(lambda: any(containing in text for text in self.texts(phone)), WAIT,
                            f"a text to {phone} containing {containing!r}")
        return next(text for text in self.texts(phone) if containing in text)

    def held_until(self, kind: str, subject: str) -> datetime:
        """A poll after the last jump found the ``kind`` task about ``subject`` (lead:ID,
        appointment:ID) due, and put it off: until when."""
        jumped_at = iso(self.clock.now() - timedelta(seconds=2))

        def deferral() -> list[dict]:
            return self.rig.query(
                "SELECT task_attempts.detail FROM task_attempts JOIN tasks ON tasks.id = task_id "
                "WHERE tasks.kind = ? AND tasks.subject = ? AND outcome = 'deferred' AND at >= ? "
                "ORDER BY task_attempts.id DESC LIMIT 1", (kind, subject, jumped_at))
        self.rig.wait_until(deferral, WAIT, f"the {kind} about {subject} to be put off")
        return parse_iso(deferral()[0]["detail"].rsplit("next try ", 1)[1])

    def settle(self, seconds: float = 3.0) -> None:
        """Let a few polls (one a second) and the outbox run: for checking that nothing is sent."""
        time.sleep(seconds)

    def count(self, phone: str, containing: str) -> int:
        return sum(containing in text for text in self.texts(phone))

    def lead(self, phone: str) -> dict:
        [lead] = self.rig.query("SELECT leads.* FROM leads JOIN contacts ON contacts.id = contact_id "
                                "WHERE phone = ?", (phone,))
        return lead

    def stages(self, phone: str) -> list[str]:
        return [row["summary"] for row in self.rig.query(
            "SELECT summary FROM lead_timeline WHERE lead_id = ? AND kind = 'stage' ORDER BY id",
            (self.lead(phone)["id"],))]

    def add_technician(self, name: str, hours: str, phone: str) -> None:
        """What the office does on the admin page: a row the agent reads."""
        db = connect(self.rig.database)
        with transaction(db):
            booking.add_technician(db, name, hours, phone=phone)
        db.conn.close()


def future_local(weekday: int, hour: int, zone: ZoneInfo = CHI, days_ahead: int = 3) -> datetime:
    """The next ``weekday`` (0 = Monday) at ``hour`` local, at least ``days_ahead`` days from now.
    The shop's clock must run ahead of the real one (see MovableTime)."""
    day = (datetime.now(zone) + timedelta(days=days_ahead)).date()
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def next_spring_forward(zone: ZoneInfo = CHI) -> datetime:
    """Midnight starting the next Sunday on which the clocks go forward (2am becomes 3am)."""
    day = (datetime.now(zone) + timedelta(days=3)).date()
    while True:
        midnight, next_midnight = (datetime(d.year, d.month, d.day, tzinfo=zone)
                                   for d in (day, day + timedelta(days=1)))
        if next_midnight.utcoffset() > midnight.utcoffset():
            return midnight
        day += timedelta(days=1)


def local(moment: datetime, zone: ZoneInfo = CHI) -> datetime:
    return moment.astimezone(zone)


@pytest.fixture
def open_shop(asterisk, tmp_path) -> Iterator[Callable[[datetime], Shop]]:
    """Start the agent with its clock at a given moment (in the future: see MovableTime)."""
    with ModemSimulator(tmp_path, "ec25") as modem:
        rig = rig_for(asterisk, modem, tmp_path, extra_config=f"""
[brain]
use_model = false

[pipeline]
poll_seconds = 1
staff_numbers = ["{TECH}"]
review_link = "{REVIEW_LINK}"
review_reminder_days = 3

[booking]
min_notice_hours = 24
""")

        def open_at(start: datetime) -> Shop:
            shop = Shop(rig, MovableTime(tmp_path, start), asterisk)
            shop.start()
            shop.add_technician("Sam", "mon-fri 08:00-17:00", TECH)
            return shop
        yield open_at
        rig.stop()


@pytest.fixture
def shop(open_shop) -> Shop:
    """The agent on a Monday 9:00 in Austin."""
    return open_shop(future_local(0, 9))


def book_wednesday_8am(shop: Shop) -> tuple[datetime, str]:
    """Monday 9:00: a missed call, one text with everything, slots offered, "3" books Wednesday 8:00.
    Returns the visit's start and the booking confirmation."""
    monday = shop.clock.now()
    shop.missed_calls(AUSTIN_CUSTOMER)
    shop.say(AUSTIN_CUSTOMER, FIRST_TEXT)
    offer = shop.wait_for_text(AUSTIN_CUSTOMER, "Reply 1, 2 or 3")
    wednesday_8am = datetime.combine(local(monday).date() + timedelta(days=2), datetime.min.time().replace(hour=8),
                                     CHI)
    assert f"3) {booking.when(wednesday_8am, 'America/Chicago')}" in offer
    assert shop.lead(AUSTIN_CUSTOMER)["stage"] == "qualified"
    confirmation = shop.say(AUSTIN_CUSTOMER, "3")
    return wednesday_8am, confirmation


def test_missed_call_to_booked_visit_reminder_on_the_way_done_review_and_review_reminder(shop):
    visit, confirmation = book_wednesday_8am(shop)
    assert confirmation.startswith("You're booked with Lone Star Plumbing: Sam") and "(job #1)" in confirmation
    assert shop.lead(AUSTIN_CUSTOMER)["stage"] == "booked"

    # The reminder is due Tuesday 8:00, but Texas quiet hours last until 9:00 there.
    shop.at(visit - timedelta(hours=23, minutes=50))
    assert shop.held_until("reminder", "appointment:1") == datetime.combine(
        local(visit).date() - timedelta(days=1), datetime.min.time().replace(hour=9), CHI)
    assert not any("Reply C" in text for text in shop.texts(AUSTIN_CUSTOMER))
    shop.at(visit - timedelta(hours=22, minutes=55))
    reminder = shop.wait_for_text(AUSTIN_CUSTOMER, "Reply C to confirm or R to reschedule")
    assert reminder.startswith("Reminder from Lone Star Plumbing: Sam is coming")
    assert shop.say(AUSTIN_CUSTOMER, "C").startswith("Thanks, you're confirmed")

    shop.at(visit - timedelta(minutes=20))
    assert shop.say(TECH, "OMW 1") == "Job #1 customer told you're on the way."
    assert shop.texts(AUSTIN_CUSTOMER)[-1] == "Lone Star Plumbing: Sam is on the way now."

    shop.at(visit + timedelta(hours=2))
    assert shop.say(TECH, "DONE 1") == "Job #1 marked done. Thanks!"
    request = shop.wait_for_text(AUSTIN_CUSTOMER, REVIEW_LINK)
    assert request.startswith("Thanks for choosing Lone Star Plumbing!")

    shop.at(visit + timedelta(days=3, hours=2, minutes=1))
    review_reminder = shop.wait_for_text(AUSTIN_CUSTOMER, "we'd love your review")
    assert review_reminder.startswith("Hi Dana Reyes, Lone Star Plumbing again")
    shop.at(visit + timedelta(days=4))
    shop.settle()
    assert sum(REVIEW_LINK in text for text in shop.texts(AUSTIN_CUSTOMER)) == 2, "one request, one reminder"
    assert shop.stages(AUSTIN_CUSTOMER) == ["new -> contacted", "contacted -> qualified", "qualified -> booked",
                                            "booked -> completed"]
    texts = shop.texts(AUSTIN_CUSTOMER)
    assert len(texts) == len(set(texts)), "nothing was sent twice"


def test_reschedule_by_text_moves_the_visit_and_its_reminder(shop):
    visit, _ = book_wednesday_8am(shop)
    shop.at(visit - timedelta(hours=22, minutes=55))                  # Tuesday 9:05
    shop.wait_for_text(AUSTIN_CUSTOMER, "Reply C to confirm or R to reschedule")
    offer = shop.say(AUSTIN_CUSTOMER, "R")
    thursday_8am = visit + timedelta(days=1)
    assert f"3) {booking.when(thursday_8am, 'America/Chicago')}" in offer
    moved = shop.say(AUSTIN_CUSTOMER, "3")
    assert moved.startswith("You're booked with Lone Star Plumbing: Sam") and "(job #1)" in moved
    [appointment] = shop.rig.query("SELECT start_at, status FROM appointments")
    assert (parse_iso(appointment["start_at"]), appointment["status"]) == (thursday_8am, "booked")

    shop.at(thursday_8am - timedelta(hours=22, minutes=55))           # Wednesday 9:05
    shop.wait_for_text(AUSTIN_CUSTOMER, f"coming {booking.when(thursday_8am, 'America/Chicago')}")
    shop.settle()
    assert shop.count(AUSTIN_CUSTOMER, "Reply C to confirm") == 2, "one reminder per booked time"


def test_stop_in_the_middle_of_the_follow_ups_ends_them(shop):
    monday_9am = shop.clock.now()
    shop.missed_calls(AUSTIN_CUSTOMER)
    shop.at(monday_9am + timedelta(hours=3, minutes=1))
    shop.wait_for_text(AUSTIN_CUSTOMER, "Still need a hand?")
    assert "unsubscribed" in shop.say(AUSTIN_CUSTOMER, "STOP")
    shop.at(monday_9am + timedelta(days=2))
    shop.settle()
    assert len(shop.texts(AUSTIN_CUSTOMER)) == 3, "text-back, first follow-up, opt-out confirmation: nothing after"
    assert shop.rig.query("SELECT status FROM tasks WHERE kind = 'followup' ORDER BY id") == [
        {"status": "done"}, {"status": "cancelled"}]


def test_agent_killed_mid_sequence_sends_each_follow_up_exactly_once(shop):
    monday_9am = shop.clock.now()
    shop.missed_calls(AUSTIN_CUSTOMER)
    shop.rig.kill()
    shop.at(monday_9am + timedelta(hours=3, minutes=1))               # the first step fell due while it was down
    shop.start()
    shop.wait_for_text(AUSTIN_CUSTOMER, "Still need a hand?")
    shop.restart_after_kill()
    shop.at(monday_9am + timedelta(days=1, hours=3, minutes=2))
    shop.wait_for_text(AUSTIN_CUSTOMER, "Last check-in from Lone Star Plumbing")
    shop.restart_after_kill()
    shop.settle()
    assert shop.count(AUSTIN_CUSTOMER, "Still need a hand?") == 1
    assert shop.count(AUSTIN_CUSTOMER, "Last check-in") == 1
    assert len(shop.texts(AUSTIN_CUSTOMER)) == 3


def test_a_follow_up_held_overnight_goes_out_at_noon_on_the_sunday_the_clocks_go_forward(open_shop):
    sunday = next_spring_forward()
    shop = open_shop(sunday - timedelta(hours=5))                     # Saturday 19:00
    shop.missed_calls(AUSTIN_CUSTOMER)
    lead = f"lead:{shop.lead(AUSTIN_CUSTOMER)['id']}"
    shop.at(sunday - timedelta(hours=1, minutes=59))                  # Saturday 22:01: past Texas' 9pm
    noon = sunday.replace(hour=12)                                    # CDT, one hour less from midnight
    assert shop.held_until("followup", lead) == noon
    assert noon.astimezone(timezone.utc) - sunday.astimezone(timezone.utc) == timedelta(hours=11)
    shop.at(noon - timedelta(minutes=2))
    shop.settle()
    assert shop.count(AUSTIN_CUSTOMER, "Still need a hand?") == 0
    shop.at(noon + timedelta(minutes=1))
    shop.wait_for_text(AUSTIN_CUSTOMER, "Still need a hand?")
    shop.at(noon + timedelta(days=1, minutes=2))
    shop.wait_for_text(AUSTIN_CUSTOMER, "Last check-in from Lone Star Plumbing")
    shop.settle()
    assert len(shop.texts(AUSTIN_CUSTOMER)) == 3, "text-back and two follow-ups, none twice"


def test_quiet_hours_in_florida_and_for_an_area_code_that_places_nobody(shop):
    """Follow-ups due at 7:30pm in Austin: Texas may still be texted, Florida stops at 8pm
    Eastern, and a number that could be anywhere waits until 9am in Los Angeles."""
    monday_430pm = shop.clock.now() + timedelta(hours=7, minutes=30)
    shop.at(monday_430pm)
    shop.missed_calls(AUSTIN_CUSTOMER, MIAMI_CUSTOMER, UNPLACEABLE)
    leads = {phone: f"lead:{shop.lead(phone)['id']}" for phone in (MIAMI_CUSTOMER, UNPLACEABLE)}
    tuesday = local(monday_430pm).date() + timedelta(days=1)

    shop.at(monday_430pm + timedelta(hours=3, minutes=1))             # 7:31pm Austin, 8:31pm Miami
    shop.wait_for_text(AUSTIN_CUSTOMER, "Still need a hand?")
    assert shop.held_until("followup", leads[MIAMI_CUSTOMER]) == datetime.combine(
        tuesday, datetime.min.time().replace(hour=8), MIAMI)
    assert shop.held_until("followup", leads[UNPLACEABLE]) == datetime.combine(
        tuesday, datetime.min.time().replace(hour=9), ZoneInfo("America/Los_Angeles"))

    shop.at(datetime.combine(tuesday, datetime.min.time().replace(hour=8, minute=1), MIAMI))
    shop.wait_for_text(MIAMI_CUSTOMER, "Still need a hand?")
    assert shop.count(UNPLACEABLE, "Still need a hand?") == 0
    shop.at(datetime.combine(tuesday, datetime.min.time().replace(hour=12, minute=1), MIAMI))
    shop.wait_for_text(UNPLACEABLE, "Still need a hand?")
