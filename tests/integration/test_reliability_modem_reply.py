"""A send whose +CMGS answer comes back garbled (issue 7, found by tests/unit/test_fuzz_modem_wire.py):
the driver reports it as maybe sent, like any other send it cannot confirm, instead of letting
an IndexError out of the modem thread; the next send works. The modem simulator on a real pty."""

from __future__ import annotations

import pytest

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
