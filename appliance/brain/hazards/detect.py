"""The present danger a conversation describes: the first kind shown and not over, else cold or heat."""
from __future__ import annotations

import re

from ..text import fold, sentences
from .climate import climate_danger
from .hazard import Danger, shown_of_earlier, shows
from .kinds import HAZARDS
from .matching import affirmed_matches, first_affirmed
from .resolution import over
from .vocabulary import SYMPTOM

# "nothing's wrong here, just asking what a burst pipe at 2am costs": a question about someone else's night
_NOTHING_WRONG = re.compile(
    r"\b(?:nothing(?:'s| is|s) wrong(?! with)|everything(?:'s| is|s) (?:fine|ok|okay|good) (?:here|at (?:our|my) (?:place|house|end))|"
    r"for future reference|hypothetical(?:ly)?|just in case|(?:someone|somebody) in mind|jk|j/k|just kidding|wrong number)\b"
)

# "smells like rotten eggs but we have no gas, it's all electric": the odour is a drain's, not odorised gas
_NO_GAS_SUPPLY = re.compile(r"\b(?:no (?:tenemos|hay) gas en (?:la|el|mi|nuestra) (?:casa|edificio|departamento)|todo es electrico|"
                            r"(?:house|home|it|we)(?:'s| is| are)? all electric|(?:we )?(?:don'?t|do not) have (?:natural )?gas)\b")
_GAS_NAMED = re.compile(r"\b(?:gas|propane)\b")


def _odour_without_gas(danger: Danger, whole: str) -> bool:
    return danger.kind == "gas" and not _GAS_NAMED.search(danger.phrase) and bool(_NO_GAS_SUPPLY.search(whole))


def find_danger(messages: list[str]) -> Danger | None:
    """The present danger the conversation describes, if any."""
    parts = [fold(s) for m in messages for s in sentences(m)]
    whole = " ".join(parts)
    if _NOTHING_WRONG.search(whole):
        return None
    for hazard in HAZARDS:
        if hazard.needs and not affirmed_matches(hazard.needs, whole):
            continue
        for i, part in enumerate(parts):
            phrase = shows(hazard, part) or shown_of_earlier(hazard, part, " ".join(parts[:i]))
            poisoned = hazard.kind == "co" and first_affirmed([SYMPTOM], whole)  # a silenced alarm with a headache is not over
            if phrase and (poisoned or not over(hazard, parts, i)) and not _odour_without_gas(Danger(hazard.kind, phrase), whole):
                return Danger(hazard.kind, phrase)
    return climate_danger(parts, whole)
