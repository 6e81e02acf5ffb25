"""Whether a danger told is over: explained away, resolved, contained at its source or sheltered,
unless a later text says it is back or still going.
"""
from __future__ import annotations

import re

from .hazard import Hazard, shows

# "the heater you installed 3 weeks ago split open": the weeks date our work, not the danger
_NOT_OUR_WORK = r"(?<!installed )(?<!put in )(?<!replaced )(?<!repaired )(?<!serviced )(?<!fixed )(?<!did )(?<!snaked )(?<!cleared )"

# Spanish for "it was fixed", "it stopped", "it's dry now", "no longer": "ya vino el plomero y lo arregló", "ya no huele"
_FIXED_ES = (r"ya (?:se |todo se |lo |la |los )?(?:seco|paro|paso(?! (?:el|la|al|a|por|todo)\b)|arregl(?:o|aron|amos)|repar(?:o|aron|amos))|"
             r"ya (?:esta|estan|quedo|quedaron) (?:todo |toda )?(?:sec[ao]s?|arreglad[ao]s?|reparad[ao]s?|bien)|"
             r"(?:lo|la|los|las) (?:arregl|repar)(?:o|aron|amos)|(?:lo|la|los|las) (?:tapamos|tape)|"
             r"(?:ahorita|ahora) (?:esta |todo esta )?sec[ao]|ya no (?:huele|gotea|pasa nada|entra agua|cae agua|se siente|(?:hay|sale) (?:olor|agua|humo|chispas|fuga|nada))|"
             r"no (?:entro|salio|esta saliendo) (?:nada de |el )?agua|no sale (?:nada de )?agua por ningun lado")
# Spanish for "last week", "a month ago", "a while back": a danger told in the past tense of these is over
_PAST_ES = (r"(?:la semana|el mes|el ano|el invierno|el verano|el otono|la primavera) pasad[ao]|"
            r"hace (?:un|una|unos|unas|dos|tres|cuatro|varios|varias|muchos|\d+) (?:semanas?|mes(?:es)?|anos?)|hace (?:mucho )?tiempo|"
            r"cuando llueve (?:nomas|nada mas)")
_RESOLVED = re.compile(
    r"\b(?:gone now|gone (?:once|when|after|as soon)|dry now|went away|goes away|(?:it'?s|its|is|are|all|everything'?s|seems|looks|been) (?:fine|ok|okay) now|stopped now|has stopped|all good now|"
    r"stopped (?:on its own|by itself)|every (?:year|fall|winter)|each (?:year|fall|winter)|"
    r"last (?:year|month|week|weekend|winter|spring|summer|fall)|back in|in (?:19|20)\d\d|"
    rf"(?:works?|worked|working|been) fine (?:since|after|now)|(?:quiet|silent) now|stopped (?:beeping|chirping|going off)|dried (?:up|out)|last weeks?'?s?|{_NOT_OUR_WORK}(?:years ago|(?:couple(?: of)?|few|several|two|three|\d+) (?:weeks|months) ago|a (?:week|month|while) ago|a while back|long time ago)|second opinion|(?<!thought it )(?<!supposedly )was fixed|been fixed|(?:it'?s|all|everything'?s) fixed|(?:all )?mopped up|came and fixed|fixed it|no longer|anymore|(?<!not )(?<!not the )(?<!not a )(?<!not like )(?<!no )dust(?:y)?|burn(?:ing)? off|burn-off|"
    # "the fire department came and read zero", "small wet spot, dry this morning"
    r"(?:came|checked|tested|measured)(?: \w+){0,3} (?:and )?(?:read|reads|found|got|measured) (?:0|zero|nothing|no co)|"
    r"(?:dry|dried) (?:this morning|by morning|today)|"
    r"stopped when|(?:it|leak|drip|water|rain) (?:has |had )?stopped(?! working)|for now|under control|contained|nothing since|hasn'?t (?:happened|done it|grown) since|only (?:once|one time)|"
    r"(?:old|previous|earlier|prior) (?:leak|flood)|for (?:months|years)|been like that|it'?s fine|(?:was|were) tested|"
    r"first time (?:\w+ ){0,3}(?:turn|turned|run|running|ran|use|using|start|starting)|"
    r"(?:gas company|gas co|utility|fire department|fire dept) (?:came|has been|was|already came) (?:out|here|by|over)|a towel (?:catches|gets|handles|soaks up) it|"
    r"threw it (?:out|away)|got rid of it|fixed (?:the|their)|(?:were|was|came) (?:out|here|by) for|thanks? (?:you )?(?:\w+ ){0,3}for (?:coming (?:out|over|by)|fixing|the (?:quick )?(?:repair|fix|work))|(?:smell|it)(?:'s|s| is| has) gone(?! (?:kind|sort|brown|tan|black|dark|yellow))|aired (?:it|the \w+) out|"
    r"(?:red[- ])?tagged (?:it|(?:the|our|my) \w+)|capped (?:it|off|(?:the|that) \w+)|(?:is|are) (?:handling|taking care of) (?:it|the \w+)|aired (?:\w+ )?out|(?:had|got) it patched|stopped (?:growing|spreading|getting bigger)|"
    r"no leaks? (?:inside|in the house|anywhere)|(?:didn'?t|doesn'?t look like it|did not) (?:\w+ )?(?:go|went) (?:through|in)|"
    r"last (?:january|february|march|april|may|june|july|august|september|october|november|december)|(?:no|nothing) (?:water |sewage )?coming up|"
    r"(?:put|pusimos|puse) (?:a |an |una |un )?(?:bucket|cubeta|pan|bowl|towel|toalla|balde)|(?:flooded|burst|leaked)(?: \w+){0,3} in the (?:spring|summer|fall|winter)|"
    r"nothing (?:is |got |was )?(?:wet|coming (?:in|into|through)|came (?:in|into|through)|got in)(?: inside)?|nothing now|"
    r"not (?:dripping|leaking|coming) (?:inside|in|through)|drained (?:down|out|away)|hasn'?t (?:\w+ )?since|"
    r"(?:haven'?t|havent) used it since|(?:beeped|chirped|went off) (?:just )?once|(?:fine|ok|okay|good) since|"
    r"(?:beep|chirp)\w* once (?:a|every|each) (?:minute|min)|battery (?:kind of |sort of |type )?chirp\w*|for a (?:sec|second|moment) (?:\w+ ){0,6}then (?:it )?stopped(?! working)|"
    rf"(?:was|it was) (?:just )?(?:the )?(?:burnt |burned )?(?:toast|cooking|bacon|popcorn|shower steam)|{_FIXED_ES}|{_PAST_ES})\b"
)
# "capped it and the water is back on": the supply is back, not the leak
_BACK_AGAIN = re.compile(r"\b(?:(?:going|started|starting|beeping|sounding|leaking|coming|pouring|dripping|smoking|sparking) (?:\w+ ){0,2}again|"
                         r"(?:went|goes|going|is) (?:out|off) again|came back|(?<!water )(?:is|it'?s|came|went|comes) back on|(?:it|smell|smoke|leak)(?:'s| is) back)\b")
