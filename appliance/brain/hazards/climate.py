"""Cold and heat: no heat with freezing weather, a cold house or someone vulnerable; no cooling
in heat with someone vulnerable; power lost for life support; a dry well in a freeze. Each counts
only while the one at risk has not been sheltered.
"""
from __future__ import annotations

import re

from .hazard import Danger
from .matching import first_affirmed
from .resolution import sheltered
from .vocabulary import NOBODY_HOME

# no heat is dangerous when it is freezing or someone vulnerable lives there; no AC, only with the vulnerable
_HEAT_LOSS = [
    r"\bno heat\b", r"\b(?:heat pump|mini ?split|outdoor unit)\b(?: \w+){0,6} (?:iced (?:up|over)|block of ice|covered in ice|frozen (?:solid|over|up))",
    r"\b(?:heat pump|mini ?split|furnace|heater|boiler)\b(?: \w+){0,4} stopped heating\b", (r"\b(?:furnace|heater|boiler|heat pump|heat)\b(?:'s)?(?: \w+)? (?:been out|quit|died|dead|stopped|is out|went out|out|"
    r"not working|not heating|isn'?t heating|broke|failed|is off)\b"), r"\b(?:furnace|heater|boiler|heat pump|heat)\b(?: \w+){0,6} blowing cold\b",
    r"\b(?:says|shows|reads|on) heat\w* but (?:the )?air (?:\w+ ){0,2}(?:is|feels) (?:cold|cool)\b",
    # "the heat to just not come on": asked whether it is normal, it is still told
    (r"\b(?:furnace|heater|boiler|heat pump|heat)\b(?: \w+)?(?: just| even| ever| really)? (?:won'?t|wont|isn'?t|isnt|is not|not|doesn'?t|doesnt|never)"
    r" (?:\w+ )?(?:start\w*|turn\w* on|kick\w* on|come on|coming on|fir\w* up|light\w*|heat\w*|work\w*|run\w*)\b"),
    r"\b(?:furnace|heater|boiler|heat pump)\b(?:'s)?(?: \w+)? (?:isn'?t|isnt|is not|not|won'?t|doesn'?t) (?:putting out|giving (?:off|out)|blowing|producing|making)(?: any)? (?:heat|warm)",
    r"\bsin calefaccion\b", r"\b(?:se descompuso|se apago|dejo de funcionar) (?:la |el )?(?:calefaccion|calefactor|caldera|heater|furnace)\b", r"\bno (?:hay|tenemos) calefaccion\b", r"\bno (?:prende|funciona) (?:la )?calefaccion\b",
    r"\b(?:el |la )?(?:furnace|heater|calefaccion|calentador|caldera|calefactor|boiler)\b(?: \w+)? no (?:prende|funciona|sirve|calienta|enciende|jala)\b",
    # the heat lost, told by what the house does: a monitor's low-temperature alarm, an inside reading falling
    # (how an empty house is watched: "sensor says 41 and dropping")
    r"\blow[- ]temp(?:erature)? (?:alarm|alert|warning|notification)\b",
    (r"\b(?:sensor|thermostat|inside|indoors?|house|home|cabin|condo|apartment|rental|property|unit|app|monitor)\b(?: \w+){0,3} (?:[3-5]\d)(?: ?(?:degrees|f|°f?))?"
     r" and (?:dropping|falling|going down)\b"),
    r"\b(?:inside|indoor|house|cabin|home) temp\w* (?:is |keeps )?(?:dropping|falling)\b",
]
# "can you look at my furnace / it stopped working": the heat lost, told of "it" once the furnace was named
_HEATER_NAMED = re.compile(r"\b(?:furnace|boiler|heater|heat pump|heating|calefaccion|calentador)\b")
_IT_STOPPED_HEATING = [(r"\b(?:it'?s|its|it is|it)\b (?:not (?:lighting|heating|working)|stopped (?:working|heating)|won'?t (?:light|start|come on)|"
                       r"isn'?t (?:lighting|heating|working)|quit|died|went out)\b")]
