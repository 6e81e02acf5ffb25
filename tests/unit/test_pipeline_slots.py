"""Slot generation and the short replies around booking: pure functions, table-driven."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from appliance.pipeline.hours import parse_hours
from appliance.pipeline.replies import (
    CANCEL_VISIT, CONFIRM, NONE_WORK, RESCHEDULE, Choice, StaffCommand, is_complaint, reading_for_appointment,
    reading_for_offer, staff_command,
)
from appliance.pipeline.slots import Availability, Interval, SlotRules, free_slots, spread

CHI = ZoneInfo("America/Chicago")
RULES = SlotRules(duration=timedelta(hours=2), travel_buffer=timedelta(minutes=30), grid=timedelta(minutes=30),
                  timezone="America/Chicago")
HOURS = tuple(parse_hours("mon-fri 08:00-17:00"))


def at(day, hour, minute=0):
    return datetime(2026, 6, day, hour, minute, tzinfo=CHI)    # 1 June 2026 is a Monday


def starts(slots):
    return [(s.start.day, s.start.hour, s.start.minute) for s in slots]


def test_slots_fill_working_hours_on_the_grid_and_end_before_closing():
    slots = free_slots([Availability(1, HOURS)], RULES, at(1, 8), at(2, 0))
    assert starts(slots)[0] == (1, 8, 0) and starts(slots)[-1] == (1, 15, 0)
    assert len(slots) == 15


def test_a_job_blocks_its_time_plus_the_travel_buffer_on_both_sides():
    job = Interval(at(1, 11), at(1, 13))
    slots = free_slots([Availability(1, HOURS, jobs=(job,))], RULES, at(1, 8), at(2, 0))
    assert (1, 8, 30) in starts(slots) and (1, 9, 0) not in starts(slots)    # 9-11 would leave no buffer
    assert (1, 13, 0) not in starts(slots) and (1, 13, 30) in starts(slots)


def test_time_off_blocks_exactly_and_weekends_are_closed():
    off = Interval(at(5, 8), at(5, 12))             # Friday morning off
    slots = free_slots([Availability(1, HOURS, time_off=(off,))], RULES, at(5, 8), at(8, 9))
    assert starts(slots)[0] == (5, 12, 0)
    assert {d for d, _, _ in starts(slots)} == {5, 8}    # nothing on Saturday 6 or Sunday 7


def test_two_technicians_both_offer_and_the_offers_spread_over_half_days():
    techs = [Availability(1, HOURS), Availability(2, tuple(parse_hours("mon-fri 12:00-18:00")))]
    slots = free_slots(techs, RULES, at(1, 10), at(3, 0))
    offered = spread(slots, 3, "America/Chicago")
    assert [(s.technician_id, s.start) for s in offered] == [(1, at(1, 10)), (1, at(1, 12)), (1, at(2, 8))]
    assert {s.technician_id for s in slots if s.start == at(1, 12)} == {1, 2}


@pytest.mark.parametrize("text, options, reading", [
    ("2", 3, Choice(2)), (" #1 ", 3, Choice(1)), ("3 please", 3, Choice(3)), ("4", 3, None),
    ("None of those work", 3, NONE_WORK), ("neither, sorry", 2, NONE_WORK), ("any other days?", 3, NONE_WORK),
    ("can I reschedule", 3, RESCHEDULE), ("what's the price?", 3, None),
])
def test_replies_to_an_offer(text, options, reading):
    assert reading_for_offer(text, options) == reading


@pytest.mark.parametrize("text, reading", [
    ("C", CONFIRM), ("c.", CONFIRM), ("Confirm", CONFIRM), ("yes", CONFIRM), ("R", RESCHEDULE),
    ("need to reschedule", RESCHEDULE), ("Can we do a different day?", RESCHEDULE),
    ("please cancel my appointment", CANCEL_VISIT), ("I need to cancel the visit", CANCEL_VISIT),
    ("is the tech bringing parts?", None), ("yes but can you call first", None),
])
def test_replies_about_a_booked_visit(text, reading):
    assert reading_for_appointment(text) == reading


def test_done_and_on_the_way_from_a_technician_and_complaints():
    assert staff_command("DONE 42") == StaffCommand("job_done", 42)
    assert staff_command("done #7") == StaffCommand("job_done", 7)
    assert staff_command("OMW 42") == StaffCommand("on_the_way", 42)
    assert staff_command("on my way #3") == StaffCommand("on_the_way", 3)
    assert staff_command("done") is None and staff_command("I'm done 4 today") is None
    assert staff_command("omw") is None and staff_command("on my way home 4 u") is None
    assert is_complaint("Worst service ever, the sink is still leaking and the tech was rude")
    assert is_complaint("I want a refund")
    assert not is_complaint("Thanks, great job!")
