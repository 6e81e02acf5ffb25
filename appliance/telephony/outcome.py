"""What happened to one inbound call: the value every telephony source produces.

The live AMI classifier, our dialplan's UserEvent and the CDR reconciler all
describe a finished call as a `CallOutcome`, keyed by Asterisk's Linkedid, so
the store can de-duplicate whichever arrives second. The rules that turn dial
results and caller ID into an outcome live here, once, for all three.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Reason = Literal[
    "answered",  # a person picked up
    "no_answer",  # the phones rang out (or nothing was dialled)
    "caller_hung_up",  # the caller gave up while the phones rang (DIALSTATUS CANCEL)
    "busy",  # every phone was busy
    "unavailable",  # the phones could not be reached (CHANUNAVAIL, CONGESTION)
    "voicemail",  # the PBX itself answered: voicemail, or an announcement
    "queue_abandon",  # the caller hung up while waiting in a queue
]
Source = Literal["userevent", "ami", "cdr"]

# Inbound-route contexts of stock Asterisk/FreePBX dialplans and of ours
# (fnmatch patterns). Calls starting anywhere else are internal or outbound.
DEFAULT_INBOUND_CONTEXTS = (
    "from-trunk*",
    "from-pstn*",
    "from-did-direct*",
    "textback-inbound*",
    "textback-simulate",
)

# What carriers and PBXs put in the number field when there is no number.
_NO_NUMBER = {"", "<unknown>", "unknown", "anonymous", "unavailable", "restricted", "private", "withheld"}


@dataclass(frozen=True)
class CallOutcome:
    linkedid: str
    caller_number: str | None  # None when withheld or unknown: nobody to text
    caller_name: str | None
    did: str | None  # the number the caller dialled
    started_at: float | None  # Unix time; None when the start was not observed
    ended_at: float
    missed: bool
    reason: Reason
    after_hours: bool | None  # None when the dialplan did not say (stock dialplans)
    source: Source


@dataclass(frozen=True)
class CallerId:
    number: str | None
    name: str | None


def caller_id(number: str, name: str, *presentations: str) -> CallerId:
    """Normalize caller ID. If any presentation says prohibited (a withheld
    number), nothing is kept: the caller asked not to be identified."""
    if any("prohib" in presentation.lower() for presentation in presentations):
        return CallerId(None, None)
    number = number.strip()
    name = name.strip()
    return CallerId(
        None if number.lower() in _NO_NUMBER else number,
        None if name.lower() in _NO_NUMBER else name,
    )


def did_or_none(exten: str) -> str | None:
    """The dialled number, or None for the 's' a trunk without DID sends."""
    exten = exten.strip()
    return None if exten in ("", "s") else exten


def is_inbound_context(context: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(context, pattern) for pattern in patterns)


def reason_for(dial_statuses: Iterable[str], *, pbx_answered: bool, queue_abandoned: bool) -> Reason:
    """Why a call ended as it did, from the DIALSTATUS of every dial it made.

    An answered dial wins over everything: in a ring group the phones that
    lost the race end CANCEL, yet the caller was answered.
    """
    statuses = set(dial_statuses)
    if "ANSWER" in statuses:
        return "answered"
    if queue_abandoned:
        return "queue_abandon"
    if pbx_answered:
        return "voicemail"
    if "CANCEL" in statuses:
        return "caller_hung_up"
    if "BUSY" in statuses and "NOANSWER" not in statuses:
        return "busy"
    if statuses and statuses <= {"CHANUNAVAIL", "CONGESTION"}:
        return "unavailable"
    return "no_answer"
