"""STOP / START / HELP end to end through the store: consent ledger, one confirmation, silence."""

import asyncio

from appliance.conversation import Conversations
from appliance.sms.inbox import Part, assemble_messages, store_part
from appliance.sms.outbox import Outbox
from appliance.sms.send_policy import SendLimits
from appliance.store import consent, messages
from appliance.store.db import transaction
from tests.conftest import make_config

CUSTOMER = "+15125550123"
ON_CALL = "+15125550199"


def receive(db, config, clock, text):
    store_part(db, clock.now(), Part(CUSTOMER, text, smsc_time=str(clock.now())))
    conversations = Conversations(db, lambda: config, clock, wake_outbox=lambda: None)
    for message_id in assemble_messages(db, clock.now(), "US"):
        asyncio.run(conversations.handle_inbound(message_id))
    clock.advance(seconds=1)


def outbound(db):
    return [(m["kind"], m["status"], m["body"]) for m in db.query(
        "SELECT * FROM messages WHERE direction = 'out' ORDER BY id")]


def test_stop_confirms_once_cancels_pending_and_is_recorded(db, config, clock):
    with transaction(db):
        messages.enqueue(db, clock.now(), phone=CUSTOMER, body="follow-up", kind="followup", priority=5)
    receive(db, config, clock, "STOP")
    receive(db, config, clock, "stop!!")
    receive(db, config, clock, "please stop texting me")
    sent = outbound(db)
    assert sent[0][:2] == ("followup", "cancelled")
    confirmations = [m for m in sent if m[0] == "compliance"]
    assert len(confirmations) == 1 and "unsubscribed" in confirmations[0][2]
    assert consent.is_opted_out(db, CUSTOMER)
    assert [r["action"] for r in db.query("SELECT action FROM consent")] == ["opt_out"]


def test_start_after_stop_resubscribes_and_is_recorded(db, config, clock):
    receive(db, config, clock, "Stop")
    receive(db, config, clock, "START")
    assert not consent.is_opted_out(db, CUSTOMER)
    assert [r["action"] for r in db.query("SELECT action FROM consent ORDER BY id")] == ["opt_out", "opt_in"]
    assert "subscribed again" in outbound(db)[-1][2]


def test_yes_resubscribes_only_after_an_opt_out(db, config, clock):
    receive(db, config, clock, "yes")
    assert db["consent"].count == 0
    assert [m for m in outbound(db) if m[0] == "compliance"] == []


def test_help_names_the_business_its_number_and_how_to_stop(db, config, clock):
    receive(db, config, clock, "HELP")
    [(kind, status, body)] = outbound(db)
    assert "Lone Star Plumbing" in body and "(512) 555-0100" in body and "STOP" in body


def test_no_automated_text_reaches_an_opted_out_number_whatever_queued_it(db, config, clock):
    receive(db, config, clock, "unsubscribe")
    with transaction(db):
        late = messages.enqueue(db, clock.now(), phone=CUSTOMER, body="late follow-up", kind="followup",
                                priority=5)
    sent = []

    async def send(phone, body):
        sent.append(body)
        return [1]

    outbox = Outbox(db, clock, SendLimits(seconds_between_sends=0), send)
    for _ in range(3):
        asyncio.run(outbox.send_next())
    assert len(sent) == 1 and "unsubscribed" in sent[0]
    assert db["messages"].get(late)["status"] == "cancelled"


def test_an_opt_out_that_reports_a_danger_still_alerts_the_on_call_technician(tmp_path, db, clock):
    """The customer's texts stop; the gas leak they told us about in the same breath still reaches a person."""
    config = make_config(tmp_path, brain={"on_call": [ON_CALL]})
    receive(db, config, clock, "stop texting me and just send someone, I smell gas by the furnace")
    assert consent.is_opted_out(db, CUSTOMER)
    to_customer = [m for m in db.query("SELECT * FROM messages WHERE direction = 'out' AND phone = ?", [CUSTOMER])]
    assert [m["kind"] for m in to_customer] == ["compliance"]
    [alert] = db.query("SELECT * FROM messages WHERE direction = 'out' AND phone = ?", [ON_CALL])
    assert "EMERGENCY (gas)" in alert["body"] and "(512) 555-0123" in alert["body"]


def test_a_plain_opt_out_alerts_nobody(tmp_path, db, clock):
    config = make_config(tmp_path, brain={"on_call": [ON_CALL]})
    receive(db, config, clock, "please stop texting me, we had it fixed")
    assert [m["phone"] for m in db.query("SELECT phone FROM messages WHERE direction = 'out'")] == [CUSTOMER]