_COOLING_LOSS = [
    r"\b(?:it'?s|its|it is) not cooling\b", r"\bstopped cooling\b",
    r"\b(?:ac|a/c|air|air conditioner|air conditioning)\b(?: \w+){0,4},? (?:quit|died|dead|stopped|is out|went out|out|not working|isn'?t cooling|not cooling|broke|failed)\b",
    r"\bno (?:ac|a/c|air conditioning|cooling)\b", r"\bblowing (?:warm|hot)\b", r"\bno (?:esta )?enfria",
    r"\bno hay aire\b", r"\bno (?:jala|sirve|funciona|enfria) el (?:aire|clima|ac)\b", r"\b(?:aire|clima)(?: acondicionado)? se (?:apago|descompuso|murio)\b", r"\bse (?:apago|descompuso|murio) el (?:aire|clima)\b",
    r"\b(?:ac|a/c|aire|clima|minisplit)\b(?: \w+)? (?:se descompuso|se murio|no sirve|no funciona|dejo de (?:funcionar|enfriar))",
]
_FREEZING = [r"(?<![\w-])-\s?\d+\b", r"\b(?:[0-9]|[12][0-9]|3[0-2]) ?(?:degrees|deg|grados|°)", r"\bbelow (?:zero|freezing)\b", r"\bfreezing\b", r"\bsub ?zero\b",
             r"\bsingle digits\b", r"\b\d+ (?:degrees )?below\b", r"\bpipes? (?:\w+ ){0,3}(?:freeze|freezing|frozen)\b", r"\bbajo cero\b",
             r"\b(?:[0-9]|[12][0-9]|3[0-2]) (?:degrees |grados )?(?:outside|out|afuera)\b", r"\bhelando\b"]
# a cold house someone lives in: the inside temperature told as a number in the 40s or low 50s
_COLD_INSIDE = [r"\b(?:[34]\d|5[0-2]) ?(?:degrees |deg |°)?(?:inside|in (?:here|the house|my house|our house))\b",
                r"\b(?:thermostat|temp|temperature)\w* (?:is |says |reads |shows |at )?(?:[34]\d|5[0-5])\b",
                r"\b(?:inside|house|it) is (?:down to |only )?(?:[34]\d|5[0-2])(?: degrees)?\b"]
# one floor or zone out while the rest of the house keeps warm: uncomfortable, not dangerous
_STILL_WARM = re.compile(r"\b(?:downstairs|upstairs|rest of the house|other (?:floor|rooms?|zone)|(?:the )?house) (?:is|stays|keeps) (?:still )?(?:warm|fine|toasty|ok)\b|"
                         r"\b(?:the )?(?:house|inside|in here)(?: is|'s)? (?:still )?(?:at )?(?:6[4-9]|[78]\d)\b(?! ?(?:degrees )?(?:outside|out\b))|"
                         r"\b(?:have|got) (?:a |the )?(?:wood ?stove|fireplace|pellet stove) going\b")
_HOT = [r"\b(?:9\d|1[01]\d) (?:degrees |grados )?(?:inside|in here|in the house|adentro|dentro)\b",
        r"\b(?:9\d|1[01]\d) ?(?:degrees |grados |°)?(?:outside|out|afuera)\b", r"\b(?:9\d|1[01]\d) degrees\b",
        r"\bheat ?stroke\b", r"\bheat exhaustion\b", r"\bover(?:heat|heating)\b",
        r"\b(?:9\d|1[01]\d) (?:today|tomorrow|tonight|this (?:afternoon|week)|all week|again)\b",
        r"\b(?:high|highs) (?:of |is |are |near |around )?(?:9\d|1[01]\d)\b", r"\bheat (?:index|wave|advisory|warning|dome)\b",
        r"\b(?:an|like an?) (?:oven|sauna|furnace|hotbox)\b", r"\bhace (?:9\d|1[01]\d)\b", r"\badentro (?:ya )?(?:esta )?(?:en )?(?:9\d|1[01]\d)\b", r"\b(?:9\d|1[01]\d) (?:grados|here|in here)\b", r"\bit'?s (?:9\d|1[01]\d)\b",
        r"\b(?:thermostat|temp|temperature)\w* (?:is |says |reads |shows |at )?(?:9\d|1[01]\d)\b"]
