"""Danger to life or property, told calmly or in capitals, with negations and near misses.

The lexicon looks for *present* danger: "water coming through the ceiling", "I smell
gas". A cue is dropped when a negation or hypothetical sits just before it ("no gas
smell", "before it floods") or when the same or next sentence says it is over ("it's
dry now", "happens every year"). Pure functions over the conversation's texts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold, sentences

# kind -> patterns over folded text (accents stripped, lower case)
_DANGER: dict[str, list[str]] = {
    "gas": [
        r"\b(?:smell(?:s|ing|ed)?|odou?r|whiff)\b(?: \w+){0,3} (?:natural )?gas\b",
        r"\bgas (?:smell|odou?r|leak(?:ing)?)\b",
        r"\bleak(?:ing)? gas\b",
        r"\brotten eggs?\b",
        r"\bhiss\w*\b.{0,25}\bgas (?:line|pipe|meter)",
        r"\b(?:huele|olor|oliendo) (?:\w+ )?a gas\b",
        r"\bfuga de gas\b",
    ],
    "co": [
        r"\bcarbon monoxide\b",
        r"\bco (?:alarm|detector|monitor|sensor)\b",
        r"\bmonoxido\b",
    ],
    "fire": [
        r"\bsmoke (?:is )?(?:coming|pouring|rolling|from|out)\b",
        r"\b(?:smoking|smokey|smoky)\b",
        r"\bon fire\b",
        r"\bflames?\b",
        r"\bcaught fire\b",
        r"\bburning (?:smell|odou?r)\b",
        r"\bsmell(?:s|ing|ed)?(?: \w+){0,3}? (?:like )?(?:something )?(?:burn|melt|electrical|smoke)",
        r"\bmelt(?:ed|ing)\b",
        r"\bscorch(?:ed)?\b",
        r"\b(?:huele|olor) a quemado\b",
        r"\bhumo\b",
        r"\bincendio\b",
    ],
    "electrical": [
        r"\bspark(?:s|ed|ing|y)?\b",
        r"\barc(?:ing|ed)\b",
        r"\bwires? (?:are |is )?(?:down|hanging|dangling|exposed|on the ground|sparking)\b",
        r"\b(?:power|service) lines? (?:down|on the|hanging)\b",
        r"\bdowned (?:power )?lines?\b",
        r"\b(?:got |been |getting )?shocked\b",
        r"\belectrocut\w*\b",
        r"\b(?:outlet|panel|breaker box|breakers?|fuse box|plug|switch|meter)\b.{0,45}\b(?:hot to the touch|too hot|buzzing (?:really |very |so )?loud)",
        r"\b(?:water|leak\w*|dripp\w*)\b.{0,40}\b(?:light fixture|out of the light|from the light|into the light|in the light|outlet|panel|breaker box)\b",
        r"\bchispa\w*\b",
    ],
    "flooding": [
        r"\bwater (?:is |keeps |keep )?(?:coming|pouring|gushing|pooling|running|spraying|flowing|shooting|going|spreading|rushing|leaking)\b(?: \w+){0,2} (?:in|through|out|down|into|everywhere|onto|all over|from the ceiling)\b",
        r"\b(?:flooding|flooded)\b",
        r"\bfilling (?:up )?with water\b|\b(?:basement|floor|room|garage|kitchen|house|crawl ?space) is (?:filling|under water|full of water)\b|\bwater (?:is )?rising\b",
        r"\b(?:getting|is|are) (?:soaked|drenched)\b",
        r"\bburst\b",
        r"\bspray(?:s|ing)?\b.{0,25}\bwater\b|\bwater\b.{0,25}\bspray(?:s|ing)\b",
        r"\bgushing\b",
        r"\b(?:pouring|coming|dripping|leaking) (?:in|through) (?:the |our |my )?(?:ceiling|roof|light|wall)",
        r"\b(?:getting|have|got|there'?s) water (?:coming )?(?:through|in|into|from) (?:the |our |my )?(?:ceiling|roof|walls?|attic|house)\b.{0,80}\b(?:right now|now|still|bubbling|sagging|every)",
        r"\b(?:rain|water) (?:is )?(?:pouring|coming|getting|dripping) in\b",
        r"\bpouring (?:in|out)\b",
        r"\b(?:can'?t|cannot|cant|unable to|don'?t know how to) (?:find|turn off|shut off|shut|close|get to)\b.{0,20}\b(?:shut ?off|valve|water|main)\b",
        r"\b(?:won'?t|wont|will not|doesn'?t|does not) stop (?:running|leaking|overflowing|coming|pouring|spraying)\b",
        r"\boverflowing\b.{0,40}\b(?:won'?t|wont|can'?t|cant) (?:stop|shut)\b",
        r"\bstill (?:pouring|leaking|spraying|gushing)\b",
        r"\bkeeps? (?:coming|pouring|gushing|spraying|overflowing)\b",
        r"\boverflowing\b.{0,40}\b(?:stuck|won'?t (?:stop|shut|close)|can'?t (?:stop|shut))",
        r"\bstill (?:coming|running|going) (?:out|in|everywhere)\b",
        r"\b(?:inch|inches|ankle|foot|feet|several inches) (?:deep )?of water\b",
        r"\bwater (?:going|spreading|getting|running) into\b",
        r"\bceiling (?:is )?(?:collapsing|caving|falling|sagging|bulging|came down)\b",
        r"\binund\w+\b",
        r"\bse (?:revento|rompio|quebro) (?:el |la |un |una )?(?:tubo|tuberia|cano|pipa|calentador)\b",
        r"\bagua (?:por todos lados|por el techo|saliendo por todos)",
    ],
    "sewage": [
        r"\bsewage\b.{0,40}\b(?:back(?:ing|ed|s)? up|coming up|on the floor|overflow\w*|everywhere|in the (?:house|basement|tub|shower)|inch)",
        r"\b(?:back(?:ing|ed)? up|coming up|overflowing)\b.{0,30}\bsewage\b",
        r"\bsewer (?:is )?backing up\b",
        r"\baguas negras\b",
    ],
    "structural": [
        r"\b(?:tree|limb|branch) (?:\w+ ){0,3}(?:on|through|into|onto) (?:the |our |my )?(?:\w+ )?(?:roof|house|home|garage)\b",
        r"\bhole (?:in|through) (?:the |our |my )?(?:roof|ceiling)\b",
        r"\broof (?:has )?(?:collapsed|caved|blew off|came off|ripped off)\b",
        r"\b(?:ripped|torn|tore|blew) (?:the |our )?(?:service )?mast\b|\bmast (?:\w+ )?(?:ripped|torn|pulled|came) off\b",
        r"\b(?:door|garage door) (?:fell|came down) on\b",
        r"\b(?:someone|somebody|he|she|i'?m|i am|we'?re|we are|kid|kids|child|son|daughter|dog|cat|husband|wife|person)\b(?: \w+){0,2} (?:is |are |got )?(?:trapped|pinned) (?:under|inside|in)\b",
    ],
}

# no heat is dangerous when it is freezing or someone vulnerable lives there; no AC, only with the vulnerable
_HEAT_LOSS = [
    r"\bno heat\b", r"\b(?:furnace|heater|boiler|heat pump|heat)\b(?: \w+)? (?:quit|died|stopped|is out|went out|out|not working|won'?t (?:start|turn on|kick on|light|come on)|broke|failed)\b",
    r"\bsin calefaccion\b", r"\bno (?:hay|tenemos) calefaccion\b", r"\bno (?:prende|funciona) (?:la )?calefaccion\b",
]
_COOLING_LOSS = [
    r"\b(?:ac|a/c|air|air conditioner|air conditioning)\b(?: \w+)? (?:quit|died|stopped|is out|went out|out|not working|isn'?t cooling|not cooling|broke|failed)\b",
    r"\bno (?:ac|a/c|air conditioning|cooling)\b", r"\bblowing (?:warm|hot)\b", r"\bno (?:esta )?enfria",
]
_FREEZING = [r"(?<![\w-])-\s?\d+\b", r"\b(?:[0-9]|[12][0-9]|3[0-2]) ?(?:degrees|deg|°)", r"\bbelow (?:zero|freezing)\b", r"\bfreezing\b", r"\bsub ?zero\b",
             r"\bsingle digits\b", r"\bpipes? (?:\w+ )?(?:freeze|freezing|frozen)\b", r"\bbajo cero\b",
             r"\b(?:[0-9]|[12][0-9]|3[0-2]) (?:degrees )?(?:outside|out)\b", r"\bhelando\b"]
_HOT = [r"\b(?:9\d|1[01]\d) (?:degrees |grados )?(?:inside|in here|in the house|adentro|dentro)\b", r"\b(?:9\d|1[01]\d) (?:degrees|outside)\b",
        r"\bheat ?stroke\b", r"\bheat exhaustion\b", r"\bover(?:heat|heating)\b"]
_VULNERABLE = [r"\b(?:baby|babies|infant|newborn|toddler)\b",
               r"\b(?:mom|dad|mother|father|grandma|grandpa|husband|wife|mama|papa)\b(?: \w+){0,2} (?:is |are )?(?:8\d|9\d|1[01]\d)\b", r"\b\d+ ?(?:month|mo|week|wk)s? old\b",
               r"\b(?:elderly|grandma|grandpa|grandmother|grandfather|disabled|bedridden|pregnant)\b",
               r"\b(?:8|9)\d ?(?:years?|yrs?|y/?o)(?: old)?\b", r"\boxygen\b", r"\bdialysis\b", r"\bhospice\b",
               r"\b(?:bebe|abuel[oa]s?|anciano)\b", r"\bmedical (?:condition|equipment)\b"]

_NEGATORS = re.compile(
    r"\b(?:no|not|don'?t|dont|doesn'?t|doesnt|isn'?t|isnt|aren'?t|wasn'?t|without|never|nothing|zero|"
    r"no sign of|sin|nada|ni)\b"
)
# "before it floods", "worried it might": talk of danger that is not happening
_HYPOTHETICAL = re.compile(
    r"\b(?:if|before|might|could|worried|afraid|in case|prevent|avoid|check for|test for|thinking)\b"
)
_RESOLVED = re.compile(
    r"\b(?:gone now|dry now|went away|goes away|fine now|ok now|okay now|stopped now|has stopped|"
    r"stopped (?:on its own|by itself)|every year|each year|every fall|every winter|last (?:year|month|week|winter|spring|summer|fall)|"
    r"years ago|was fixed|been fixed|no longer|dust(?:y)?|burn(?:ing)? off|burn-off|for now|under control|contained|"
    r"(?:turned|shut|switched) (?:it|the water|the valve|the main|the supply|everything) off|"
    r"(?:turned|shut) off (?:the )?(?:water|valve|main|supply))\b"
)


@dataclass(frozen=True)
class Danger:
    kind: str
    phrase: str  # the customer's words that showed it


def negated(sentence: str, start: int, hypothetical: bool = True) -> bool:
    """A negation (or, if asked, a hypothetical) among the four words before `start`."""
    window = " ".join(sentence[:start].split()[-4:])
    return bool(_NEGATORS.search(window) or (hypothetical and _HYPOTHETICAL.search(window)))


def _any(patterns: list[str], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            if not negated(text, match.start()):
                return match
    return None


def _affirmed(patterns: list[str], parts: list[str]) -> re.Match[str] | None:
    """The first cue that is neither negated nor declared over in its or the next sentence."""
    for i, part in enumerate(parts):
        following = parts[i + 1] if i + 1 < len(parts) else ""
        for pattern in patterns:
            for match in re.finditer(pattern, part):
                if negated(part, match.start()):
                    continue
                if _RESOLVED.search(part) or _RESOLVED.search(following):
                    continue
                return match
    return None


def find_danger(messages: list[str]) -> Danger | None:
    """The present danger the conversation describes, if any."""
    parts = [fold(s) for m in messages for s in sentences(m)]
    for kind, patterns in _DANGER.items():
        match = _affirmed(patterns, parts)
        if match:
            return Danger(kind, match.group(0))
    whole = " ".join(parts)
    vulnerable = _any(_VULNERABLE, whole)
    heat_loss = _any(_HEAT_LOSS, whole)
    if heat_loss and (vulnerable or _any(_FREEZING, whole)):
        return Danger("no_heat", heat_loss.group(0))
    cooling_loss = _any(_COOLING_LOSS, whole)
    if cooling_loss and vulnerable and _any(_HOT, whole):
        return Danger("heat", cooling_loss.group(0))
    return None


_SELF_DECLARED_CALM = re.compile(
    r"\b(?:no rush|not urgent|no hurry|not an emergency|nothing urgent|whenever|flexible|"
    r"at your convenience|when(?:ever)? you (?:get a chance|have time|can)|no prisa|sin prisa|cuando puedan|"
    r"not in a hurry|any ?time (?:next|this) (?:week|month)|sometime)\b"
)
_TIME_PRESSURE = re.compile(
    r"\b(?:asap|urgent|urgently|right away|immediately|hurry|emergency|today|tonight|right now|come now|"
    r"as soon as|first thing|on call|same day|urgente|hoy|ahorita|lo antes posible)\b"
)
_OUTAGE = re.compile(
    r"\b(?:no (?:hot water|heat|ac|a/c|air|power|water)|not (?:cooling|heating)|isn'?t (?:cooling|heating)|"
    r"won'?t (?:open|close|go up|go down|start|turn on)|stuck|trapped|can'?t get (?:my|the|out)|snapped|"
    r"backing up|quit|died|stopped working|no (?:esta )?enfria|sin agua caliente)\b"
)


def sounds_pressing(messages: list[str], outage_counts: bool = True) -> bool:
    """The customer needs it soon: time pressure, or (for repairs) something they rely on is out."""
    text = fold(" ".join(messages))
    patterns = [_TIME_PRESSURE.pattern] + ([_OUTAGE.pattern] if outage_counts else [])
    return bool(_any(patterns, text))


def sounds_calm(messages: list[str]) -> bool:
    return bool(_SELF_DECLARED_CALM.search(fold(" ".join(messages))))
