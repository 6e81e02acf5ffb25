"""AMI wire format, transcripts, and the outcome rules shared by every telephony source."""

from __future__ import annotations

from pathlib import Path

import pytest

from appliance.telephony.outcome import caller_id, did_or_none, reason_for
from appliance.telephony.transcript import (
    format_transcript,
    parse_transcript,
    read_transcript,
)
from appliance.telephony.wire import (
    AmiFormatError,
    format_message,
    parse_message,
    split_messages,
    variable_header,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ami"


def test_a_message_round_trips_and_keeps_empty_values() -> None:
    fields = {"Event": "Newchannel", "AccountCode": "", "CallerIDName": "Jane: Doe"}
    text = format_message(fields)
    assert text.endswith("\r\n\r\n")
    assert parse_message(text) == fields


def test_a_line_break_in_a_value_cannot_forge_a_header() -> None:
    with pytest.raises(AmiFormatError, match="CallerID"):
        format_message({"Action": "Originate", "CallerID": "x\r\nAction: Command"})


def test_a_line_that_is_not_key_value_is_named() -> None:
    with pytest.raises(AmiFormatError, match="line 2"):
        parse_message("Event: Hangup\nnot a header\n")


def test_messages_are_cut_off_a_stream_only_when_complete() -> None:
    first, second = format_message({"Event": "A"}), format_message({"Event": "B"})
    blocks, rest = split_messages(first + second[:5])
    assert [parse_message(block) for block in blocks] == [{"Event": "A"}]
    assert rest == second[:5]


def test_originate_variables_with_commas_are_quoted() -> None:
    assert variable_header("TEXTBACK_RINGTIME", "3") == "TEXTBACK_RINGTIME=3"
    assert variable_header("TEXTBACK_OPEN_HOURS", "*,*,31,feb") == 'TEXTBACK_OPEN_HOURS="*,*,31,feb"'


def test_every_fixture_transcript_parses_into_events() -> None:
    for path in FIXTURES.glob("*.ami"):
        events = read_transcript(path)
        assert events and all("Event" in event for event in events), path


def test_a_transcript_round_trips() -> None:
    events = read_transcript(FIXTURES / "answered.ami")
    assert parse_transcript(format_transcript(events, ["a description"])) == events


def test_a_broken_transcript_names_the_block() -> None:
    with pytest.raises(AmiFormatError, match="block 2 has no 'Event'"):
        parse_transcript("; comment\n\nEvent: A\n\nResponse: Success\n")
    with pytest.raises(AmiFormatError, match="block 1: line 2"):
        parse_transcript("Event: A\ngarbage\n")


@pytest.mark.parametrize(
    "number, name, presentation, expected",
    [
        ("5125550101", "Jane", "", ("5125550101", "Jane")),
        ("<unknown>", "<unknown>", "", (None, None)),
        ("anonymous", "Anonymous", "", (None, None)),
        ("5125550101", "Jane", "35 (Presentation Prohibited, Network Number)", (None, None)),
        ("5125550101", "", "prohib_passed_screen", (None, None)),
        (" +15125550101 ", "", "allowed_not_screened", ("+15125550101", None)),
    ],
)
def test_caller_id(number, name, presentation, expected) -> None:
    who = caller_id(number, name, presentation)
    assert (who.number, who.name) == expected


def test_did() -> None:
    assert did_or_none("7000") == "7000"
    assert did_or_none("s") is None and did_or_none("") is None


@pytest.mark.parametrize(
    "statuses, pbx_answered, queue_abandoned, reason",
    [
        (["CANCEL", "ANSWER"], False, False, "answered"),  # ring group: the loser is cancelled
        (["ANSWER"], True, True, "answered"),
        (["NOANSWER"], False, False, "no_answer"),
        ([], False, False, "no_answer"),
        (["CANCEL", "CANCEL"], False, False, "caller_hung_up"),
        (["BUSY"], False, False, "busy"),
        (["BUSY", "NOANSWER"], False, False, "no_answer"),
        (["CHANUNAVAIL"], False, False, "unavailable"),
        (["NOANSWER"], True, False, "voicemail"),
        (["CANCEL"], False, True, "queue_abandon"),
    ],
)
def test_reason(statuses, pbx_answered, queue_abandoned, reason) -> None:
    assert reason_for(statuses, pbx_answered=pbx_answered, queue_abandoned=queue_abandoned) == reason
