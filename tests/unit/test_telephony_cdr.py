"""CDR reconciliation on the CDR file a real Asterisk 22 wrote with asterisk-config/cdr_custom.conf."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from appliance.telephony import cdr
from appliance.telephony.classifier import MissedCallClassifier
from appliance.telephony.transcript import read_transcript

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RECORDED_CDR = FIXTURES / "cdr" / "textback.csv"

# Caller -> (missed, reason) for the run tests/asterisk/record_transcripts.py recorded.
# The CDR cannot tell a caller who gave up from a ring that timed out: both no_answer.
EXPECTED = {
    "5125550201": (True, "no_answer"),
    "5125550202": (True, "no_answer"),  # the caller hung up while ringing
    "5125550203": (False, "answered"),
    "5125550204": (True, "voicemail"),
    "5125550205": (False, "answered"),  # ring group, one answered
    "5125550206": (True, "busy"),
    "5125550207": (True, "queue_abandon"),
    "5125550209": (True, "no_answer"),
    "5125550210": (True, "no_answer"),  # the caller hung up while ringing (our dialplan)
    "5125550211": (False, "answered"),
    "5125550212": (False, "answered"),
    "5125550213": (True, "busy"),
    "5125550214": (True, "voicemail"),
    "5125550215": (True, "voicemail"),  # after hours, straight to voicemail
    "5125550216": (True, "no_answer"),  # textback simulate-call
    None: (True, "no_answer"),  # the anonymous caller
}


def test_every_recorded_inbound_call_is_classified_and_the_internal_one_is_not() -> None:
    outcomes = cdr.classify(cdr.parse_rows(RECORDED_CDR.read_text()))
    assert {outcome.caller_number: (outcome.missed, outcome.reason) for outcome in outcomes} == EXPECTED
    assert len(outcomes) == len(EXPECTED)  # one per call, however many legs it had
    assert all(outcome.source == "cdr" and outcome.started_at < outcome.ended_at for outcome in outcomes)
    assert [outcome.ended_at for outcome in outcomes] == sorted(outcome.ended_at for outcome in outcomes)


def test_cdr_linkedids_are_the_ones_ami_reported() -> None:
    # The transcripts were recorded in the same run as the CDR file.
    rows = cdr.parse_rows(RECORDED_CDR.read_text())
    for name in ("stock-busy.ami", "textback-after-hours.ami", "stock-queue-abandon.ami"):
        events = read_transcript(FIXTURES / "ami" / name)
        classifier = MissedCallClassifier()
        [live] = [v for i, event in enumerate(events) for v in classifier.feed(event, float(i))]
        [from_cdr] = [outcome for outcome in cdr.classify(rows) if outcome.linkedid == live.linkedid]
        assert (from_cdr.caller_number, from_cdr.did, from_cdr.missed) == (live.caller_number, live.did, live.missed)


def test_names_come_from_the_clid_column() -> None:
    outcomes = {o.caller_number: o for o in cdr.classify(cdr.parse_rows(RECORDED_CDR.read_text()))}
    assert outcomes["5125550210"].caller_name == "Jane, Doe"
    assert outcomes["5125550203"].caller_name is None


def test_a_bad_line_is_named() -> None:
    good = RECORDED_CDR.read_text().splitlines()[0]
    with pytest.raises(cdr.CdrFormatError, match="CDR line 2: expected 14 columns"):
        cdr.parse_rows(good + "\n" + '"a","b"\n')
    with pytest.raises(cdr.CdrFormatError, match="epoch seconds"):
        cdr.parse_rows(good.replace(good.split(",")[2], '"2026-11-26 17:00:00"', 1))


def test_the_reader_returns_calls_that_ended_after_a_time(tmp_path: Path) -> None:
    path = tmp_path / "textback.csv"
    path.write_bytes(RECORDED_CDR.read_bytes())
    outcomes = cdr.classify(cdr.parse_rows(RECORDED_CDR.read_text()))
    middle = outcomes[len(outcomes) // 2].ended_at
    later = cdr.read_outcomes(path, ended_after=middle)
    assert later == [outcome for outcome in outcomes if outcome.ended_at > middle]
    assert cdr.read_outcomes(tmp_path / "missing.csv", ended_after=0) == []


def test_the_reader_skips_a_bad_line_and_a_half_written_last_line(tmp_path: Path, caplog) -> None:
    path = tmp_path / "textback.csv"
    lines = RECORDED_CDR.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:3]) + "garbage line\n" + "".join(lines[3:]) + lines[0][:30])
    with caplog.at_level(logging.WARNING):
        outcomes = cdr.read_outcomes(path, ended_after=0)
    assert {outcome.caller_number for outcome in outcomes} == set(EXPECTED)
    assert "skipping unreadable CDR line" in caplog.text


def test_the_reader_reads_back_only_as_far_as_it_needs(tmp_path: Path, monkeypatch) -> None:
    """Years of old rows before the recent calls: the result is the same, the old rows are not parsed."""
    recorded = RECORDED_CDR.read_text()
    first_end = min(row.end for row in cdr.parse_rows(recorded))
    old_row = (
        '"1.1","1.1","100.0","0","101.0","5125559999","","7000","from-trunk","PJSIP/t-1","PJSIP/201","Dial",'
        '"NO ANSWER",""\n'
    )
    path = tmp_path / "textback.csv"
    path.write_text(old_row * 50_000 + recorded)
    lines_parsed = []
    parse_rows = cdr.parse_rows
    monkeypatch.setattr(cdr, "parse_rows", lambda text: lines_parsed.append(text) or parse_rows(text))
    outcomes = cdr.read_outcomes(path, ended_after=first_end - 1)
    assert {outcome.caller_number for outcome in outcomes} == set(EXPECTED)
    assert len(lines_parsed) < 5_000


def test_a_number_our_dialplan_saw_withheld_is_not_kept() -> None:
    rows = [row for row in cdr.parse_rows(RECORDED_CDR.read_text()) if row.src == "5125550209"]
    [outcome] = cdr.classify(rows[:1] + [dataclasses.replace(row, callerpres="prohib") for row in rows[1:]])
    assert outcome.missed and outcome.caller_number is None and outcome.caller_name is None
