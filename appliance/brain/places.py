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
    "stop", "help", "info", "quit", "end", "cancel",
})


STATES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
).split()


STATE_NAMES = frozenset("""
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois
indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri
montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington
wisconsin wyoming
""".split()) | {"new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota",
               "rhode island", "south carolina", "south dakota", "west virginia"}


@cache
def _towns() -> dict[str, frozenset[str]]:
    """Town name in lower case -> the states that have it. Read a state at a time, so the
    42k full ZIP rows are never all in memory at once."""
    towns: dict[str, set[str]] = {}
    for state in STATES:
        for row in zipcodes.filter_by(state=state):
            for name in (row["city"], *(row.get("acceptable_cities") or ())):
                towns.setdefault(name.lower(), set()).add(state)
    return {name: frozenset(states) for name, states in towns.items()}


def load() -> None:
    """Read the table now (about 1.5 s), so the first text that names a town does not wait."""
    _towns()


def is_zip(code: str) -> bool:
    return len(code) >= 5 and code[:5].isdigit() and zipcodes.is_real(code[:5])


def town_of_zip(code: str) -> tuple[str, str]:
    """(town, state) the USPS gives a ZIP, or ("", "") for a ZIP it does not know."""
    rows = zipcodes.matching(code[:5]) if is_zip(code) else []
    return (rows[0]["city"].title(), rows[0]["state"]) if rows else ("", "")


# what people call a few big cities in a text ("1215 N Classen Blvd, OKC"); kept as they wrote it
NICKNAMES = {"okc": "oklahoma city", "sf": "san francisco", "nyc": "new york", "kc": "kansas city", "stl": "saint louis",
             "philly": "philadelphia", "nola": "new orleans", "vegas": "las vegas", "slc": "salt lake city", "atl": "atlanta"}

_ABBREVIATED = {"st. ": "saint ", "st ": "saint ", "ft. ": "fort ", "ft ": "fort ", "mt. ": "mount ", "mt ": "mount "}


def is_town(name: str, state: str = "", everyday_ok: bool = False) -> bool:
    """A real US town (in ``state`` when given); everyday words only with a state, or where
    the caller knows a town stands (``everyday_ok``: "1100 Bayview Rd, Mobile"). 'St. Louis',
    'Ft. Myers' and 'Mt. Vernon' are found under any spelling the table uses."""
    words = " ".join(name.lower().replace("'", " ").split())  # the USPS writes "Coeur D Alene", "O Fallon"
    spellings = [words, NICKNAMES.get(words, words)] + [full + words[len(short):] for short, full in _ABBREVIATED.items()
                                                        if words.startswith(short)]
    states = next((found for found in map(_towns().get, spellings) if found), None)
    if not states:
        return False
    if state:
        return state.upper() in states
    return everyday_ok or name.lower() not in COMMON_WORDS
