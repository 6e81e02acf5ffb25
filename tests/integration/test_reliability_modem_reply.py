"""A send whose +CMGS answer comes back garbled (issue 7, found by tests/unit/test_fuzz_modem_wire.py):
the driver reports it as maybe sent, like any other send it cannot confirm, instead of letting
an IndexError out of the modem thread; the next send works. The modem simulator on a real pty."""

from __future__ import annotations

import pytest
import serial

from appliance.sms.errors import SendFailed
from tests.sms_fixtures import modem_pair

CUSTOMER = "+15125550123"


def test_an_unreadable_message_reference_is_reported_as_maybe_sent(tmp_path):
    with modem_pair(tmp_path, "ec25") as (simulator, modem):
        simulator.garble_next_send_reply()
        with pytest.raises(SendFailed) as failure:
            modem.send_sms(CUSTOMER, "did this go out?")
        assert failure.value.maybe_sent, "it did go out: resending blindly would text the customer twice"
        assert "reference" in str(failure.value)
        modem.send_sms(CUSTOMER, "the next one")
        assert [sent.text for sent in simulator.sent_messages()] == ["did this go out?", "the next one"]


def test_a_modem_left_waiting_for_a_pdu_by_a_killed_agent_answers_the_next_one(tmp_path):
    """Found by tests/integration/test_reliability_kill9.py at 100 conversations: the agent died between
    AT+CMGS and the PDU; the modem kept reading every later "AT" as PDU text, and no restart could
    talk to it again until it was power-cycled."""
    with modem_pair(tmp_path, "ec25", open_modem=False) as (simulator, modem):
        with serial.Serial(str(simulator.path), timeout=0.5) as dying_agent:
            for _ in range(20):                         # until the modem has booted
                dying_agent.write(b"AT+CMGF=0\r")
                if b"OK" in dying_agent.read_until(b"OK\r\n"):
                    break
            dying_agent.write(b"AT+CMGS=20\r")
            assert b">" in dying_agent.read_until(b"> ")
        modem.open()                                   # the restarted agent
        modem.send_sms(CUSTOMER, "back in business")
        assert [sent.text for sent in simulator.sent_messages()] == ["back in business"]
