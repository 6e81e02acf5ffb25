"""Lead stages, priority and job value: the pure rules of the CRM.

new -> contacted -> qualified -> booked -> completed -> reviewed, or lost (with a reason) from
any open stage. A lost lead that comes back reopens; a cancelled booking falls back to
qualified. Skipping forward is fine (a customer who texts first was never "contacted").
"""

from __future__ import annotations

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


def estimate_value(service: str | None, price_list: Iterable[PricedService]) -> int | None:
    """The middle of the service's price range, in whole dollars; None if it has no price."""
    if not service:
        return None
    for priced in price_list:
        if priced.name.lower() == service.lower():
            return round((priced.low + priced.high) / 2)
    return None


def priority_for(emergency: bool, estimated_value: int | None, high_value: int = HIGH_VALUE_USD) -> str:
    if emergency:
        return "urgent"
    if estimated_value is not None and estimated_value >= high_value:
        return "high"
    return "normal"