# "I shut the water off but it's still dripping onto the panel": a danger stopped at its source can go on
_STILL_GOING = re.compile(
    r"\b(?:still|keeps?|sigue|siguen) (?:\w+ ){0,2}?(?:dripp\w*|leak\w*|coming|comes|pour\w*|gush\w*|spray\w*|flow\w*|fill\w*|overflow\w*|running|draining|smok\w*|spark\w*|smell\w*|"
    r"burn\w*|hot|beep\w*|going off|sounding|rising|spreading|hiss\w*|cayendo|saliendo|entrando|goteando)\b|"
    r"\b(?:getting|gets|got) (?:stronger|worse|bigger|deeper)\b|\b(?:can'?t|cannot|can not) keep up\b"
)
# a later text that explains the alarm away or says it ended: "never mind, it was just the stove knob",
# "the fire dept checked, all fine", "it's out", "the smell is gone"
_DEFUSED = re.compile(
    r"\b(?:never ?mind|false alarm|nope|no wait|(?:it was|it'?s|that'?s|era|es) (?:just|only|solo|nomas)|"
    r"all (?:good|fine|clear|set)|todo bien|"
    r"(?:it'?s|is|and) (?:safe|disconnected)|not dangerous|looks (?:fine|ok|okay|normal)|works fine|"
    r"(?:smell|smoke|water|fire|it|alarm)(?:'s| is| has)? (?:mostly )?(?:gone|quiet|stopped)|it'?s (?:out|holding|dry)|it stopped|"
    r"no (?:smell|smoke|odou?r) (?:anymore|since|now)|not (?:dripping|leaking|smoking) anymore|(?:fixed|cleared|repaired|replaced) it|"
    r"(?:checked|came|came out|is here|was here)(?: \w+){0,3} (?:fixed|cleared|took care|all fine|nothing)|"
    rf"zero co|(?:low )?battery chirp|happened (?:just )?once|{_FIXED_ES})\b"
)
# shutting the water off ends a flood; switching a furnace off does not end a gas leak or a fire
_WATER_OFF = re.compile(
    r"\b(?:(?:turned|shut|switched) (?:it|the water|the valve|the main|the supply|everything) off|"
    r"(?:turned|shut) off (?:the )?(?:water|main|supply)|(?:turned|shut) off the valve|"
    r"(?:shut|closed|turned) (?:the )?(?:main|valve|supply|shut ?off)(?! on)|(?:main|valve|supply|shut ?off)(?: \w+){0,4} and (?:shut|closed|turned) it|"
    r"cerr(?:e|amos|o|aron) (?:la )?(?:llave\w*|valvula|el agua))\b"
)

