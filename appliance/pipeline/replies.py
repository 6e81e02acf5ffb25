"""What a customer's or a technician's short reply means to the pipeline: pure text rules.

These run after the compliance keywords (STOP, HELP...), so a bare "CANCEL" has already been
taken as an opt-out, as the carriers require; cancelling a visit needs the word for it
("cancel my appointment").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from appliance.brain.text import fold

_CHOICE = re.compile(r"^\s*(?:#|option |number |no\.? ?)?([1-9])\s*(?:please|pls|thanks|works|is good|ok)?\W*$")
_NONE = re.compile(r"\b(?:none|neither|no(?:ne)? of (?:those|them|these)|(?:those|these) (?:don'?t|do not|wont|won'?t) work"
                   r"|other (?:times?|days?)|something else|any other)\b")
_CONFIRM = re.compile(r"^\s*(?:c|confirm(?:ed)?|yes|yep|yeah|y|ok|okay|see you(?: then)?|sounds good)\W*$")
_RESCHEDULE = re.compile(r"^\s*r\W*$|\b(?:reschedule|re-schedule|change (?:the|my) (?:time|day|appointment)"
                         r"|different (?:time|day)|move (?:it|the appointment|my appointment))\b")
_CANCEL_VISIT = re.compile(r"\bcancel\w* (?:the |my |our |this )?(?:appointment|appt|visit|booking|service call)\b")
_STAFF = re.compile(r"^\s*(done|omw|otw|on (?:my|the) way)\s*#?\s*(\d{1,9})\s*$")
_COMPLAINT = re.compile(
    r"\b(?:terrible|horrible|awful|worst|rude|unprofessional|ripped? (?:me )?off|rip ?off|scam|overcharg\w*"
    r"|still (?:broken|leaking|not working|doesn'?t work)|not happy|unhappy|disappointed|angry|furious"
    r"|never (?:again|use you)|refund|complain\w*|(?:did|do)(?: a)? (?:bad|poor|lousy) job|damaged?|mess)\b")


@dataclass(frozen=True)
class Choice:
    number: int


@dataclass(frozen=True)
class Intent:
    name: str        # none_work, confirm, reschedule, cancel_visit


NONE_WORK = Intent("none_work")
CONFIRM = Intent("confirm")
RESCHEDULE = Intent("reschedule")
CANCEL_VISIT = Intent("cancel_visit")


def reading_for_offer(text: str, options: int) -> Choice | Intent | None:
    """A reply to "Reply 1, 2 or 3": the choice, "none of those work", or nothing we understand."""
    folded = fold(text)
    match = _CHOICE.match(folded)
    if match and 1 <= int(match.group(1)) <= options:
        return Choice(int(match.group(1)))
    if _NONE.search(folded):
        return NONE_WORK
    return reading_for_appointment(text)


def reading_for_appointment(text: str) -> Intent | None:
    """A reply about a booked visit: C to confirm, R to reschedule, or cancelling it."""
    folded = fold(text)
    if _CANCEL_VISIT.search(folded):
        return CANCEL_VISIT
    if _RESCHEDULE.search(folded):
        return RESCHEDULE
    if _CONFIRM.match(folded):
        return CONFIRM
    return None


@dataclass(frozen=True)
class StaffCommand:
    action: str      # job_done, on_the_way
    job: int


def staff_command(text: str) -> StaffCommand | None:
    """From a technician: 'DONE 42' (or 'done #42'): job 42 is finished; 'OMW 42' (OTW, 'on my way 42'):
    they are driving to job 42 and the customer gets the on-the-way text."""
    match = _STAFF.match(fold(text))
    if match is None:
        return None
    return StaffCommand("job_done" if match.group(1) == "done" else "on_the_way", int(match.group(2)))


def is_complaint(text: str) -> bool:
    """Unhappy words in a reply to a review request: the owner hears about it at once.

    This never changes who gets a review request (that would be review gating); it only
    makes sure a complaint reaches a person.
    """
    return bool(_COMPLAINT.search(fold(text)))
