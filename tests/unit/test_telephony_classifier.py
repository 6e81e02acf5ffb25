"""The missed-call classifier on real AMI transcripts from Asterisk 22 (tests/fixtures/ami/)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appliance.telephony.classifier import MissedCallClassifier, Unobserved, Verdict
from appliance.telephony.outcome import CallOutcome
from appliance.telephony.transcript import read_transcript
from appliance.telephony.wire import AmiMessage

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ami"


def events_of(name: str) -> list[AmiMessage]:
    return read_transcript(FIXTURES / name)


def replay(events: list[AmiMessage], classifier: MissedCallClassifier | None = None, start: float = 1000.0):
    classifier = classifier or MissedCallClassifier()
    verdicts: list[Verdict] = []
    for index, event in enumerate(events):
        verdicts += classifier.feed(event, start + index)
    return verdicts


@dataclass(frozen=True)
class Expected:
    missed: bool
    reason: str
    caller: str | None
    did: str
    source: str = "ami"
    name: str | None = None
    after_hours: bool | None = None


TRANSCRIPTS = {
    # The shared recordings: a stock ring group, no help from our dialplan.
    "no-answer.ami": Expected(True, "no_answer", "5125550101", "7000"),
    "caller-hangs-up-while-ringing.ami": Expected(True, "caller_hung_up", "5125550102", "7001"),
    "answered.ami": Expected(False, "answered", "5125550103", "7002"),
    "voicemail.ami": Expected(True, "voicemail", "5125550104", "7003"),
    "ring-group-one-answers.ami": Expected(False, "answered", "5125550105", "7004"),
    # Ours, recorded by tests/asterisk/record_transcripts.py.
    "stock-busy.ami": Expected(True, "busy", "5125550206", "7005", name="Busy Caller"),
    "stock-queue-abandon.ami": Expected(True, "queue_abandon", "5125550207", "7006", name="Queue Caller"),
    "anonymous-no-answer.ami": Expected(True, "no_answer", None, "7000"),
    "textback-caller-hangs-up.ami": Expected(
        True, "caller_hung_up", "5125550210", "5125550000", "userevent", "Jane, Doe", after_hours=False
    ),
    "textback-after-hours.ami": Expected(
        True, "voicemail", "5125550215", "5125550000", "userevent", "Night Owl", after_hours=True
    ),
    "textback-simulate.ami": Expected(True, "no_answer", "5125550216", "5125550000", "userevent", after_hours=False),
}


@pytest.mark.parametrize("name", sorted(TRANSCRIPTS))
def test_each_transcript_yields_exactly_its_outcome(name: str) -> None:
    events = events_of(name)
    verdicts = replay(events)
    expected = TRANSCRIPTS[name]
    assert len(verdicts) == 1, verdicts
    outcome = verdicts[0]
    assert isinstance(outcome, CallOutcome)
    assert (outcome.missed, outcome.reason, outcome.source) == (expected.missed, expected.reason, expected.source)
    assert (outcome.caller_number, outcome.caller_name) == (expected.caller, expected.name)
    assert outcome.did == expected.did
    assert outcome.after_hours == expected.after_hours
    assert outcome.linkedid == events[0]["Linkedid"]
    assert outcome.started_at == 1000.0 and outcome.ended_at > outcome.started_at


def test_an_internal_call_is_never_a_missed_call() -> None:
    assert replay(events_of("internal-call.ami")) == []


@pytest.mark.parametrize(
    "name, reason",
    [("textback-caller-hangs-up.ami", "caller_hung_up"), ("textback-after-hours.ami", "voicemail")],
)
def test_without_our_userevent_the_events_alone_reach_the_same_verdict(name: str, reason: str) -> None:
    events = [event for event in events_of(name) if event.get("Event") != "UserEvent"]
    [outcome] = replay(events)
    assert (outcome.missed, outcome.reason, outcome.source) == (True, reason, "ami")


def test_the_userevent_decides_before_the_call_is_over() -> None:
    events = events_of("textback-caller-hangs-up.ami")
    position = next(i for i, event in enumerate(events) if event.get("Event") == "UserEvent")
    classifier = MissedCallClassifier()
    assert replay(events[:position], classifier) == []
    [outcome] = classifier.feed(events[position], 2000.0)
    assert outcome.source == "userevent" and outcome.ended_at == 2000.0
    assert replay(events[position + 1 :], classifier) == []  # the root's Hangup adds nothing


def test_a_withheld_number_is_not_kept() -> None:
    events = events_of("no-answer.ami")
    for event in events:
        if event.get("Event") == "NewCallerid" and event["Uniqueid"] == event["Linkedid"]:
            event["CID-CallingPres"] = "35 (Presentation Prohibited, Network Number)"
    [outcome] = replay(events)
    assert outcome.missed and outcome.caller_number is None


def test_calls_interleaved_on_one_stream_are_told_apart() -> None:
    streams = [events_of(name) for name in ("no-answer.ami", "answered.ami", "stock-busy.ami", "internal-call.ami")]
    merged = []
    for index in range(max(map(len, streams))):
        merged += [stream[index] for stream in streams if index < len(stream)]
    verdicts = replay(merged)
    assert sorted((v.caller_number, v.reason) for v in verdicts) == [
        ("5125550101", "no_answer"),
        ("5125550103", "answered"),
        ("5125550206", "busy"),
    ]


def test_a_call_that_began_before_we_listened_is_left_to_the_cdr() -> None:
    events = events_of("no-answer.ami")
    start = next(i for i, event in enumerate(events) if event.get("Event") == "DialBegin" and "Channel" in event)
    verdicts = replay(events[start:])
    assert verdicts == [Unobserved(events[0]["Linkedid"], 1000.0 + len(events) - start - 1)]


def test_after_a_dropped_connection_an_unanswered_call_is_left_to_the_cdr() -> None:
    events = events_of("no-answer.ami")
    dial_end = next(i for i, event in enumerate(events) if event.get("Event") == "DialEnd" and "Channel" in event)
    classifier = MissedCallClassifier()
    replay(events[:dial_end], classifier)
    classifier.connection_lost()
    # The DialEnds were lost in the gap; an ANSWER might have been among them.
    after_gap = [event for event in events[dial_end:] if event.get("Event") != "DialEnd"]
    [verdict] = replay(after_gap, classifier)
    assert verdict == Unobserved(events[0]["Linkedid"], verdict.ended_at)


def test_after_a_dropped_connection_an_answer_we_saw_still_counts() -> None:
    events = events_of("answered.ami")
    answered = next(i for i, event in enumerate(events) if event.get("DialStatus") == "ANSWER")
    classifier = MissedCallClassifier()
    replay(events[: answered + 1], classifier)
    classifier.connection_lost()
    [outcome] = replay(events[answered + 1 :], classifier)
    assert isinstance(outcome, CallOutcome) and not outcome.missed


def test_inbound_contexts_are_patterns() -> None:
    events = events_of("no-answer.ami")
    assert replay(events, MissedCallClassifier(["from-pstn*"])) == []
    for event in events:
        if event.get("Context") == "from-trunk":
            event["Context"] = "from-pstn-e164-us"
    [outcome] = replay(events, MissedCallClassifier(["from-pstn*"]))
    assert outcome.missed


def test_calls_that_never_end_are_forgotten_and_memory_stays_bounded() -> None:
    classifier = MissedCallClassifier(max_call_seconds=3600, max_finished=100)
    for number in range(5000):
        linkedid = f"1700000000.{number}"
        root = {"Event": "Newchannel", "Uniqueid": linkedid, "Linkedid": linkedid, "Context": "from-trunk"}
        classifier.feed(root, 1000.0 + number * 0.01)
    assert classifier.calls_in_progress == 5000
    classifier.feed({"Event": "Ping"}, 1000.0 + 3600 + 120)
    assert classifier.calls_in_progress == 0
    # Outbound calls are remembered (to ignore their events) only up to max_finished.
    for number in range(500):
        linkedid = f"1700000001.{number}"
        classifier.feed({"Event": "Newchannel", "Uniqueid": linkedid, "Linkedid": linkedid, "Context": "x"}, 9000.0)
    assert len(classifier._finished) == 100


def test_a_channel_relabelled_to_another_linkedid_still_ends_its_call() -> None:
    events = events_of("no-answer.ami")
    linkedid = events[0]["Linkedid"]
    for event in events:
        if event.get("Event") == "Hangup" and event["Uniqueid"] != linkedid:
            event["Linkedid"] = "1795799999.1"  # as after a transfer between calls
    [outcome] = replay(events)
    assert outcome.linkedid == linkedid and outcome.reason == "no_answer"


EVENT_NAMES = ["Newchannel", "NewCallerid", "DialBegin", "DialEnd", "Newstate", "Hangup", "QueueCallerAbandon",
               "UserEvent", "OriginateResponse", "VarSet"]  # fmt: skip
IDS = ["1.0", "1.1", "1.2", "2.0", "2.1", ""]
event_strategy = st.fixed_dictionaries(
    {"Event": st.sampled_from(EVENT_NAMES)},
    optional={
        "Uniqueid": st.sampled_from(IDS),
        "Linkedid": st.sampled_from(IDS),
        "Channel": st.sampled_from(["Local/x@y-1;1", ""]),
        "Context": st.sampled_from(["from-trunk", "from-internal", "textback-inbound", ""]),
        "Exten": st.sampled_from(["7000", "s", "", "+15125550100"]),
        "DialStatus": st.sampled_from(["ANSWER", "NOANSWER", "CANCEL", "BUSY", "CHANUNAVAIL", "", "garbage"]),
        "ChannelState": st.sampled_from(["4", "5", "6", "x"]),
        "UserEvent": st.sampled_from(["TextbackMissed", "Other"]),
        "CallerIDNum": st.text(max_size=12),
        "CallerIDName": st.text(max_size=12),
        "CallerIDPres": st.sampled_from(["prohib", "allowed", ""]),
        "CID-CallingPres": st.sampled_from(["35 (Presentation Prohibited, Network Number)", "0", ""]),
        "Voicemail": st.sampled_from(["1", "0", "x"]),
        "AfterHours": st.sampled_from(["1", "0", ""]),
        "TextbackDID": st.sampled_from(["7000", "", "s"]),
    },
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event_strategy, max_size=60), st.booleans())
def test_arbitrary_event_streams_never_crash_and_decide_each_call_once(events, drop_connection) -> None:
    classifier = MissedCallClassifier()
    verdicts = []
    for index, event in enumerate(events):
        if drop_connection and index == len(events) // 2:
            classifier.connection_lost()
        verdicts += classifier.feed(event, float(index))
    linkedids = [verdict.linkedid for verdict in verdicts]
    assert len(linkedids) == len(set(linkedids))
    for verdict in verdicts:
        if isinstance(verdict, CallOutcome):
            assert verdict.missed == (verdict.reason != "answered")
            assert verdict.linkedid
