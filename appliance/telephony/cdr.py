"""CDR reconciliation: find the calls that ended while we were not listening.

Asterisk writes one CDR row per leg of a call (see asterisk-config/cdr_custom.conf
for the columns); all rows of a call share its Linkedid, the same key the AMI
classifier uses, so the store de-duplicates a call however we learned of it.

Pure parsing and classification first, then a reader that looks only at the
end of the file, which grows for as long as the PBX runs.

What a CDR cannot tell: a caller who hung up while the phones rang and a ring
that timed out are both "NO ANSWER" (reason no_answer here), a queue caller
who gave up and one whose wait timed out are both queue_abandon, and caller ID
presentation is only known for calls that reached our dialplan, which records
it (on a stock dialplan only "anonymous"-style numbers are recognised).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from appliance.telephony.outcome import (
    DEFAULT_INBOUND_CONTEXTS,
    CallOutcome,
    caller_id,
    did_or_none,
    is_inbound_context,
    reason_for,
)

log = logging.getLogger(__name__)

COLUMNS = (
    "linkedid", "uniqueid", "start", "answer", "end", "src", "clid", "dst",
    "dcontext", "channel", "dstchannel", "lastapp", "disposition", "callerpres",
)  # fmt: skip
# CDR disposition -> the DIALSTATUS a Dial() would have reported.
_DIAL_STATUS = {"ANSWERED": "ANSWER", "NO ANSWER": "NOANSWER", "BUSY": "BUSY", "FAILED": "CHANUNAVAIL"}
_CLID = re.compile(r'^"(?P<name>.*)" <(?P<number>.*)>$')
# How far before `ended_after` to read, so that every leg of a call that ends
# after it is seen (legs of a long call end long before the call does).
LOOKBACK_SECONDS = 6 * 3600


class CdrFormatError(ValueError):
    pass


@dataclass(frozen=True)
class CdrRow:
    linkedid: str
    uniqueid: str
    start: float
    answer: float | None
    end: float
    src: str
    clid: str
    dst: str
    dcontext: str
    channel: str
    dstchannel: str
    lastapp: str
    disposition: str
    callerpres: str  # set by our dialplan; empty when the call never reached it


def parse_row(fields: list[str]) -> CdrRow:
    if len(fields) != len(COLUMNS):
        raise CdrFormatError(f"expected {len(COLUMNS)} columns ({', '.join(COLUMNS)}), got {len(fields)}")
    values = dict(zip(COLUMNS, fields))
    try:
        start, answer, end = (float(values[name]) for name in ("start", "answer", "end"))
    except ValueError:
        raise CdrFormatError("start/answer/end are not epoch seconds: is cdr_custom.conf using CDR(start,u)?") from None
    if not values["linkedid"]:
        raise CdrFormatError("empty linkedid")
    return CdrRow(**{**values, "start": start, "answer": answer or None, "end": end})


def parse_rows(text: str) -> list[CdrRow]:
    """Strict: the first bad line raises CdrFormatError naming it."""
    rows = []
    for number, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not fields:
            continue
        try:
            rows.append(parse_row(fields))
        except CdrFormatError as error:
            raise CdrFormatError(f"CDR line {number}: {error}") from None
    return rows


def classify(rows: Iterable[CdrRow], inbound_contexts: Iterable[str] = DEFAULT_INBOUND_CONTEXTS) -> list[CallOutcome]:
    """Rows of any number of calls -> one outcome per inbound call, oldest first."""
    patterns = tuple(inbound_contexts)
    calls: dict[str, list[CdrRow]] = defaultdict(list)
    for row in rows:
        calls[row.linkedid].append(row)
    outcomes = [_classify_call(legs, patterns) for legs in calls.values()]
    return sorted((outcome for outcome in outcomes if outcome), key=lambda outcome: outcome.ended_at)


def _classify_call(legs: list[CdrRow], patterns: tuple[str, ...]) -> CallOutcome | None:
    inbound_legs = [leg for leg in legs if is_inbound_context(leg.dcontext, patterns)]
    if not inbound_legs:
        return None  # internal or outbound
    dials = [leg for leg in legs if leg.dstchannel]  # a leg with a B party is a dial
    pbx_answered = any(
        leg.disposition == "ANSWERED" and not leg.dstchannel and (leg.lastapp == "VoiceMail" or leg in inbound_legs)
        for leg in legs
    )
    reason = reason_for(
        [_DIAL_STATUS.get(leg.disposition, leg.disposition) for leg in dials],
        pbx_answered=pbx_answered,
        queue_abandoned=any(leg.lastapp == "Queue" for leg in dials),
    )
    # The root leg (the carrier's channel) carries the caller; the first leg in
    # an inbound context carries the DID.
    by_age = sorted(legs, key=lambda leg: (leg.uniqueid != leg.linkedid, leg.start))
    first_inbound = next(leg for leg in by_age if leg in inbound_legs)
    clid = _CLID.match(by_age[0].clid)
    who = caller_id(by_age[0].src, clid.group("name") if clid else "", *(leg.callerpres for leg in legs))
    return CallOutcome(
        linkedid=legs[0].linkedid,
        caller_number=who.number,
        caller_name=who.name,
        did=did_or_none(first_inbound.dst),
        started_at=min(leg.start for leg in legs),
        ended_at=max(leg.end for leg in legs),
        missed=reason != "answered",
        reason=reason,
        after_hours=None,
        source="cdr",
    )


def read_outcomes(
    path: Path, ended_after: float, inbound_contexts: Iterable[str] = DEFAULT_INBOUND_CONTEXTS
) -> list[CallOutcome]:
    """Inbound calls in the CDR file that ended after `ended_after` (Unix time).

    A missing file means no call was logged yet. Malformed lines are logged
    and skipped: one bad line must not hide every other call.
    """
    rows = []
    for number, line in _recent_lines(path, cutoff=ended_after - LOOKBACK_SECONDS):
        try:
            rows.extend(parse_rows(line))
        except CdrFormatError as error:
            log.warning("%s: skipping unreadable CDR line %s from the end: %s", path, number, error)
    return [outcome for outcome in classify(rows, inbound_contexts) if outcome.ended_at > ended_after]


def _recent_lines(path: Path, cutoff: float, block: int = 65536) -> list[tuple[int, str]]:
    """Complete lines from the end of the file back to the first that ended before
    `cutoff`, numbered from the end. Rows are appended as legs end, so end times
    grow down the file (closely enough for an hours-long lookback)."""
    try:
        with open(path, "rb") as file:
            data, cut_mid_line = _read_back(file, cutoff, block)
    except FileNotFoundError:
        return []
    lines = data.split(b"\n")
    if cut_mid_line:
        lines = lines[1:]
    if not data.endswith(b"\n"):
        lines = lines[:-1]  # the last row is still being written
    text_lines = [line.decode("utf-8", "replace") for line in lines if line.strip()]
    return [(len(text_lines) - index, line) for index, line in enumerate(text_lines)]


def _read_back(file: BinaryIO, cutoff: float, block: int) -> tuple[bytes, bool]:
    """The tail of the file, a block at a time, until its first complete line
    ended before `cutoff` (or the whole file). Returns (data, starts mid-line)."""
    size = file.seek(0, os.SEEK_END)
    position, data = size, b""
    while position > 0:
        position = max(0, position - block)
        file.seek(position)
        data = file.read(size - position)
        lines = data.split(b"\n")
        first_complete = lines[0] if position == 0 else (lines[1] if len(lines) > 1 else b"")
        if first_complete and _end_time(first_complete) < cutoff:
            break
    return data, position > 0


def _end_time(line: bytes) -> float:
    try:
        return parse_rows(line.decode("utf-8", "replace"))[0].end
    except (CdrFormatError, IndexError):
        return float("inf")  # unreadable: keep reading back