_VULNERABLE = [r"\b(?:baby|babies|infants?|newborns?|toddlers?|daycare|nursing home|assisted living)\b",
               r"\b(?:[7-9]\d|1[01]\d) anos\b", r"\babuelit[oa]s?\b", r"\b(?:maread[oa]|no se siente bien|feeling faint|feels faint)\b",
               r"\b(?:mom|dad|mother|father|grandma|grandpa|husband|wife|mama|papa)\b(?: \w+){0,2} (?:is |are )?(?:8\d|9\d|1[01]\d)\b", r"\b\d+ ?(?:month|mo|week|wk)s? old\b",
               r"\b(?:she'?s|he'?s|she is|he is|who'?s|who is) (?:8\d|9\d|1[01]\d)\b",
               r"\b(?:i'?m|i am|im) (?:7\d|8\d|9\d)(?: years old| yrs?(?: old)?| y/?o)?\b(?! (?:miles|minutes|mins|degrees))",
               r"\b(?:live|lives|living) alone\b",
               r"\b(?:elderly|grandma|grandpa|grandmother|grandfather|disabled|bedridden|pregnant)\b",
               r"\b(?:8|9)\d ?(?:years?|yrs?|y/?o)(?: old)?\b", r"\boxygen\b", r"\bdialysis\b", r"\bhospice\b",
               r"\bheart (?:problems?|condition|disease|issues?)\b", r"\bcopd\b|\basthma\b",
               r"\b(?:bebe|abuel[oa]s?|anciano|embarazada)\b",
               r"\b(?:suegr[oa]|abuel[oa]|mama|papa|madre|padre)\w* de (?:[7-9]\d|1[01]\d)\b", r"\bde (?:[1-3]|un|dos|tres) (?:anos?|mes\w*) con fiebre\b",
               r"\b(?:nin[oa]|bebe|hij[oa])\w* de (?:[1-3]|un|dos|tres) (?:anos?|mes\w*)\b", r"\bmedical (?:condition|equipment)\b",
               r"\b(?:cerebral palsy|multiple sclerosis|diabet\w*|ventilator|concentrator|special needs|medically fragile|es mayor|son mayores)\b",
               r"\b(?:have|has|with) (?:ms|als|copd|dementia|alzheimer'?s|parkinson'?s)\b"]


# power out where someone depends on a machine to breathe or for dialysis
_POWER_LOSS = [(r"\b(?:no power|lost power|without power|power(?:'s| is| has| went| has gone)?(?: been)? (?:out|off|down)|"
               r"(?:power|electric\w*) outage|se fue la luz|sin luz)\b")]
# a well gone dry in a freeze: no water to drink, wash or keep the pipes moving, for someone who needs it
_WELL_DRY = [r"\b(?:well|well pump|pozo)\b(?: \w+){0,3} (?:stopped|died|quit|dead|failed|is out|not working|(?:has|is) no water|(?:ran|is|went) dry)\b",
             r"\bno water\b(?: \w+){0,6} (?:well|pozo)\b",
             r"\b(?:pozo|bomba del pozo)\b(?: \w+){0,3} (?:no (?:da|sale|tiene|hay|saca) agua|se sec[oó]|dej[oó] de (?:funcionar|servir)|no sirve|no funciona)"]
_LIFE_SUPPORT = [r"\b(?:oxygen|concentrator|ventilator|dialysis|life support|bipap|feeding pump|oxigeno)\b"]


def _sentence_at(parts: list[str], position: int) -> int:
    """The index of the sentence that holds `position` of " ".join(parts)."""
    end = 0
    for i, part in enumerate(parts):
        end += len(part) + 1
        if position < end:
            return i
    return len(parts) - 1


def climate_danger(parts: list[str], whole: str) -> Danger | None:
    """The danger from cold or heat that the folded sentences `parts` (joined: `whole`) describe, if any."""
    vulnerable = first_affirmed(_VULNERABLE, whole)
    heat_loss = first_affirmed(_HEAT_LOSS, whole) or (_HEATER_NAMED.search(whole) and first_affirmed(_IT_STOPPED_HEATING, whole))
    cold_home = first_affirmed(_COLD_INSIDE, whole) and not re.search(NOBODY_HOME, whole)
    if (heat_loss and (vulnerable or first_affirmed(_FREEZING, whole) or cold_home) and not _STILL_WARM.search(whole)
            and not sheltered(parts, _sentence_at(parts, heat_loss.start()))):
        # nobody to keep warm in an empty house, but its pipes freeze and burst
        empty = re.search(NOBODY_HOME, whole) and not vulnerable
        return Danger("pipes_freezing" if empty else "no_heat", heat_loss.group(0))
    if first_affirmed(_WELL_DRY, whole) and vulnerable and first_affirmed(_FREEZING, whole):
        return Danger("no_water", first_affirmed(_WELL_DRY, whole).group(0))
    power_loss = first_affirmed(_POWER_LOSS, whole)
    if power_loss and first_affirmed(_LIFE_SUPPORT, whole):
        return Danger("medical_power", power_loss.group(0))
    cooling_loss = first_affirmed(_COOLING_LOSS, whole)
    if cooling_loss and vulnerable and first_affirmed(_HOT, whole) and not sheltered(parts, _sentence_at(parts, cooling_loss.start())):
        return Danger("heat", cooling_loss.group(0))
    return None
