"""CRM: contacts merged by phone, stage rules, job value and priority, the lead's timeline."""

import pytest

from appliance.brain.profile import PricedService
from appliance.pipeline import crm
from appliance.pipeline.stages import StageError, check_transition, estimate_value, priority_for
from appliance.store import messages
from appliance.store.db import transaction

PRICES = [PricedService("Water heater replacement", 1400, 3500), PricedService("Drain cleaning", 125, 350)]
PHONE = "+15125550123"


def test_stages_move_forward_and_lost_needs_a_reason():
    check_transition("new", "contacted")
    check_transition("new", "qualified")                # a customer who texted first
    check_transition("booked", "qualified")             # the booking was cancelled
    with pytest.raises(StageError, match="cannot become new"):
        check_transition("booked", "new")
    with pytest.raises(StageError, match="needs a reason"):
        check_transition("qualified", "lost")
    with pytest.raises(StageError, match="not a stage"):
        check_transition("new", "won")
    with pytest.raises(StageError, match="finished"):
        check_transition("reviewed", "booked")


def test_job_value_is_the_middle_of_the_price_range_and_drives_priority():
    assert estimate_value("water heater replacement", PRICES) == 2450
    assert estimate_value("Roof replacement", PRICES) is None
    assert priority_for(False, 2450) == "high"
    assert priority_for(False, 238) == "normal"
    assert priority_for(True, None) == "urgent"


def test_one_contact_and_one_open_lead_per_phone(db, clock):
    with transaction(db):
        first = crm.open_lead(db, clock.now(), PHONE, "missed_call")
        second = crm.open_lead(db, clock.now(), PHONE, "inbound_text")
        other = crm.open_lead(db, clock.now(), "+15125550199", "manual")
    assert first == second != other
    assert db.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 2


def test_a_finished_lead_makes_room_for_a_new_one(db, clock):
    with transaction(db):
        first = crm.open_lead(db, clock.now(), PHONE, "missed_call")
        crm.set_stage(db, clock.now(), first, "lost", "owner", reason="price too high")
        second = crm.open_lead(db, clock.now(), PHONE, "missed_call")
    assert second != first
    assert crm.get_lead(db, first)["lost_reason"] == "price too high"


def test_extraction_sets_service_value_priority_and_the_contact_name(db, clock):
    with transaction(db):
        lead_id = crm.open_lead(db, clock.now(), PHONE, "missed_call")
        crm.record_extraction(db, clock.now(), lead_id, {
            "intent": "new_installation", "service": "Water heater replacement", "urgency": "normal",
            "name": "Dana"}, PRICES)
    lead = crm.get_lead(db, lead_id)
    assert (lead["service"], lead["estimated_value"], lead["priority"], lead["name"]) == (
        "Water heater replacement", 2450, "high", "Dana")


def test_the_timeline_tells_the_whole_story_in_order(db, clock):
    with transaction(db):
        lead_id = crm.open_lead(db, clock.now(), PHONE, "missed_call")
        contact_id = crm.get_lead(db, lead_id)["contact_id"]
        messages.enqueue(db, clock.now(), phone=PHONE, body="Sorry we missed you", kind="textback",
                         priority=1, contact_id=contact_id)
    clock.advance(minutes=2)
    with transaction(db):
        messages.record_inbound(db, clock.now(), phone=PHONE, body="My drain is clogged", contact_id=contact_id)
    clock.advance(seconds=3)
    with transaction(db):
        crm.record_extraction(db, clock.now(), lead_id, {"intent": "service_request",
                                                          "service": "Drain cleaning"}, PRICES)
    clock.advance(minutes=1)
    with transaction(db):
        crm.set_stage(db, clock.now(), lead_id, "qualified", "ai")
    clock.advance(minutes=5)
    with transaction(db):
        crm.note(db, clock.now(), lead_id, "note", "maria", "called back, wants Tuesday")
    entries = crm.timeline(db, lead_id)
    assert [(e.kind, e.actor) for e in entries] == [
        ("created", "system"), ("text out (textback, queued)", "system"), ("text in", "customer"),
        ("extraction", "ai"), ("stage", "ai"), ("note", "maria")]
    assert entries[4].summary == "new -> qualified"


def test_a_refused_stage_change_changes_nothing(db, clock):
    with transaction(db):
        lead_id = crm.open_lead(db, clock.now(), PHONE, "missed_call")
    with pytest.raises(StageError):
        with transaction(db):
            crm.set_stage(db, clock.now(), lead_id, "reviewed", "owner")
    assert crm.get_lead(db, lead_id)["stage"] == "new"
    assert [e.kind for e in crm.timeline(db, lead_id)] == ["created"]


def test_the_brains_service_words_find_their_price_list_entry():
    from appliance.brain.profile import default_profile
    from appliance.pipeline.stages import match_service

    plumbing = default_profile("plumbing", "x").services
    hvac = default_profile("hvac", "x").services
    assert match_service("drain repair (clogged/slow drain, backing up)", plumbing).name == "Drain cleaning"
    assert match_service("AC not cooling", hvac).name == "AC repair"
    assert match_service("drain repair (clogged/slow drain, backing up)", hvac) is None
    assert match_service("roof leak", plumbing).name == "Leak repair"
    assert match_service("gutters", plumbing) is None
