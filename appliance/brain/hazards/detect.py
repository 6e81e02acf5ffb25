"""The present danger a conversation describes: the first kind shown and not over, else cold or heat."""
from __future__ import annotations

import re

from ..text import fold, sentences
from .climate import climate_danger
from .hazard import Danger, shown_of_earlier, shows
from .kinds import HAZARDS
from .matching import affirmed_matches, first_affirmed
from .resolution import over
from .vocabulary import EQUIPMENT, GAS_APPLIANCE, LINE, SYMPTOM, WIRING_DEVICE

# "nothing's wrong here, just asking what a burst pipe at 2am costs": a question about someone else's night
_NOTHING_WRONG = re.compile(
    r"\b(?:nothing(?:'s| is|s) wrong(?! with)|everything(?:'s| is|s) (?:fine|ok|okay|good) (?:here|at (?:our|my) (?:place|house|end))|"
    r"for future reference|hypothetical(?:ly)?|just in case|(?:someone|somebody) in mind|jk|j/k|just kidding|wrong number)\b"
)

# "smells like rotten eggs but we have no gas, it's all electric": the odour is a drain's, not odorised gas
_NO_GAS_SUPPLY = re.compile(r"\b(?:no (?:tenemos|hay) gas en (?:la|el|mi|nuestra) (?:casa|edificio|departamento)|todo es electrico|"
                            r"(?:house|home|it|we)(?:'s| is| are)? all electric|(?:we )?(?:don'?t|do not) have (?:natural )?gas)\b")
_GAS_NAMED = re.compile(r"\b(?:gas|propane)\b")


# "quote a softener and iron filter for well water? ... smells like sulfur sometimes": the water smells, told
# in a text about treating it; a sulfur smell placed by an appliance or in a room is still gas
_WATER_TREATMENT = re.compile(r"\b(?:well water|(?:water )?softener|iron filter|water (?:\w+ ){0,3}(?:smells?|stinks|reeks|tastes))\b")
_ODOUR_PLACED = re.compile(GAS_APPLIANCE + r"|\b(?:in|by|near|around|from) (?:the|my|our)\b")


def _odour_without_gas(danger: Danger, sentence: str, whole: str) -> bool:
    if danger.kind != "gas" or _GAS_NAMED.search(danger.phrase):
        return False
    clause = next((c for c in re.split(r"[,;]", sentence) if danger.phrase in c), sentence)
    water_smell = _WATER_TREATMENT.search(whole) and not _ODOUR_PLACED.search(clause)
    return bool(_NO_GAS_SUPPLY.search(whole) or water_smell)


# "Floyd Sparks, 72 Quarry Ln": a surname that is a hazard word, signing a text (a capitalised given name before it)
_HAZARD_SURNAME = re.compile(r"(?:^|\b(?i:this is|i'?m|i am|thanks|thank you)\b,? |[-—] ?)([A-Z][a-z]+) (?:Sparks|Burns|Smoke|Flood)\b(?=\s*(?:[,.]|\d|$))")


def _unsigned(message: str) -> str:
    """The message with a hazard-word surname in its signature cut to the given name ("Outlet Sparks" is no name)."""
    def given_name_only(name: re.Match[str]) -> str:
        thing = re.fullmatch(f"{EQUIPMENT}|{WIRING_DEVICE}|{LINE}", fold(name.group(1)))
        return name.group(0) if thing else name.group(0)[:name.end(1) - name.start(0)]
    return _HAZARD_SURNAME.sub(given_name_only, message)


def find_danger(messages: list[str]) -> Danger | None:
    """The present danger the conversation describes, if any."""
    parts = [fold(s) for m in messages for s in sentences(_unsigned(m))]
    whole = " ".join(parts)
    if _NOTHING_WRONG.search(whole):
        return None
    for hazard in HAZARDS:
        if hazard.needs and not affirmed_matches(hazard.needs, whole):
            continue
        poisoned = hazard.kind == "co" and first_affirmed([SYMPTOM], whole)  # a silenced alarm with a headache is not over
        for i, part in enumerate(parts):
            phrase = shows(hazard, part) or shown_of_earlier(hazard, part, " ".join(parts[:i]))
            if phrase and (poisoned or not over(hazard, parts, i)) and not _odour_without_gas(Danger(hazard.kind, phrase), part, whole):
                return Danger(hazard.kind, phrase)
    return climate_danger(parts, whole)
