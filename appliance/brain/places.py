"""US towns and ZIP codes, from the offline table the `zipcodes` package ships.

Customers often give only a town ("Kennewick, by the high school") or a ZIP ("57105"). To
tell a town from any capitalised word, and a ZIP from any five-digit number, we look them up
in the USPS table instead of guessing from shape. Loaded once, on first use (about a second).
"""
from __future__ import annotations

from functools import cache

import zipcodes

# Town names that are also everyday words in a customer's text ("gas", "sparks", "power",
# "call"): never read as a town unless a state or ZIP follows them.
COMMON_WORDS = frozenset({
    "addy", "agency", "ark", "blue", "bunch", "cable", "call", "carbon", "casa", "center", "check",
    "como", "cost", "day", "deal", "drain", "dresser", "energy", "fine", "friendly", "gas", "given",
    "green", "guy", "guys", "halfway", "happy", "heaters", "helper", "home", "hope", "house", "hurt",
    "ideal", "lead", "light", "mark", "may", "mobile", "normal", "oak", "page", "pilot", "power",
    "price", "rains", "rice", "rock", "rush", "sisters", "sparks", "spring", "springs", "start",
    "story", "strong", "sun", "una", "wall", "walls", "white", "winter", "boring", "eureka", "plain",
    "early", "weeks", "welcome", "friday", "monday", "sunday", "today", "asap", "anytime", "garage",
    "furnace", "boiler", "pump", "panel", "outlet", "roof", "hi", "hello", "yes", "no", "ok", "thanks",
    "stop", "help", "info", "start", "quit", "end", "cancel",
})


@cache
def _table() -> tuple[dict[str, tuple[str, str]], dict[str, frozenset[str]]]:
    """(ZIP -> its town and state, town name in lower case -> the states that have it)."""
    zips: dict[str, tuple[str, str]] = {}
    towns: dict[str, set[str]] = {}
    for row in zipcodes.list_all():
        zips[row["zip_code"]] = (row["city"].title(), row["state"])
        for name in (row["city"], *(row.get("acceptable_cities") or ())):
            towns.setdefault(name.lower(), set()).add(row["state"])
    return zips, {name: frozenset(states) for name, states in towns.items()}


def is_zip(code: str) -> bool:
    return code[:5] in _table()[0]


def town_of_zip(code: str) -> tuple[str, str]:
    """(town, state) the USPS gives a ZIP, or ("", "") for a ZIP it does not know."""
    return _table()[0].get(code[:5], ("", ""))


def is_town(name: str, state: str = "") -> bool:
    """A real US town (in ``state`` when given); everyday words only with a state."""
    states = _table()[1].get(" ".join(name.lower().split()))
    if not states:
        return False
    if state:
        return state.upper() in states
    return name.lower() not in COMMON_WORDS
