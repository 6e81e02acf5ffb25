"""The bot's memory of a conversation (whether it alerted the on-call technician, what it asked,
whether it handed off) belongs to one lead: a customer's next job starts afresh. Consent and the
daily cap belong to the person and carry across their leads."""

import json

import pytest

from appliance.clock import iso
from appliance.pipeline import crm, flow
from appliance.pipeline.missed_calls import EndedCall, handle_ended_call
from appliance.store import consent, messages
from appliance.store.db import connect, transaction
from appliance.store.migrations import MIGRATIONS, schema_version
from tests.conftest import database_at_schema, make_config
from tests.unit.test_compliance_keywords_flow import CUSTOMER, receive
from tests.unit.test_pipeline_conversation import EVERYTHING, alerts

ON_CALL = "+15125550199"


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path, brain={"on_call": [ON_CALL]})


def leads(db):
    return [(row["id"], row["stage"]) for row in db.query("SELECT id, stage FROM leads ORDER BY id")]


def close(db, config, clock, how):
    """The owner closes the customer's only open lead: the job done, or lost."""
    [(lead_id, _)] = [lead for lead in leads(db) if lead[1] not in ("completed", "lost")]
    with transaction(db):
        if how == "completed":
            flow.change_stage(db, config, clock.now(), lead_id, "booked", "owner")
            flow.change_stage(db, config, clock.now(), lead_id, "completed", "owner")
        else:
            flow.change_stage(db, config, clock.now(), lead_id, "lost", "owner", "fixed it themselves")


def weeks_later_a_missed_call(db, config, clock, linkedid):
    clock.advance(days=40)
    handle_ended_call(db, config, EndedCall(linkedid, CUSTOMER, True, "no_answer", "ami"), clock.now())
    clock.advance(minutes=2)


def replies_since(db, message_id):
    return [row["body"] for row in db.query(
        "SELECT body FROM messages WHERE direction = 'out' AND phone = ? AND id > ? ORDER BY id",
        [CUSTOMER, message_id])]


def last_message_id(db):
    return db.execute("SELECT MAX(id) FROM messages").fetchone()[0]


@pytest.mark.parametrize("how", ["completed", "lost"])
def test_a_new_emergency_on_a_new_lead_alerts_the_on_call_technician_again(db, config, clock, how):
    weeks_later_a_missed_call(db, config, clock, "100.1")
    receive(db, config, clock, "gas smell in the kitchen, 1200 Oak St Austin TX 78704")
    assert len(alerts(db)) == 1
    close(db, config, clock, how)
    weeks_later_a_missed_call(db, config, clock, "200.1")
    assert len(leads(db)) == 2, "the new call is a new lead"
    receive(db, config, clock, "water is pouring through the ceiling onto the electrical panel, 1200 Oak St")
    assert len(alerts(db)) == 2, "the on-call technician hears of the new emergency"
    assert ON_CALL in [row["phone"] for row in db.query("SELECT phone FROM messages WHERE kind = 'alert'")]


def test_within_one_lead_the_emergency_is_still_alerted_only_once(db, config, clock):
    receive(db, config, clock, "gas smell in the kitchen, 1200 Oak St Austin TX 78704")
    receive(db, config, clock, "the gas smell is getting stronger")
    assert len(alerts(db)) == 1


def test_a_new_job_after_a_completed_one_is_qualified_afresh_not_ignored(db, config, clock):
    receive(db, config, clock, EVERYTHING)
    assert leads(db) == [(1, "qualified")]
    close(db, config, clock, "completed")
    weeks_later_a_missed_call(db, config, clock, "300.1")
    before = last_message_id(db)
    receive(db, config, clock, "the water heater in the garage is leaking now")
    [answer] = replies_since(db, before)
    assert "address" in answer.lower(), "the bot asks about the new job instead of staying silent"


def test_an_opted_out_number_stays_opted_out_on_its_next_lead(db, config, clock):
    receive(db, config, clock, "my kitchen drain is clogged")
    receive(db, config, clock, "STOP")
    close(db, config, clock, "lost")
    before = last_message_id(db)
    weeks_later_a_missed_call(db, config, clock, "400.1")
    receive(db, config, clock, "my kitchen drain is clogged again")
    assert len(leads(db)) == 2
    assert replies_since(db, before) == [], "no text-back and no reply to an opted-out number"
    assert consent.is_opted_out(db, CUSTOMER)


def test_the_daily_cap_counts_the_persons_texts_across_their_leads(db, config, clock):
    receive(db, config, clock, "my kitchen drain is clogged")
    with transaction(db):
        for _ in range(10):
            messages.enqueue(db, clock.now(), phone=CUSTOMER, body="automated reply", kind="reply", priority=5)
    close(db, config, clock, "lost")
    clock.advance(hours=1)
    with transaction(db):
        flow.on_inbound_lead(db, config, clock.now(), CUSTOMER)
    before = last_message_id(db)
    receive(db, config, clock, "my water heater is leaking")
    assert replies_since(db, before) == [], "ten automated texts today: no more until tomorrow"
    clock.advance(days=1)
    receive(db, config, clock, "hello? the water heater is leaking")
    assert len(replies_since(db, before)) == 1



# -- upgrading a database whose memory was kept per number (schema 9) -------------------------

ALERTED = json.dumps({"escalated": True, "on_call_has_address": True, "asked": []})


def upgraded_with_memory(path, clock, stage):
    """A schema-9 database: the customer's lead at ``stage``, and the number's memory that the
    on-call technician was alerted; then opened as the agent does at start."""
    old = database_at_schema(path, 9)
    with transaction(old):
        lead_id = crm.open_lead(old, clock.now(), CUSTOMER, "inbound_text")
        old.execute("UPDATE leads SET stage = ? WHERE id = ?", [stage, lead_id])
        old.execute("INSERT INTO conversation_states (phone, state, updated_at) VALUES (?, ?, ?)",
                    [CUSTOMER, ALERTED, iso(clock.now())])
    old.conn.close()
    clock.advance(minutes=5)
    return connect(path)


def test_after_the_upgrade_an_open_leads_emergency_is_not_alerted_twice(tmp_path, config, clock):
    db = upgraded_with_memory(tmp_path / "old.db", clock, "new")
    assert schema_version(db) == len(MIGRATIONS)
    receive(db, config, clock, "gas smell in the kitchen is getting stronger, 1200 Oak St Austin TX 78704")
    assert alerts(db) == [], "the technician was alerted before the upgrade"
    db.conn.close()


def test_after_the_upgrade_a_closed_leads_emergency_does_not_silence_the_next(tmp_path, config, clock):
    db = upgraded_with_memory(tmp_path / "old.db", clock, "lost")
    weeks_later_a_missed_call(db, config, clock, "500.1")
    receive(db, config, clock, "gas smell in the kitchen, 1200 Oak St Austin TX 78704")
    assert len(alerts(db)) == 1
    db.conn.close()
