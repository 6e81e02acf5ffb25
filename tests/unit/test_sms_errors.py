"""Modem errors in plain words, and whether retrying the same message can help."""

import pytest

from appliance.sms.at import parse_final
from appliance.sms.errors import CommandFailed, PortGone, SendFailed


@pytest.mark.parametrize("line,temporary,words", [
    ("+CMS ERROR: 38", True, "network is out of order"),
    ("+CMS ERROR: 42", True, "congested"),
    ("+CMS ERROR: 500", True, "unknown error"),
    ("+CMS ERROR: 304", False, "PDU as invalid"),
    ("+CMS ERROR: 305", False, "text-mode"),
    ("+CMS ERROR: 1", False, "does not exist"),
    ("+CMS ERROR: 331", True, "no network"),
    ("+CME ERROR: 10", True, "no SIM card"),
    ("+CME ERROR: 11", True, "needs its PIN"),
    ("+CME ERROR: 14", True, "busy"),
    ("+CME ERROR: 16", False, "PIN is wrong"),
    ("+CME ERROR: 12", False, "PUK"),
    ("+CMS ERROR: 999", True, "error 999"),   # unknown codes keep the message queued
    ("ERROR", True, "answered ERROR"),
])
def test_error_codes_map_to_plain_text(line, temporary, words):
    error = CommandFailed("AT+CMGS=23", parse_final(line))
    assert error.temporary is temporary
    assert words in str(error)
    assert line in str(error)  # the raw code stays visible for whoever debugs it


def test_sim_busy_and_missing_are_recognised():
    assert CommandFailed("AT+CPIN?", parse_final("+CME ERROR: 14")).sim_busy
    assert CommandFailed("AT+CMGS=9", parse_final("+CMS ERROR: 310")).sim_missing
    assert not CommandFailed("AT+CMGS=9", parse_final("+CMS ERROR: 38")).sim_busy


def test_send_failed_keeps_the_parts_that_went_out():
    cause = CommandFailed("AT+CMGS=153", parse_final("+CMS ERROR: 38"))
    error = SendFailed(cause, part=2, parts=3, sent_refs=[41], maybe_sent=False)
    assert error.temporary
    assert error.sent_refs == [41]
    assert error.maybe_sent  # part 1 is out: resending all of it would duplicate part 1
    assert "part 2 of 3" in str(error)


def test_every_error_answers_whether_a_message_may_be_out_and_whether_the_port_is_lost():
    gone = PortGone("/dev/serial/by-id/usb-modem", "the device went away")
    refused = CommandFailed("AT+CMGS=23", parse_final("+CMS ERROR: 38"))
    assert gone.port_lost and not gone.maybe_sent
    assert not refused.port_lost and not refused.maybe_sent
    after_gone = SendFailed(gone, part=1, parts=1, sent_refs=[], maybe_sent=True)
    assert after_gone.port_lost and after_gone.maybe_sent
