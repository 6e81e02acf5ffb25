"""Lead stages, priority and job value: the pure rules of the CRM.

new -> contacted -> qualified -> booked -> completed -> reviewed, or lost (with a reason) from
any open stage. A lost lead that comes back reopens; a cancelled booking falls back to
qualified. Skipping forward is fine (a customer who texts first was never "contacted").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from appliance.brain.profile import PricedService

STAGES = ("new", "contacted", "qualified", "booked", "completed", "reviewed", "lost")
OPEN_STAGES = ("new", "contacted", "qualified", "booked")

_ALLOWED = {
    "new": {"contacted", "qualified", "booked", "lost"},
    "contacted": {"qualified", "booked", "lost"},
    "qualified": {"booked", "lost"},
    "booked": {"completed", "qualified", "lost"},
    "completed": {"reviewed"},
    "reviewed": set(),
    "lost": {"contacted", "qualified", "booked"},
}

HIGH_VALUE_USD = 1000


class StageError(ValueError):
    """A stage change the pipeline refuses, phrased for the person who tried it."""


def check_transition(current: str, new: str, reason: str | None = None) -> None:
    if new not in STAGES:
        raise StageError(f"{new!r} is not a stage; stages are {', '.join(STAGES)}")
    if new == "lost" and not (reason or "").strip():
        raise StageError("a lead marked lost needs a reason (for example \"went with another company\")")
    if new not in _ALLOWED[current]:
        allowed = ", ".join(sorted(_ALLOWED[current])) or "nothing (it is finished)"
        raise StageError(f"a {current} lead cannot become {new}; it can become {allowed}")


# Words that say what kind of work, not what it is about: they never decide a match alone.
_GENERIC = {"repair", "repairs", "service", "services", "install", "installation", "replacement", "new", "call",
            "fix", "job", "work", "and", "or", "the", "a", "an", "of", "up", "down", "in", "on", "off", "to", "for",
            "my", "is", "not", "it", "with", "at"}


def match_service(service: str | None, price_list: Iterable[PricedService]) -> PricedService | None:
    """The price-list entry for the brain's service words: the exact name, else the entry sharing
    the most telling words ("drain repair (clogged drain)" -> "Drain cleaning"), ties to the first."""
    if not service:
        return None
    price_list = list(price_list)
    for priced in price_list:
        if priced.name.lower() == service.lower():
            return priced
    wanted = _words(service)
    best, shared = None, 0
    for priced in price_list:
        overlap = len(wanted & _words(priced.name))
        if overlap > shared:
            best, shared = priced, overlap
    return best


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower())) - _GENERIC


def estimate_value(service: str | None, price_list: Iterable[PricedService]) -> int | None:
    """The middle of the service's price range, in whole dollars; None if it has no price."""
    priced = match_service(service, price_list)
    return round((priced.low + priced.high) / 2) if priced else None


def priority_for(emergency: bool, estimated_value: int | None, high_value: int = HIGH_VALUE_USD) -> str:
    if emergency:
        return "urgent"
    if estimated_value is not None and estimated_value >= high_value:
        return "high"
    return "normal"
