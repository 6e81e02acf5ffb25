"""Danger to life or property, told calmly or in capitals, with negations and near misses.

Danger is described by *what* is in trouble and *how*: a thing (water, gas, an outlet, a
tree) and a state (pouring through the ceiling, smelled, smoking, on the roof) named in
one sentence, neither denied ("no sparks or smell") nor only feared ("before it floods"),
and the sentence or the next not saying it is over ("it's dry now", "nothing since").
Some words carry both at once ("flooding", "rotten eggs"). Cold and heat are dangerous
only with freezing weather or someone vulnerable at home. Pure functions over texts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .negation import clause_before, negated
from .text import fold, sentences


@dataclass(frozen=True)
class Hazard:
    """A thing in a dangerous state, both named in one sentence (regular expressions over folded text)."""

    kind: str
    thing: str
    state: str = ""   # empty: the thing's words already say it is happening ("flooding", "rotten eggs")
    unless: str = ""  # a sentence that names this is about something harmless ("the faucet sprays")
    needs: str = ""   # must also be said, unnegated, somewhere in the conversation
    source: bool = False  # names where water comes from ("the hose split"): a shut-off told before it contained it


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# what water in the wrong place is called ("water heater", "water stain" are not water on the loose)
_WATER = _words(r"wa?te?r(?! (?:heater|softener|pressure|bill|filter|main|tank|spots?|stains?|marks?|damage|rings?|bottle))",
                r"agua(?! caliente)", r"leak\w*", r"dripp\w*", r"drips?", r"wet(?! spots?| stains?| marks?| patch\w*)",
                r"fugas?", r"gote\w*", r"moisture")
_OVERHEAD_OR_LIVE = _words(r"ceil\w*", r"cieling", r"celing", r"light fixtures?", r"fixtures?", r"lights?", r"lamps?",
                           r"lampara", r"ceiling fan", r"fan", r"outlets?", r"sockets?", r"panel", r"breakers?(?: box)?",
                           r"electrical", r"attic", r"techo", r"can lights?", r"recessed lights?")
_ROOMS = (r"(?:(?:living |dining |family |laundry |bed|bath|sun|mud|play|great |rec |bonus |utility )?room|kitchen|garage|"
          r"basement|bedroom|den|office|nursery|closet|hall\w*|sunporch|porch|addition|attic|crawl ?space|house)")
# water that is more than a drip: violent verbs, volume, spreading, no end to it (English, slang, Spanish)
_SPREADING = _words(
    r"pour\w*", r"gush\w*", r"spray\w*", r"shoot\w*", r"squirt\w*", r"spew\w*", r"spurt\w*", r"blast\w*",
    r"rushing", r"stream\w*", r"pissing", r"fire ?hose", r"geyser", r"fountain",
    r"everywhere", r"all over(?: the (?:floor|place|room|house|basement))?", r"inch(?:es)?", r"like a lake", r"lake",
    r"rising", r"filling(?: up)?", r"deeper", r"spreading", r"getting worse", r"spread (?:across|through|into|all over|out over|to)",
    r"(?:towels?|buckets?|mops?|shop ?vacs?)\w* (?:aren'?t|isn'?t|can'?t|are not|is not|not|won'?t) (?:\w+ )?keep\w* up",
    r"non ?stop", r"can'?t get it to stop", r"won'?t quit", r"keeps? (?:coming|pouring|spraying|rising|getting (?:worse|bigger|deeper))",
    r"still (?:coming|pouring|spraying|leaking|running|going)",
    r"(?:down|coming down|running down) the (?:stairs|walls?|inside of the wall|hall\w*)", r"down the inside of the wall",
    rf"(?:running|pouring|coming|flowing|getting|going|seeping|dripping) in(?:to)? (?:the|our|my) {_ROOMS}",
    rf"into the (?:hall\w*|next room|{_ROOMS})", r"(?:going|getting) (?:into|under|in) the",
    r"under (?:the|our|my) (?:\w+ ){0,2}doors?", r"on the floor and",
    r"por todas partes", r"por todos lados", r"saliendo por todos", r"por tod[ao] (?:el|la) \w+", r"en tod[ao] (?:el|la) (?:piso|suelo|cuarto|bano|sala|cocina|sotano)", r"no para", r"a chorros?",
    r"saliendo al (?:cuarto|pasillo|sala|recamara)", r"por debajo de la puerta", r"(?:apartamento|departamento|cuarto) de abajo",
    r"(?:se )?moj\w* tod[ao]s?")
_OUTDOOR_OR_NORMAL = _words(r"faucet", r"sprinkler\w*", r"spigot", r"hose bib", r"shower ?head", r"drain line",
                            r"outside", r"yard", r"lawn", r"gutters?", r"rain ?water", r"pouring rain", r"it'?s pouring(?! water| out| from| in| into| through| down)",
                            r"condensate", r"garden hose", r"flower ?beds?", r"(?:the|to the|into the) street", r"ditch", r"storm drain")
_A_LITTLE = _words(r"a little", r"a bit", r"poquito", r"un poco", r"only when it rains", r"cuando llueve(?: mucho)?(?: nomas| nada mas)?", r"few drops", r"a drop", r"tiny", r"slight\w*", r"barely", r"pinholes?", r"not (?:a ton|much|a lot)",
                   r"small (?:puddle|drip|leak|amount|spot)s?", r"slow (?:drip|leak)", r"just a drip",
                   r"(?:little|few|couple(?: of)?|occasional) drips?", r"drip(?:ping|s)? (?:a little|slowly|now and then)",
                   # water left standing inside an appliance or fixture: "an inch of water sitting in the bottom"
                   r"(?:sitting|standing|left) in the (?:bottom|dishwasher|tub|sink|washer|basin)", r"in the bottom of (?:the |my )?\w+")
_DRIPS_ON = _words(r"drip\w* (?:non ?stop|constantly|all (?:day|night|the time)|24/7)")
_PIPE = _words(r"pipes?", r"(?:water )?mains?", r"(?:water|supply|main|feed|sewer|drain|fridge|ice ?maker|washer) (?:line|hose)s?",
               r"hoses?", r"fittings?", r"supply line", r"water heater", r"hot water (?:tank|heater)", r"tank",
               r"tuber\w*", r"tubos?", r"canos?", r"calentador", r"manguera")
_BROKE = _words(r"burst\w*", r"explod\w*", r"blew up", r"bust(?:ed)?", r"broke(?! off)", r"broken", r"snapped(?: off)?", r"split",
                r"pop(?:ped)? off", r"blew (?:off|out|apart)", r"came (?:off|apart|loose)", r"ruptur\w*", r"let go",
                r"revent\w*", r"rompi\w*", r"quebr\w*", r"rot[ao]s?")
_SHUTOFF = _words(r"shut ?offs?", r"valves?", r"mains?", r"llave")  # "can't find the leak" is no runaway water
_WONT_CLOSE = _words(r"can'?t (?:shut|turn|close|stop|find|get to|reach)", r"cannot (?:shut|turn|close|stop|find)",
                     r"won'?t (?:shut|turn|close|budge|stop)", r"seized", r"stuck", r"spins", r"broke off",
                     r"no (?:puedo|podemos) (?:cerrar|parar)", r"no cierra")
_FLOWING = r"\b(?:leak\w*|spray\w*|pour\w*|gush\w*|overflow\w*|coming out|running|rushing|fuga|saliendo|water everywhere)\b"

# odorised gas is described as rotten eggs, sulfur or skunk; a skunk smell counts next to a gas appliance
_SKUNK_BY_APPLIANCE = _words(r"skunk\w*")
_GAS_APPLIANCE = _words(r"furnace", r"stove", r"range", r"oven", r"water heater", r"dryer", r"meter", r"fireplace",
                        r"boiler", r"inside the house", r"in the house", r"calenton", r"estufa")
_GAS = _words(r"(?<!sewer )(?<!septic )gas(?! (?:station|prices?|bill|mileage|grill|can|mower))", r"propane", r"natural gas", r"rotten eggs?",
              r"sulfur", r"sulphur", r"huevo podrido")
_GAS_SIGN = _words(r"smell\w*", r"smel", r"odou?rs?", r"whiff\w*", r"stinks?", r"stench", r"hiss\w*", r"leak\w*",
                   r"blowing (?:out|from|everywhere)", r"knocked (?:loose|off)", r"broke", r"hit", r"cut", r"huele", r"olor", r"fuga",
                   r"oliendo")
_GAS_CHECKUP = _words(r"for (?:gas )?leaks", r"leak (?:test|check|detector)", r"pressure test\w*",
                      r"water(?: \w+){0,4} (?:smells?|stinks|tastes|reeks)", r"(?:hot|cold) (?:side|tap|water) only",
                      r"only (?:the |on the )?(?:hot|cold) (?:side|tap|water)", r"(?:tap|faucet|shower|well) water")

_CO = _words(r"carbon monoxide", r"monoxide", r"monoxido", r"co (?:alarms?|detectors?|monitors?|sensors?)",
             r"(?:says|reads|shows) co")
_ALARM_OR_SYMPTOM = _words(r"going off", r"says \d+", r"threw up", r"vomited", r"passed out", r"faint\w*", r"went off", r"goes off", r"beep\w*", r"sounding", r"sounded", r"alarming",
                           r"reads \d+", r"reading \d+", r"\d+ ?ppm", r"headaches?", r"dizzy", r"nause\w*", r"sick",
                           r"vomit\w*", r"throwing up", r"sleepy", r"sonando", r"suena", r"mareos?",
                           r"dolor(?:es)? de cabeza")
# "a clogged vent is a fire hazard": talk of the risk, not a fire
_FIRE_AS_RISK = r"fire (?:hazard|risk|code|safety|inspection)"
# "after the flooding", "despues de la inundacion": the flood is what happened before the job, not now
_NOT_AFTER = r"(?<!after )(?<!after the )(?<!after all the )(?<!since the )(?<!despues de la )(?<!despues de )"
# a burner that will not light, a fire station, a pilot flame that is out: the word fire or flame without one
_NO_FIRE = (r"(?:won'?t|will not|doesn'?t|does not|didn'?t|did not|not|never|fails? to|failing to) (?:fire|light|ignite)(?! up)|"
            r"fire (?:station|department|dept|house|hall|truck|marshal|chief|hydrant|pit)|no flame|"
            r"(?:flame|pilot)(?: light)?(?: (?:on|in|of|for) (?:the |my |our )?(?:\w+ ){0,2}\w+)? (?:is|went|goes|keeps going|blew|keeps blowing) out\b")
# a valve or a job to keep sewage out in future: "so the sewer can't come back up"
_PREVENTED = r"\b(?:so|to keep|to stop|to prevent|in case) (?:the )?(?:sewer|sewage|it|water) (?:can'?t|won'?t|doesn'?t|from|ever)\b"
# smoke from cooking is the kitchen, not the equipment
_COOKING = (r"(?:while|when) (?:i was |we were |i'?m |we'?re )?cooking|bacon|toast|burnt (?:toast|food|popcorn)|"
            r"(?:from|off) the (?:grill|griddle|fryers?|pan)")
_BURNER_LIGHTS = (r"(?:after|when|once|as soon as|before|until) (?:the )?(?:flames?|burners?|pilot)(?: \w+)? "
                  r"(?:light|lights|lit|ignit\w*|comes? on|kicks? on|fires? up)")
_FUEL_BURNER = _words(r"furnace", r"heater", r"boiler", r"water heater", r"fireplace", r"generator", r"stove", r"oven")
# symptoms that come with the heating and ease away from home are how CO poisoning is first told
_SYMPTOMS_AT_HOME = _words(r"(?:feel|feels|felt|are|is|get|gets) (?:\w+ ){0,2}better (?:\w+ ){0,4}(?:outside|out of the house|(?:at|for|to) (?:school|work))",
                           r"fine at (?:school|work)", r"when the (?:heat|furnace|heater|boiler) (?:is|comes|kicks|turns) on",
                           r"(?:could|is) (?:that|this|it) (?:be )?(?:the )?(?:furnace|heater|boiler)", r"furnace(?: \w+){0,3} (?:pilot|running)",
                           r"(?:cat|dog) is (?:lethargic|sick|sleepy)", r"calefaccion de gas",
                           r"(?:alarma|detector)(?: \w+){0,3} (?:sono|suena|esta sonando)")
_SYMPTOM = _words(r"duele la cabeza", r"headaches?", r"dizzy", r"nause\w*", r"vomit\w*", r"throwing up", r"threw up", r"passed out", r"fainted",
                  r"mareos?", r"dolor(?:es)? de cabeza")

_EQUIPMENT = _words(r"medidor(?: de luz)?", r"outlets?", r"plugs?", r"sockets?", r"switch\w*", r"(?:sub ?)?panel", r"breakers?(?: box)?", r"fuse ?box",
                    r"disconnect(?: box)?", r"(?:junction|j) box", r"inverter", r"heat tape", r"generator",
                    r"electric(?:al)? box", r"service box",
                    r"meter(?: box)?", r"wires?", r"wiring", r"cords?", r"fixtures?", r"lights?", r"fan", r"furnace",
                    r"opener", r"dryer", r"motor", r"(?<!water )(?:space |baseboard |electric |wall )?heaters?", r"enchufes?", r"caja", r"cables?", r"microwave",
                    r"stove", r"oven", r"dishwasher", r"air handler", r"compressor", r"vents?", r"unit")
# overheating plastic in wiring smells of fish or urine as often as of burning
_BURNING = _words(r"smok\w*", r"glowing", r"plastic\w* (?:smell|odou?r)", r"red hot", r"fishy", r"smells? (?:like|of) (?:fish|pee|urine)", r"smells? (?:hot|funny|like a campfire)", r"campfire",
                  r"black around", r"black (?:marks?|soot)", r"burn(?:ing|t|ed)(?! out)", r"melt\w*", r"scorch\w*", r"charred", r"turned black",
                  r"blackened", r"(?:is|are|went) black", r"on fire", r"flames?", r"fire", r"sizzl\w*",
                  r"cooking", r"quem\w*", r"humo", r"fuego", r"derriti\w*")
_HOT_OR_LOUD = _words(r"hot to (?:the )?touch", r"too hot", r"very hot", r"really hot", r"so hot", r"(?:is|are|getting|be|feels?) hot",
                      r"hot when (?:you|i|we) touch",
                      r"hot and", r"crackl\w*", r"popping", r"buzz\w* (?:really |very |so )?loud\w*", r"loud buzz\w*",
                      r"arc(?:s|ed|ing)?", r"(?:a|big|bright|blue) flash")
_WIRING_DEVICE = _words(r"outlets?", r"(?:cover|wall) ?plates?", r"receptacles?", r"sockets?", r"switch(?:es)?", r"dimmers?",
                        r"(?:sub ?)?panel(?: cover)?", r"breakers?(?: box)?", r"fuse ?box", r"electric meter", r"enchufes?", r"contactos?",
                        r"apagador(?:es)?", r"medidor", r"(?:ceiling|junction|light) box")
_OVERHEATING_SIGN = _words(r"(?:gone|going|turned|turning|is|are|looks?) (?:\w+ ){0,2}(?:brown|tan|dark(?:er)?|yellow(?:ed)?)",
                           r"(?:brown|tan)(?:/(?:brown|tan))?(?:ish)? (?:around|marks?|stains?|spots?)", r"discolou?r\w*", r"darker than the others",
                           r"buzz\w*", r"zumb\w*", r"crackl\w*", r"fizz\w*", r"warped", r"(?:y|esta) cafe", r"went (?:dead|out)", r"died", r"olio feo")
_BACKFEED = _words(r"(?:into|in|to|through) (?:the |a |our |my )?(?:dryer|wall|range|stove|house) (?:outlet|plug|receptacle)s?",
                   r"hooked (?:up )?(?:to|into) (?:the )?(?:house|panel)", r"(?:plugged|wired) (?:\w+ ){0,3}(?:into|to) (?:the )?(?:house|panel|dryer)",
                   r"back ?feed\w*", r"no transfer switch", r"(?:don'?t|do not) have a transfer switch", r"suicide cord",
                   r"(?:double|male)[- ](?:ended|end) (?:cord|plug)", r"adapter cord")
_LINE = _words(r"wires?", r"(?:power|electric|service|utility) lines?", r"lines?", r"(?:power |utility )?poles?",
               r"meter(?: box| base)?",
               r"service drop", r"mast", r"weatherhead")
_DOWN = _words(r"down", r"knocked (?:over|down|off)", r"ripped (?:off|out)", r"torn (?:off|out)", r"across", r"hanging", r"dangling", r"fell", r"fallen", r"took down", r"ripped", r"pulled (?:off|down)",
               r"laying", r"lying", r"on the (?:ground|lawn|fence|road|street|car|driveway|yard|grass)", r"sparking")

# a sewer word that only names a smell ("a sewer kind of smell", "smells like sewage") is no sewage on the floor;
# the same sentence can still name sewage that is ("sewage coming up, it smells like sewer")
_SMELL_OF = r"(?<!smells like )(?<!smell like )(?<!smells of )(?<!smell of )(?<!odor of )"
_AS_A_SMELL = r"(?!(?: kind of| sort of| type of|-?like|-?type|-?ish)? (?:smell|odou?r|stench|gas)\b)"
_SEWAGE = _words(_SMELL_OF + r"sewage" + _AS_A_SMELL, _SMELL_OF + r"sewer" + _AS_A_SMELL, r"raw sewage", r"toilet water", r"(?:brown|black|gr[ae]y|dirty|nasty) water",
                 r"poop", r"aguas? negras?", r"aguas? sucias?",
                 r"drenaje", _SMELL_OF + r"septic" + _AS_A_SMELL)
_COMING_UP = _words(r"llegando a", r"salen? (?=(?:agua|aguas|mucha|por|del)\b)", r"desbord\w*", r"back\w* up", r"backups?", r"sacando", r"por el piso", r"en el piso", r"spew\w*", r"bubbl\w* up", r"onto the floor", r"won'?t quit", r"backed up", r"backin", r"(?:comes?|coming|came) (?:up|out|in|into)", r"overflow\w*",
                    r"on the floor", r"in the (?:basement|tubs?|shower|house)", r"into (?:the |both |our )?\w+",
                    r"everywhere", r"all over", r"saliendo", r"up (?:through|out)")

_TREE = _words(r"trees?", r"limbs?", r"branch(?:es)?", r"oak", r"pine", r"fir", r"spruce", r"maple", r"elm", r"cedar", r"cottonwood", r"poplar", r"chimney", r"arbol", r"rama")
_ON_THE_HOUSE = _words(r"fell", r"fallen", r"came down", r"crashed", r"crushed", r"smashed", r"punched through", r"went (?:through|into)", r"through the (?:roof|house|ceiling|window)",
                       r"on (?:the |our |my )?(?:\w+ )?(?:roof|house|home|garage)", r"onto", r"sobre (?:el |la )?(?:techo|casa)",
                       r"se cayo")


# In order of what the safety guidance should speak to first.
HAZARDS: list[Hazard] = [
    Hazard("gas", _GAS, _GAS_SIGN, unless=_GAS_CHECKUP),
    Hazard("gas", _words(r"huele a gas", r"fuga de gas", r"olor a gas")),
    Hazard("gas", _SKUNK_BY_APPLIANCE, _GAS_APPLIANCE, unless=_words(r"animal", r"died", r"dead", r"critter")),
    Hazard("co", _CO, _ALARM_OR_SYMPTOM),
    Hazard("co", _FUEL_BURNER, _SYMPTOM),
    Hazard("co", _words(r"detectors?", r"alarms?", r"monitors?"),
           _words(r"beep\w* (?:4|four) times", r"(?:says|shows|reads|reading|at) \"?(?:[3-9]\d|[1-9]\d\d)\"? (?:on (?:the|its) (?:screen|display)|on it|ppm)")),
    Hazard("co", _words(r"smell\w* (?:\w+ ){0,2}(?:like |of )?(?:car |truck )?exhaust", r"exhaust (?:fumes? )?(?:into|in) the (?:house|home|basement)",
                        r"blowing exhaust", r"exhaust smell")),
    Hazard("co", _words(r"(?:furnace|flue|exhaust|water heater|boiler|heater) (?:vent|pipe|flue|stack)s?", r"flue (?:pipe)?"),
           _words(r"knocked (?:off|loose|down|over)", r"fell (?:off|down|apart)", r"came (?:off|apart|loose|down)", r"disconnected", r"blew off",
                  r"separated", r"fallen (?:off|down)", r"pulled (?:off|apart|loose)")),
    Hazard("co", _SYMPTOM, needs=_SYMPTOMS_AT_HOME),
    Hazard("fire", _words(r"smoke (?:is |was )?(?:coming|came|pouring|rolling|billowing|from|out|in the)", r"on fire",
                          r"flames?", r"caught fire", r"electrical fire", r"burn\w* (?:\w+ )?(?:smell|odou?r)", r"incendio",
                          r"(?:hot|electrical|melting) (?:electrical |plastic )?(?:smell|odou?r)",
                          r"smoke detectors? (?:is |are )?(?:going off|went off)",
                          r"smell\w*(?: \w+){0,3}? (?:like )?(?:something )?(?:burn\w*|melt\w*|electrical|smoke|plastic|hot\b(?! (?:days?|weather|afternoons?)))",
                          r"(?:huele|olor) a quemado", r"sale humo"),
           unless=_words(_BURNER_LIGHTS, _FIRE_AS_RISK, _NO_FIRE, _COOKING, r"shower steam")),
    # a few dangers in the other languages customers write in: Portuguese, Vietnamese, Haitian Creole
    Hazard("fire", _words(r"fumaca", r"cheiro de queimado", r"khoi", r"mui khet", r"sant boule", r"lafimen")),
    Hazard("flooding", _words(r"debode\w*", r"dlo toupatou", r"agua (?:no|pelo|em todo o) (?:porao|chao)", r"nao consigo fechar")),
    Hazard("fire", _EQUIPMENT, _BURNING, unless=_words(r"snow\w*", r"ice", r"thaw\w*", _BURNER_LIGHTS, _FIRE_AS_RISK, _NO_FIRE, _COOKING)),
    # "Wingfield Hills Rd Sparks": the town of Sparks, Nevada, is no spark
    Hazard("electrical", _words(r"(?<!rd )(?<!st )(?<!dr )(?<!ln )(?<!ave )(?<!way )spark(?:s|ed|ing)?(?! plug| nv\b| nevada)",
                                r"chispa\w*", r"chispe\w*", r"zapped", r"shocked", r"electrified",
                                r"electrocut\w*", r"(?:got|get|getting|gets) (?:a )?shock(?:ed)?", r"shock(?:ed)? me", r"downed (?:power )?lines?"),
           unless=_words(r"(?:tiny|small|little|brief|quick)(?: blue)? spark\w* (?:when|as) (?:i |you |we )?(?:plug|unplug)\w*",
                         r"(?:plug|unplug)\w*.{0,60}(?:tiny|small|little|brief|quick)(?: blue)? spark\w*")),
    # stray voltage: a tingle from metal that should be dead ("the faucet zaps me")
    Hazard("electrical", _words(r"(?:da|dio|dan|dando|me da) toques?", r"toques? de (?:corriente|luz)"), needs=_words(r"lavadora", r"agua", r"moj\w*", r"tina", r"llave", r"regadera")),
    Hazard("electrical", _words(r"fizzy", r"tingl\w*", r"zaps?", r"zapping", r"jolt\w*", r"(?:little|small|mild|slight) shock\w*", r"buzz(?:es|ed)? me"),
           _words(r"faucets?", r"tub", r"shower", r"sinks?", r"fridge", r"refrigerator", r"appliances?", r"metal", r"pipes?",
                  r"washer", r"dryer", r"stove", r"oven", r"railing", r"pool", r"spigot", r"light switch", r"outlet", r"water", r"hands?", r"skin")),
    # a lost neutral: part of the house dead while other lights surge brighter
    Hazard("electrical", _words(r"half (?:the|my|our) (?:house|home|outlets|lights|circuits)(?: \w+){0,2} (?:lost|has no|went out|is out|are out|dead|died)",
                                r"(?:lights?|lamps?|bulbs?) (?:\w+ ){0,4}(?:brighten\w*|(?:get|gets|getting|go|goes|going|got) (?:really |very |super |extra |real )?bright(?:er)?|surg\w*)",
                                r"(?:dim|dims|dimming) (?:and|then) (?:bright\w*|surg\w*)")),
    Hazard("electrical", _LINE, _DOWN, unless=_words(r"phone", r"internet", r"cable tv", r"fishing", r"clothes ?line", r"sprinkler\w*", r"irrigation",
                                                         r"(?:drain|sewer|water|supply|fridge|refrigerator|ice ?maker|washer|dishwasher|gas) lines?", r"hold", r"text")),
    Hazard("electrical", _EQUIPMENT, _HOT_OR_LOUD, unless=_words(r"fan is loud", r"hot water", r"hot tub")),
    # an outlet, switch or panel warm and browning, buzzing or dead: the connection behind it is cooking
    Hazard("electrical", _WIRING_DEVICE, _words(r"warm", r"hot(?! water| tub)", r"(?:esta |muy |bien |tan )?caliente"), unless=_words(r"(?:a little|slightly|a bit) warm"),
           needs=_OVERHEATING_SIGN),
    Hazard("electrical", _WIRING_DEVICE, _words(r"fizz\w*", r"zumb\w* (?:bien |muy )?fuerte", r"truena", r"chisporrote\w*")),
    # a generator plugged into a house outlet sends power back up the street's lines (no transfer switch)
    Hazard("electrical", _words(r"generator", r"generador"), _BACKFEED),
    Hazard("electrical", _WATER, _words(r"outlets?", r"(?:sub ?)?panel", r"breakers?(?: box)?", r"fuse ?box", r"electrical box",
                                       r"sockets?", r"enchufes?"),
           unless=_words(r"gfci", r"outside outlet")),
    # a boiler over pressure: the relief valve lets go, the gauge far past its normal 12-25 psi
    Hazard("boiler_pressure", _words(r"boiler", r"relief valve", r"pressure valve", r"gauge", r"t ?(?:&|and) ?p(?: relief)? valve"),
           _words(r"spitting", r"spew\w*", r"discharg\w*", r"letting go", r"blowing (?:off|steam)", r"popping off", r"venting",
                  r"steam (?:is )?(?:coming|pouring|shooting|blowing|hissing)", r"blowing (?:steam\w*|scalding|boiling)(?: hot)?(?: water)?",
                  r"(?:going to|gonna|about to) (?:blow|explode|burst)",
                  r"(?:up |way |climbed |over |past |above )(?:past |over |to )?(?:3\d|[4-9]\d) ?(?:psi|lbs?)?",
                  r"(?:pegged|maxed|in the red)", r"whistl\w*", r"(?:way )?(?:past|above|over) (?:the )?(?:normal|red|max\w*)")),
    Hazard("boiler_pressure", _words(r"(?:tap|faucet|pipe|valve|line)(?: \w+){0,5} (?:spitting|spewing|sputtering|blowing) (?:out )?(?:steam|water|hot)",
                                     r"steam (?:is )?(?:coming )?(?:out of|from) (?:the )?(?:hot )?(?:water )?(?:tap|faucet|pipe|valve)",
                                     r"(?:tap|faucet) (?:\w+ ){0,3}spitting steam"),
           needs=_words(r"water heater", r"hot water", r"boil\w*", r"tank", r"knock\w*", r"hiss\w*")),
    Hazard("flooding", _words(_NOT_AFTER + r"flood(?:ing|ed)", _NOT_AFTER + r"inund\w+", r"se (?:esta )?inundando",
                              r"(?:basement|crawl ?space|floor) has (?:\w+ ){0,3}inch\w*", r"into the basement",
                              r"(?:rain|water|agua)(?:'s| is)? (?:really |still |now )?(?:pouring|coming|getting|dripping|leaking|blowing) (?:straight |right )?in(?:to|side)?",
                              r"raining (?:in|inside) (?:the |my |our )?(?:house|home|\w+ ?room|kitchen|bedroom|basement|garage|attic|hall\w*)",
                              r"taking on water", r"water in every room",
                              # water up through the slab or floor: groundwater or a broken line under the house
                              r"(?:water|agua)(?: \w+){0,2} (?:coming|bubbling|seeping|pushing|welling) up (?:through|from|out of) (?:the )?(?:\w+ )?(?:floor|slab|tile|concrete|foundation|crack)",
                              r"(?:sale|brota\w*) (?:el )?agua del (?:piso|cemento)", r"agua (?:\w+ )?(?:sale|brota\w*) del (?:piso|cemento)",
                              r"(?:water|agua) (?:is )?(?:\w+ )?(?:coming|pouring|gushing|spraying|running) out (?:of|from) (?:the |a )?(?:wall|ceiling|floor)",
                              r"(?:rain|water|agua) (?:is )?(?:really |still |now )?(?:running|seeping|flowing) in(?:to|side)\b(?! the (?:sink|tub|drain|toilet|bowl))",
                              r"(?:filling|filled) (?:up )?with water", r"(?:basement|crawl ?space|room|floor) is filling",
                              r"(?:through|thru) (?:the |our |my )?(?:\w+ )?(?:ceil\w*|roof|walls?|floor|light\w*)",
                              r"ceil\w* (?:is |has )?(?:started )?(?:bulg\w*|sagg\w*|bubbl\w*|caving|collaps\w*|falling|came down)",
                              r"(?:spot|stain|bulge|puddle)\w* (?:\w+ ){0,3}(?:getting bigger|growing|spreading)",
                              r"leak\w* (?:really |so |very |pretty )?(?:bad|badly|a lot|fast)", r"fuga (?:muy )?grande",
                              r"can(?:'?t|not) (?:shut|turn|stop) (?:off )?(?:the )?(?:water|leak)",
                              r"(?:won'?t|wont|doesn'?t|can'?t) stop (?:leaking|spraying|pouring|coming|gushing|overflowing|running over)",
                              r"cayendo agua", r"agua (?:\w+ ){0,3}(?:techo|lampara)", r"agua (?:esta |se esta )?(?:entrando|metiendo)",
                              r"(?:entra|se mete) (?:el |mucha )?agua",
                              r"hasta (?:los tobillos|las rodillas)",
                              r"(?:ceil\w*|roof|techo) (?:is )?(?:literally |just |now )?(?:raining|pouring|gushing)",
                              r"(?:running|pouring|streaming|coming|dripping) down (?:the |our |my )?(?:cabinets|walls?|stairs|inside)"),
           unless=_words(r"(?:mini ?split|a/?c|air handler|heat pump|condensate)(?: \w+){0,6} (?:dripping|leaking)",
                         r"flood\w* (?:my|our|the) (?:inbox|phone|email|texts?|dms)")),
    # "a river in my basement", "the kitchen is turning into a swimming pool"
    Hazard("flooding", _words(r"rivers?", r"lake", r"pond", r"swimming pool", r"pool", r"ocean", r"waterfall"),
           _words(r"basement", r"kitchen", r"bathroom", r"house", r"living room", r"bedroom", r"garage", r"laundry",
                  r"crawl ?space", r"hall\w*", r"floor", r"sotano", r"casa"), unless=_words(r"pool (?:pump|heater|light)", r"by the lake")),
    Hazard("flooding", _WATER, _OVERHEAD_OR_LIVE,
           unless=_A_LITTLE + "|" + _words(r"(?:a/?c|air handler|unit|mini ?split)(?: \w+){0,2} dripping", r"drain pan", r"pan (?:is )?full",
                                            r"outdoor", r"pool", r"landscape")),
    # the floor tells it: "the basement carpet squishes", "the rug is soaked through"
    Hazard("flooding", _words(r"carpet(?:ing)?", r"rugs?", r"floors?", r"drywall", r"baseboards?", r"subfloor", r"hardwood",
                              r"floorboards?", r"laminate", r"alfombras?"),
           _words(r"squish\w*", r"soak\w*", r"buckl\w*", r"sopping", r"saturated", r"drenched", r"waterlogged", r"puddl\w* everywhere", r"se moj\w*", r"mojad[ao]s?", r"empapad\w*",
                  r"wet (?:\w+ ){0,5}(?:all the way|wall to wall|across the (?:room|floor|basement))"),
           unless=_A_LITTLE),
    # water outdoors that heads for the house: "it's running toward the garage and the floor is wet"
    Hazard("flooding", _WATER, _words(r"(?:running|flowing|heading|pooling|pouring|coming|draining) (?:right )?(?:toward|towards|into|against|up against|at) "
                                      r"(?:the |our |my )?(?:house|home|garage|foundation|basement|front door|back door)"),
           unless=_words(r"rain ?water", r"gutters?", r"downspouts?", r"when it rains", r"grading", r"slopes?")),
    # a drip that never stops is still a drip, unless it comes from overhead (above)
    Hazard("flooding", _WATER, _SPREADING, unless=_OUTDOOR_OR_NORMAL + "|" + _A_LITTLE + "|" + _DRIPS_ON),
    Hazard("flooding", _PIPE, _BROKE, unless=_words(r"garden hose", r"sprinkler\w*", r"spring"), source=True),
    # "the tank is gushing out of a seam": the pipe or tank itself named as what pours
    Hazard("flooding", _PIPE, _words(r"gush\w*", r"pour\w*", r"spray\w*", r"spew\w*", r"spurt\w*", r"pissing", r"shoot\w*"),
           unless=_OUTDOOR_OR_NORMAL + "|" + _A_LITTLE),
    Hazard("flooding", _SHUTOFF, _WONT_CLOSE, unless=_A_LITTLE, needs=_FLOWING),
    Hazard("flooding", _words(r"(?:don'?t|dont|do not|no idea) (?:know )?(?:where|how) to (?:shut|turn)(?: \w+){0,2} off"),
           unless=_A_LITTLE, needs=_FLOWING),
    Hazard("sewage", _SEWAGE, _COMING_UP,
           unless=_PREVENTED),
    # "when we flush it comes up in the tub": the main sewer line is blocked, whatever the water looks like
    Hazard("sewage", _words(r"jal\w* (?:la cadena|el inodoro|el excusado|la palanca)", r"(?:el inodoro|el excusado) (?:\w+ )?se (?:esta )?regres\w*"),
           _words(r"(?:sale|salen|sube|suben|regresa)\w* (?:\w+ ){0,3}(?:por|en) (?:la |el )?(?:tina|banera|regadera|coladera)")),
    Hazard("sewage", _words(r"flush\w*"), _words(r"(?:comes?|coming|came|bubbl\w*|backs?|backed|backing|gurgl\w*) up (?:in|into|through|out)",
                                             r"(?:fills?|filling) (?:up )?the (?:tub|shower|sink)")),
    Hazard("sewage", _words(r"toilets?", r"bowl", r"inodoro"),
           _words(r"overflow\w*", r"running over", r"(?:coming|came|comes) up (?:out of|through|from|in)"),
           needs=r"\b(?:won'?t stop|wont stop|still coming|keeps? (?:coming|overflowing|running)|under the (?:\w+ )?door|into the (?:\w+ )?(?:room|hall\w*|bedroom|carpet)|whole (?:bathroom )?floor|from below|both toilets|all (?:the )?toilets)\b"),
    # a floor drain coming up is the sewer backing up, whatever colour they call it
    Hazard("sewage", _words(r"floor drains?", r"basement drains?", r"clean ?outs?"),
           _words(r"bubbl\w* up", r"back\w* up", r"backed up", r"overflow\w*", r"(?:comes?|coming|came|gurgl\w*) up",
                  r"not going (?:back )?down", r"won'?t go (?:back )?down"),
           unless=_words(_PREVENTED, r"(?:smell|odou?r|stench|stink|gas)\w*(?: is| keeps)? (?:comes?|coming|came) up")),
    # a sump pump that quit while the pit fills (in rain) floods the basement within the hour
    Hazard("flooding", _words(r"sump(?: pump)? pit", r"pit", r"crock", r"basin", r"sump"),
           _words(r"filling(?: up)?", r"rising", r"(?:\d+|few|couple|an?) inch\w* from the (?:top|rim|edge)",
                  r"(?:about|going) to (?:overflow|spill)", r"almost (?:full|to the top)", r"overflow\w*"),
           needs=r"\b(?:stopped|died|dead|quit|failed|burn(?:ed|t) out|seized|not (?:working|running|pumping|kicking on|turning on)|"
                 r"isn'?t (?:working|running|pumping|kicking (?:on|in))|won'?t (?:turn|kick|come) (?:on|in)|not kicking (?:on|in))\b"),
    # a walk-in cooler or vaccine fridge warming with the stock inside
    Hazard("stock_at_risk", _words(r"walk[- ]?in(?: cooler| freezer| box)?", r"vaccine (?:fridge|refrigerator|freezer)", r"reach[- ]in",
                                   r"(?:dairy|meat|deli) case", r"cooler"),
           _words(r"(?:and |is |temps? )?(?:climbing|rising|going up|subiendo)", r"(?:at|is) (?:[4-9]\d|\d\d?c)\b(?: degrees)?", r"stopped",
                  r"compressor (?:not|isn'?t|won'?t) (?:running|working|kicking)", r"marca \d+"),
           needs=_words(r"\$\d\w*", r"stock", r"inventory", r"inventario", r"vaccines?", r"meat", r"produce", r"restaurant\w*", r"market",
                        r"store", r"tienda", r"food")),
    Hazard("structural", _TREE, _ON_THE_HOUSE, unless=_words(r"missed (?:the |our |my )?(?:house|home|roof)")),
    Hazard("structural", _words(r"se (?:llevo|volo|arranco) (?:parte del |medio |el |la mitad del )?techo", r"llov\w* (?:adentro|dentro)")),
    # a roof opened by the storm with more weather coming: a tarp blown off
    Hazard("structural", _words(r"tarps?(?: \w+){0,8} (?:blew|blown|ripped|came|torn) (?:off|away)", r"(?:tore|ripped|blew|pulled) (?:the |our |a )?(?:\w+ )?tarps? (?:off|away)",
                                r"lona(?: \w+){0,8} se (?:volo|cayo)"),
           needs=_words(r"storms?", r"rain\w*", r"tormentas?", r"lluvias?", r"hurricane", r"wind")),
    # a garage door cable or spring still wound up after one side let go: it can whip and hurt whoever comes near
    Hazard("structural", _words(r"cables?", r"springs?"), _words(r"(?:still )?under (?:a lot of )?tension", r"whipp\w*"),
           needs=_words(r"garage", r"(?:garage )?door", r"puerta")),
    # a garage door off its cables or track, hanging over someone
    Hazard("structural", _words(r"(?:garage )?door", r"puerta(?: del garaje)?"),
           _words(r"hanging (?:crooked|by|off|down)", r"dropped (?:on one side|down)", r"leaning (?:back|in|out|over)", r"held up by",
                  r"came off (?:the )?(?:tracks?|top)", r"off (?:the |its )?tracks?", r"chuec\w*", r"colgando"),
           needs=_words(r"under (?:it|the door|there)", r"underneath", r"debajo", r"de abajo", r"groaning",
                        r"(?:kids?|son|daughter|hijos?)(?: \w+){0,3} (?:need|needs|quiere|to get|under|near)")),
    Hazard("structural", _words(r"holes? (?:in|through) (?:the |our |my )?(?:roof|ceiling)",
                                r"(?:peeled|tore|ripped|blew) (?:the |our )?roof (?:back|off|open)", r"can see (?:the )?sky",
                                r"roof (?:has |is )?(?:collapsed|collapsing|caved|caving|blew off|came off|ripped off|is gone)",
                                r"half (?:of )?(?:the |our |my )roof", r"open to the (?:sky|sky and|weather|rain)",
                                r"(?:ripped|tore|blew|peeled|lifted) (?:back |off |up )?(?:a |the )?(?:big |large )?(?:section|part|piece|chunk|sheet|strip|corner) of (?:the |our |my )?(?:\w+ )?roof",
                                r"(?:ripped|torn|tore|blew) (?:the |our )?(?:service )?mast",
                                r"(?:door|garage door) (?:fell|came down) on(?! (?:my|the|our|his|her) (?:car|truck|hood|van|suv|bike|trash))",
                                r"(?:slammed|fell|came|landed|dropped) (?:down )?on (?:my |his |her |the |our )?(?:\w+'?s )?(?:husband|wife|son|daughter|kids?|child|arm|leg|head|foot|hand|dog)",
                                r"hanging by (?:one|a|its last|the last) (?:cable|wire|thread|spring|bolt|hinge)",
                                r"(?:wind|storm|tornado|hurricane|hail) (?:took|tore|ripped) (?:off )?(?:a |the )?(?:big |large )?(?:piece|section|part|chunk|half) of (?:the |our )?roof",
                                r"(?:mom|dad|mother|father|grandma|grandpa|baby|(?:stuck|locked) (?:inside|in) (?:the )?(?:garage|attic|basement|closet|elevator|crawl ?space))\b.{0,40}(?:stuck|locked|trapped|can'?t get out)",
                                r"(?:someone|somebody|he|she|i'?m|i am|we'?re|we are|kids?|child|son|daughter|dog|cat|husband|wife|person)"
                                r"(?: \w+){0,2} (?:is |are |got )?(?:trapped|pinned) (?:under|inside|in|by)")),
]

# no heat is dangerous when it is freezing or someone vulnerable lives there; no AC, only with the vulnerable
_HEAT_LOSS = [
    r"\bno heat\b", r"\b(?:heat pump|mini ?split|outdoor unit)\b(?: \w+){0,6} (?:iced (?:up|over)|block of ice|covered in ice|frozen (?:solid|over|up))",
    r"\b(?:heat pump|mini ?split|furnace|heater|boiler)\b(?: \w+){0,4} stopped heating\b", (r"\b(?:furnace|heater|boiler|heat pump|heat)\b(?:'s)?(?: \w+)? (?:been out|quit|died|dead|stopped|is out|went out|out|"
    r"not working|not heating|isn'?t heating|broke|failed|is off)\b"), r"\b(?:furnace|heater|boiler|heat pump|heat)\b(?: \w+){0,6} blowing cold\b",
    (r"\b(?:furnace|heater|boiler|heat pump|heat)\b(?: \w+)? (?:won'?t|wont|isn'?t|isnt|is not|not|doesn'?t|doesnt|never)"
    r" (?:\w+ )?(?:start\w*|turn\w* on|kick\w* on|come on|coming on|fir\w* up|light\w*|heat\w*|work\w*|run\w*)\b"),
    r"\b(?:furnace|heater|boiler|heat pump)\b(?:'s)?(?: \w+)? (?:isn'?t|isnt|is not|not|won'?t|doesn'?t) (?:putting out|giving (?:off|out)|blowing|producing|making)(?: any)? (?:heat|warm)",
    r"\bsin calefaccion\b", r"\b(?:se descompuso|se apago|dejo de funcionar) (?:la |el )?(?:calefaccion|calefactor|caldera|heater|furnace)\b", r"\bno (?:hay|tenemos) calefaccion\b", r"\bno (?:prende|funciona) (?:la )?calefaccion\b",
    r"\b(?:el |la )?(?:furnace|heater|calefaccion|calentador|caldera|calefactor|boiler)\b(?: \w+)? no (?:prende|funciona|sirve|calienta|enciende|jala)\b",
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
_NOBODY_HOME = re.compile(r"\b(?:house is empty|vacant|nobody(?:'s| is)? (?:home|there|living|lives)|no one(?:'s| is)? (?:home|there|living|lives))\b")
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

# "the heater you installed 3 weeks ago split open": the weeks date our work, not the danger
_NOT_OUR_WORK = r"(?<!installed )(?<!put in )(?<!replaced )(?<!repaired )(?<!serviced )(?<!fixed )(?<!did )(?<!snaked )(?<!cleared )"

# power out where someone depends on a machine to breathe or for dialysis
_POWER_LOSS = [(r"\b(?:no power|lost power|without power|power(?:'s| is| has| went| has gone)?(?: been)? (?:out|off|down)|"
               r"(?:power|electric\w*) outage|se fue la luz|sin luz)\b")]
# a well gone dry in a freeze: no water to drink, wash or keep the pipes moving, for someone who needs it
_WELL_DRY = [r"\b(?:well|well pump|pozo)\b(?: \w+){0,3} (?:stopped|died|quit|dead|failed|is out|not working|(?:has|is) no water|(?:ran|is|went) dry)\b",
             r"\bno water\b(?: \w+){0,6} (?:well|pozo)\b",
             r"\b(?:pozo|bomba del pozo)\b(?: \w+){0,3} (?:no (?:da|sale|tiene|hay|saca) agua|se sec[oó]|dej[oó] de (?:funcionar|servir)|no sirve|no funciona)"]
_LIFE_SUPPORT = [r"\b(?:oxygen|concentrator|ventilator|dialysis|life support|bipap|feeding pump|oxigeno)\b"]

_RESOLVED = re.compile(
    r"\b(?:gone now|gone (?:once|when|after|as soon)|dry now|went away|goes away|(?:it'?s|its|is|are|all|everything'?s|seems|looks|been) (?:fine|ok|okay) now|stopped now|has stopped|all good now|"
    r"stopped (?:on its own|by itself)|every (?:year|fall|winter)|each (?:year|fall|winter)|"
    r"last (?:year|month|week|winter|spring|summer|fall)|back in|in (?:19|20)\d\d|"
    rf"(?:works?|worked|working|been) fine (?:since|after|now)|(?:quiet|silent) now|stopped (?:beeping|chirping|going off)|dried (?:up|out)|last weeks?'?s?|{_NOT_OUR_WORK}(?:years ago|(?:couple(?: of)?|few|several|two|three|\d+) (?:weeks|months) ago|a (?:week|month|while) ago|a while back|long time ago)|second opinion|was fixed|been fixed|came and fixed|fixed it|no longer|anymore|(?<!not )(?<!not the )(?<!not a )(?<!not like )(?<!no )dust(?:y)?|burn(?:ing)? off|burn-off|"
    r"stopped when|(?:it|leak|drip|water|rain) (?:has |had )?stopped(?! working)|for now|under control|contained|nothing since|hasn'?t (?:happened|done it|grown) since|only (?:once|one time)|"
    r"(?:old|previous|earlier|prior) (?:leak|flood)|for (?:months|years)|been like that|it'?s fine|(?:was|were) tested|"
    r"first time (?:\w+ ){0,3}(?:turn|turned|run|running|ran|use|using|start|starting)|"
    r"(?:gas company|gas co|utility|fire department|fire dept) (?:came|has been|was|already came) (?:out|here|by|over)|a towel (?:catches|gets|handles|soaks up) it|"
    r"threw it (?:out|away)|got rid of it|fixed the|(?:were|was|came) (?:out|here|by) for|thanks? (?:you )?(?:\w+ ){0,3}for (?:coming (?:out|over|by)|fixing|the (?:quick )?(?:repair|fix|work))|(?:smell|it)(?:'s| is| has) gone(?! (?:kind|sort|brown|tan|black|dark|yellow))|aired (?:it|the \w+) out|"
    r"(?:red[- ])?tagged (?:it|the \w+)|(?:had|got) it patched|stopped (?:growing|spreading|getting bigger)|"
    r"no leaks? (?:inside|in the house|anywhere)|(?:didn'?t|doesn'?t look like it|did not) (?:\w+ )?(?:go|went) (?:through|in)|"
    r"last (?:january|february|march|april|may|june|july|august|september|october|november|december)|(?:no|nothing) (?:water |sewage )?coming up|"
    r"(?:put|pusimos|puse) (?:a |an |una |un )?(?:bucket|cubeta|pan|bowl|towel|toalla|balde)|(?:flooded|burst|leaked)(?: \w+){0,3} in the (?:spring|summer|fall|winter)|"
    r"nothing (?:is |got |was )?(?:wet|coming (?:in|into|through)|came (?:in|into|through)|got in)(?: inside)?|nothing now|"
    r"not (?:dripping|leaking|coming) (?:inside|in|through)|drained (?:down|out|away)|hasn'?t (?:\w+ )?since|"
    r"(?:haven'?t|havent) used it since|(?:beeped|chirped|went off) (?:just )?once|(?:fine|ok|okay|good) since|"
    r"(?:was|it was) (?:just )?(?:the )?(?:burnt |burned )?(?:toast|cooking|bacon|popcorn|shower steam))\b"
)
_BACK_AGAIN = re.compile(r"\b(?:(?:going|started|starting|beeping|sounding|leaking|coming|pouring|dripping|smoking|sparking) (?:\w+ ){0,2}again|"
                         r"(?:went|goes|going|is) (?:out|off) again|came back|(?:is|it'?s|came|went|comes) back on|(?:it|smell|smoke|leak)(?:'s| is) back)\b")
# "I shut the water off but it's still dripping onto the panel": a danger stopped at its source can go on
_STILL_GOING = re.compile(
    r"\b(?:still|keeps?|sigue|siguen) (?:\w+ ){0,2}?(?:dripp\w*|leak\w*|coming|comes|pour\w*|running|draining|smok\w*|spark\w*|smell\w*|"
    r"burn\w*|hot|beep\w*|going off|sounding|rising|spreading|hiss\w*|cayendo|saliendo|entrando|goteando)\b|"
    r"\b(?:getting|gets|got) (?:stronger|worse|bigger|deeper)\b|\b(?:can'?t|cannot|can not) keep up\b"
)
# a later text that explains the alarm away or says it ended: "never mind, it was just the stove knob",
# "the fire dept checked, all fine", "it's out", "the smell is gone"
_DEFUSED = re.compile(
    r"\b(?:never ?mind|false alarm|nope|no wait|(?:it was|it'?s|that'?s|era|es) (?:just|only|solo|nomas)|"
    r"all (?:good|fine|clear)|todo bien|"
    r"(?:it'?s|is|and) (?:safe|disconnected)|not dangerous|looks (?:fine|ok|okay|normal)|works fine|"
    r"(?:smell|smoke|water|fire|it|alarm)(?:'s| is| has)? (?:mostly )?(?:gone|quiet|stopped)|it'?s (?:out|holding|dry)|it stopped|"
    r"no (?:smell|smoke) anymore|not (?:dripping|leaking|smoking) anymore|(?:fixed|cleared|repaired|replaced) it|"
    r"(?:checked|came|came out|is here|was here)(?: \w+){0,3} (?:fixed|cleared|took care|all fine|nothing)|"
    r"zero co|(?:low )?battery chirp|happened (?:just )?once)\b"
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


@dataclass(frozen=True)
class Danger:
    kind: str
    phrase: str  # the customer's words that showed it


def _affirmed_matches(pattern: str, sentence: str) -> list[re.Match[str]]:
    return [m for m in re.finditer(pattern, sentence) if not negated(sentence, m.start())]


def _shows(hazard: Hazard, sentence: str) -> str | None:
    """The words of `sentence` that show the hazard, if it does."""
    if hazard.unless and re.search(hazard.unless, sentence):
        return None
    things = _affirmed_matches(hazard.thing, sentence)
    if not hazard.state:
        return things[0].group(0) if things else None
    states = _affirmed_matches(hazard.state, sentence)
    for thing in things:
        for state in states:
            if state.end() <= thing.start() or state.start() >= thing.end():  # two words, not one read twice
                start, end = min(thing.start(), state.start()), max(thing.end(), state.end())
                return sentence[start:end]
    return None


# "my AC disconnect looks rusty / ok I went out to look and it's smoking": the later "it" is the thing named before
_PRONOUN_SUBJECT = re.compile(r"\b(?:it|its|it'?s|it is|one|they|they'?re)(?: \w+){0,2} $")
_PLACE_WORD_BEFORE = re.compile(r"\b(?:in|on|at|near|by|under|the|a|from|into|to) $")  # "it's in the attic" places it, no more


def _shown_of_earlier(hazard: Hazard, sentence: str, earlier: str) -> str | None:
    """The words of `sentence` that put a thing named in an `earlier` text in a dangerous state ("it's smoking")."""
    if not hazard.state or (hazard.unless and re.search(hazard.unless, sentence)):
        return None
    for state in _affirmed_matches(hazard.state, sentence):
        before = sentence[:state.start()]
        named = re.search(hazard.thing, f"{earlier} {before}")  # named before, even as a worry ("if the CO alarm goes off")
        if named and _PRONOUN_SUBJECT.search(before) and not _PLACE_WORD_BEFORE.search(before):
            return (clause_before(sentence, state.start()) + state.group(0)).strip()
    return None


def _any(patterns: list[str], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            if not negated(text, match.start()):
                return match
    return None


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
    return last_clause if _shows(hazard, last_clause) else sentence


def _last_word(told: list[bool | None]) -> bool:
    """Whether the last sentence that said anything about a danger said it ended (True) rather than goes on."""
    said = [t for t in told if t is not None]
    return bool(said and said[-1])


def _over(hazard: Hazard, parts: list[str], i: int) -> bool:
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


def _sheltered(parts: list[str], i: int) -> bool:
    """A text after parts[i] has the one at risk somewhere safe or the heat back, and none after says it failed again."""
    return _last_word([False if _BACK_AGAIN.search(s) or _STILL_GOING.search(s) else (True if _SHELTERED.search(s) else None)
                       for s in parts[i + 1:]])


def _sentence_at(parts: list[str], position: int) -> int:
    """The index of the sentence that holds `position` of " ".join(parts)."""
    end = 0
    for i, part in enumerate(parts):
        end += len(part) + 1
        if position < end:
            return i
    return len(parts) - 1


# "nothing's wrong here, just asking what a burst pipe at 2am costs": a question about someone else's night
_NOTHING_WRONG = re.compile(
    r"\b(?:nothing(?:'s| is|s) wrong(?! with)|everything(?:'s| is|s) (?:fine|ok|okay|good) (?:here|at (?:our|my) (?:place|house|end))|"
    r"for future reference|hypothetical(?:ly)?|just in case|(?:someone|somebody) in mind|jk|j/k|just kidding|wrong number)\b"
)


def find_danger(messages: list[str]) -> Danger | None:
    """The present danger the conversation describes, if any."""
    parts = [fold(s) for m in messages for s in sentences(m)]
    whole = " ".join(parts)
    if _NOTHING_WRONG.search(whole):
        return None
    for hazard in HAZARDS:
        if hazard.needs and not _affirmed_matches(hazard.needs, whole):
            continue
        for i, part in enumerate(parts):
            phrase = _shows(hazard, part) or _shown_of_earlier(hazard, part, " ".join(parts[:i]))
            poisoned = hazard.kind == "co" and _any([_SYMPTOM], whole)  # a silenced alarm with a headache is not over
            if phrase and (poisoned or not _over(hazard, parts, i)):
                return Danger(hazard.kind, phrase)
    vulnerable = _any(_VULNERABLE, whole)
    heat_loss = _any(_HEAT_LOSS, whole) or (_HEATER_NAMED.search(whole) and _any(_IT_STOPPED_HEATING, whole))
    cold_home = _any(_COLD_INSIDE, whole) and not _NOBODY_HOME.search(whole)
    if (heat_loss and (vulnerable or _any(_FREEZING, whole) or cold_home) and not _STILL_WARM.search(whole)
            and not _sheltered(parts, _sentence_at(parts, heat_loss.start()))):
        return Danger("no_heat", heat_loss.group(0))
    if _any(_WELL_DRY, whole) and vulnerable and _any(_FREEZING, whole):
        return Danger("no_water", _any(_WELL_DRY, whole).group(0))
    power_loss = _any(_POWER_LOSS, whole)
    if power_loss and _any(_LIFE_SUPPORT, whole):
        return Danger("medical_power", power_loss.group(0))
    cooling_loss = _any(_COOLING_LOSS, whole)
    if cooling_loss and vulnerable and _any(_HOT, whole) and not _sheltered(parts, _sentence_at(parts, cooling_loss.start())):
        return Danger("heat", cooling_loss.group(0))
    return None
_SELF_DECLARED_CALM = re.compile(
    r"\b(?:no rush|not urgent|no hurry|not an emergency|nothing urgent|whenever|flexible|"
    r"at your convenience|when(?:ever)? you (?:get a chance|have time|can)|no prisa|sin prisa|cuando puedan|"
    r"not in a hurry|any ?time (?:next|this) (?:week|month)|sometime|"
    r"for (?:future reference|the future|next time)|in case (?:we|i) ever|just (?:want|wanted) to know)\b"
)
_TIME_PRESSURE = re.compile(
    r"\b(?:asap|urgent|urgently|right away|immediately|hurry|emergency|today|tonight|come now|"
    r"(?:need|come|send|get|fix|here|over|someone)\b(?: \w+){0,3} right now|"  # "it's dry right now" is a state, not a deadline
    r"as soon as|first thing|on call|same day|urgente|hoy|ahorita|lo antes posible)\b"
)
_OUTAGE = re.compile(
    r"\b(?:no (?:hot water|heat|ac|a/c|air|power|water)|not (?:cooling|heating)|isn'?t (?:cooling|heating)|"
    r"won'?t (?:open|close|go up|go down|start|turn on)|stuck|trapped|can'?t get (?:my|the|out)|snapped|"
    r"backing up|quit|died|stopped working|(?:water )?pressure (?:dropped|fell|went) to (?:nothing|zero)|no (?:esta )?enfria|sin agua caliente)\b"
)


# "door works fine with the remotes", "I can close it by hand": the outage has a way around it
_WORKAROUND = re.compile(
    r"\b(?:works? fine|still works?|(?:can|could) (?:still )?(?:\w+ ){0,4}(?:by hand|manually)|by hand|manually|"
    r"(?:we'?re|we are|staying) (?:at|with) (?:my|our|a|the) \w+|house is empty|nobody(?:'s| is) (?:home|there|living))\b"
)


def sounds_pressing(messages: list[str], outage_counts: bool = True) -> bool:
    """The customer needs it soon: time pressure, or (for repairs) something they rely on is out and cannot be got round."""
    text = fold(" ".join(messages))
    patterns = [_TIME_PRESSURE.pattern] + ([_OUTAGE.pattern] if outage_counts and not _WORKAROUND.search(text) else [])
    return bool(_any(patterns, text))


def sounds_calm(messages: list[str]) -> bool:
    return bool(_SELF_DECLARED_CALM.search(fold(" ".join(messages))))