_CANNOT_SHUT_OFF = re.compile(r"\b(?:how|where) (?:do (?:i|we|you) |to |can (?:i|we) )(?:shut|turn)|"
                              r"\b(?:can'?t|cannot|can not|couldn'?t|unable to|won'?t|wont) (?:\w+ )?(?:shut|turn|close)|"
                              r"\b(?:won'?t|wont) budge\b|\bno (?:\w+ ){0,2}(?:cerrar|donde (?:se )?cierra)|\bno encuentro (?:donde|la llave)")


# "we moved the proteins to the walk-in": the stock is somewhere cold again
_STOCK_MOVED = re.compile(r"\b(?:moved|put|took|moving|pasamos|movimos) (?:the |all |our |everything |todo )?(?:\w+ ){0,2}(?:to|into|in|a|al) (?:the |a |another |our |el |la |otro |otra )?\w+")
_BUT = re.compile(r"\b(?:but|pero)\b")


def _ends(hazard: Hazard, sentence: str, explained_away: bool) -> bool | None:
    """True if `sentence` says the danger ended, False if it says it goes on, None if neither.

    What ended must be the last word: "it's out but the wall is black" leaves the black wall.
    A question ("that's just it lighting, right?") explains nothing away.
    """
    if _BACK_AGAIN.search(sentence) or _STILL_GOING.search(sentence):
        return False
    last_clause = _BUT.split(sentence)[-1]
    water_off = hazard.kind == "flooding" and _WATER_OFF.search(last_clause) and not _CANNOT_SHUT_OFF.search(sentence)
    stock_moved = hazard.kind == "stock_at_risk" and _STOCK_MOVED.search(last_clause)
    if water_off or stock_moved or (explained_away and not sentence.endswith("?") and _DEFUSED.search(last_clause)):
        return True
    return None


def _after_but(hazard: Hazard, sentence: str) -> str:
    """The part of `sentence` whose word on the danger counts: after "but" if the danger is told there
    ("I put a bucket under it but the pipe just snapped"), else all of it ("it was fixed, but I want a quote")."""
    last_clause = _BUT.split(sentence)[-1]
    return last_clause if shows(hazard, last_clause) else sentence


def _last_word(told: list[bool | None]) -> bool:
    """Whether the last sentence that said anything about a danger said it ended (True) rather than goes on."""
    said = [t for t in told if t is not None]
    return bool(said and said[-1])


def over(hazard: Hazard, parts: list[str], i: int) -> bool:
    """Whether the last word on the danger shown in parts[i] is that it ended.

    Its own sentence or the next may say so in many ways ("dry now", "nothing since"); a later
    text must explain it away or say it stopped ("never mind, it was just the stove knob").
    A later text saying it goes on ("still dripping onto the panel") makes it live again.
    """
    told = [_ends(hazard, sentence, explained_away=False) for sentence in (parts[:i] if hazard.source else [])]
    for j, sentence in enumerate(parts[i:], start=i):
        ends = _ends(hazard, sentence, explained_away=j > i)
        told.append(True if ends is None and j <= i + 1 and _RESOLVED.search(_after_but(hazard, sentence)) else ends)
    return _last_word(told)


# the one at risk from the cold or heat is somewhere safe now, or the heat or cooling is back
_SHELTERED = re.compile(
    r"\b(?:(?:staying|stays|sleeping|went|gone|going|moved|headed) (?:over )?(?:with|to|at) (?:him|her|them|us|my|our|his|a|the|friends?|family|neighbors?)|"
    r"(?:he'?s|she'?s|they'?re|we'?re|he is|she is|they are|we are) (?:\w+ ){0,2}at (?:the|a|my|our|his|her|work|school)\b|"
    r"(?:they|she|he) (?:have|has) (?:ac|a/c|air|heat)|"
    r"(?:furnace|heat|heater|boiler|heat pump|ac|a/c|air)(?:'s| is)? (?:back on|running|working|going)(?! but)|"
    r"got it (?:relit|running|going|working)|we'?re (?:all )?good)\b"
)


def sheltered(parts: list[str], i: int) -> bool:
    """A text after parts[i] has the one at risk somewhere safe or the heat back, and none after says it failed again."""
    return _last_word([False if _BACK_AGAIN.search(s) or _STILL_GOING.search(s) else (True if _SHELTERED.search(s) else None)
                       for s in parts[i + 1:]])
