"""Conversations over the simulated modem with the real local model loaded in the agent:
slot filling, an emergency that alerts and bridges the on-call technician on the real
Asterisk, and STOP in the middle of it all."""

from __future__ import annotations

import time

import pytest

from appliance.sms.simulator import ModemSimulator
from tests.asterisk.harness import AmiSession
from tests.asterisk.scenarios import BY_NAME, place
from tests.integration.agent_rig import rig_for

pytestmark = pytest.mark.asterisk

CUSTOMER = "+15125554321"
ON_CALL = "+15125559911"       # tests/asterisk/extensions_test.conf answers this cell and presses 1


@pytest.fixture
def agent(asterisk, tmp_path):
    with ModemSimulator(tmp_path, "sim800") as modem:
        rig = rig_for(asterisk, modem, tmp_path, extra_config=f'[brain]\non_call = ["{ON_CALL}"]\n').start()
        rig.wait_until(lambda: (rig.health("model") or {}).get("state") == "loaded", 240, "the model to load")
        yield rig
        rig.stop()


def missed_call_then_text_back(asterisk, agent) -> None:
    place(asterisk, BY_NAME["textback_no_answer"], f"<{CUSTOMER[2:]}>")
    agent.wait_until(lambda: agent.texts_to(CUSTOMER), 30, "the text-back")


def say(agent, text: str) -> str:
    """The customer texts; returns the shop's next reply."""
    before = len(agent.texts_to(CUSTOMER))
    agent.modem.inject_sms(CUSTOMER, text)
    agent.wait_until(lambda: len(agent.texts_to(CUSTOMER)) > before, 30, f"a reply to {text!r}")
    return agent.texts_to(CUSTOMER)[-1].text


def test_slot_filling_asks_for_what_is_missing_one_question_at_a_time(asterisk, agent):
    missed_call_then_text_back(asterisk, agent)
    first = say(agent, "hi my kitchen sink is clogged and backing up")
    assert "?" in first and "address" in first.lower()
    second = say(agent, "4410 Tennyson St, Austin TX 78701")
    assert "?" in second and "name" in second.lower()
    third = say(agent, "this is Abdullah Rahimi")
    assert "?" in third and "when" in third.lower()
    say(agent, "tomorrow morning works")
    [lead] = agent.query("SELECT * FROM leads")
    assert lead["stage"] == "qualified"
    assert "Tennyson" in (lead["fields"] or "") and "Abdullah Rahimi" in (lead["fields"] or "")
    replies = [m.text for m in agent.texts_to(CUSTOMER)]
    assert len(replies) == len(set(replies)), "never the same question twice in a row"


def test_gas_smell_gets_safety_advice_an_on_call_alert_and_a_bridged_call(asterisk, agent):
    events = AmiSession(asterisk.admin, events="user")
    try:
        missed_call_then_text_back(asterisk, agent)
        reply = say(agent, "i smell gas in the basement, pretty strong")
        assert "leave" in reply.lower() and "911" in reply
        agent.wait_until(lambda: agent.texts_to(ON_CALL), 30, "the on-call technician's alert")
        alert = agent.texts_to(ON_CALL)[0].text
        assert "EMERGENCY" in alert and "(512) 555-4321" in alert
        bridged = events.wait_event("UserEvent", 60)
        while bridged.get("UserEvent") != "TextbackBridge":
            bridged = events.wait_event("UserEvent", 60)
        assert bridged["Accepted"] == "yes" and bridged["Customer"] == CUSTOMER[1:]
    finally:
        events.close()


def test_stop_mid_conversation_confirms_once_then_silence(asterisk, agent):
    missed_call_then_text_back(asterisk, agent)
    say(agent, "need a quote on a new water heater")
    confirmation = say(agent, "STOP")
    assert "unsubscribed" in confirmation
    before = len(agent.texts_to(CUSTOMER))
    agent.modem.inject_sms(CUSTOMER, "hello? also my address is 12 Oak St")
    agent.modem.inject_sms(CUSTOMER, "STOP")
    time.sleep(4)
    assert len(agent.texts_to(CUSTOMER)) == before
    assert [r["action"] for r in agent.query("SELECT action FROM consent")] == ["opt_out"]
