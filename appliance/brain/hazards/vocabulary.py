"""The word groups hazards are built from: things (water, gas, wiring, a tree) and the states
that make them dangerous (pouring, smelled, smoking, on the roof), with the near misses that
use the same words. Regular expressions over folded text.
"""
from __future__ import annotations


def words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# what water in the wrong place is called ("water heater", "water stain" are not water on the loose)
WATER = words(r"(?<!hard )wa?te?r(?! (?:heater|softener|pressure|bill|filter|main|tank|spots?|stains?|marks?|damage|rings?|bottle))",
              r"agua(?! caliente)", r"leak\w*", r"dripp\w*", r"drips?", r"wet(?! spots?| stains?| marks?| patch\w*)",
              r"fugas?", r"gote\w*", r"moisture")
OVERHEAD_OR_LIVE = words(r"ceil\w*", r"cieling", r"celing", r"light fixtures?", r"fixtures?", r"lights?", r"lamps?",
                         r"lampara", r"ceiling fan", r"fan", r"outlets?", r"sockets?", r"(?<!solar )panel", r"breakers?(?: box)?",
                         r"electrical", r"attic", r"techo", r"can lights?", r"recessed lights?")
_ROOMS = (r"(?:(?:living |dining |family |laundry |bed|bath|sun|mud|play|great |rec |bonus |utility )?room|kitchen|garage|"
          r"basement|bedroom|den|office|nursery|closet|hall\w*|sunporch|porch|addition|attic|crawl ?space|house)")
# water that is more than a drip: violent verbs, volume, spreading, no end to it (English, slang, Spanish)
SPREADING = words(
    r"pour\w*", r"gush\w*", r"spray\w*", r"shoot\w*", r"squirt\w*", r"spew\w*", r"spurt\w*", r"blast\w*",
    r"rushing", r"stream\w*", r"pissing", r"fire ?hose", r"geyser", r"fountain",
    r"everywhere", r"all over(?: the (?:floor|place|room|house|basement))?", r"inch(?:es)?", r"(?:like |into )?an? (?:\w+ )?lake",
    r"rising", r"filling(?: up)?", r"deeper", r"spreading", r"getting worse", r"spread (?:across|through|into|all over|out over|to)",
    r"(?:towels?|buckets?|mops?|shop ?vacs?)\w* (?:aren'?t|isn'?t|can'?t|are not|is not|not|won'?t) (?:\w+ )?keep\w* up",
    r"non ?stop", r"can'?t get it to stop", r"won'?t quit", r"keeps? (?:coming|pouring|spraying|rising|getting (?:worse|bigger|deeper))",
    # an appliance that floods on after it was switched off: its supply valve, not its switch, stops it
    r"keeps? (?:draining|flowing|gushing|running|filling) (?:out(?! of)|over|up)", r"like a (?:wave|flood|river)",
    r"no deja de (?:llenarse|salir|entrar|tirar agua)",  # (a toilet that "no deja de correr" only runs)
    r"still (?:coming|pouring|spraying|leaking|running|going)",
    r"(?:down|coming down|running down) the (?:stairs|walls?|inside of the wall|hall\w*)", r"down the inside of the wall",
    rf"(?:running|pouring|coming|flowing|getting|going|seeping|dripping) in(?:to)? (?:the|our|my) {_ROOMS}",
    rf"into the (?:hall\w*|next room|{_ROOMS})", r"(?:going|getting) (?:into|under|in) the",
    r"under (?:the|our|my) (?:\w+ ){0,2}doors?", r"on the floor and",
    r"por todas partes", r"por todos lados", r"saliendo por todos", r"por tod[ao] (?:el|la) \w+", r"en tod[ao] (?:el|la) (?:piso|suelo|cuarto|bano|sala|cocina|sotano)", r"no para(?! de correr)",  # "el inodoro no para de correr": a running toilet
    r"a chorros?",
    r"(?:saliendo|salio|se salio|sale|llego|llega|llegando) al (?:cuarto|pasillo|sala|recamara|comedor)", r"por debajo de la puerta", r"(?:apartamento|departamento|cuarto) de abajo",
    r"(?:se )?moj\w* tod[ao]s?", r"sigue subiendo")
OUTDOOR_OR_NORMAL = words(r"faucet", r"sprinkler\w*", r"spigot", r"hose bib", r"shower ?head", r"drain line",
                          r"outside", r"yard", r"lawn", r"gutters?", r"rain ?water", r"pouring rain", r"it'?s pouring(?! water| out| from| in| into| through| down)",
                          r"condensate", r"garden hose", r"flower ?beds?", r"(?:the|to the|into the) street", r"ditch", r"storm drain")
# ("not a little, like a wave on the floor" is a lot)
A_LITTLE = words(r"(?<!not )a little", r"(?<!not )a bit", r"poquito", r"un poco", r"only when it rains", r"cuando llueve(?: mucho)?(?: nomas| nada mas)?", r"few drops", r"a drop", r"tiny", r"slight\w*", r"barely", r"pinholes?", r"not (?:a ton|much|a lot)",
                 r"small (?:puddle|drip|leak|amount|spot)s?", r"just a (?:damp|wet) (?:spot|patch)", r"slow (?:drip|leak)", r"just a drip",
                 r"(?:little|few|couple(?: of)?|occasional) drips?", r"drip(?:ping|s)? (?:a little|slowly|now and then)",
                 # water left standing inside an appliance or fixture: "an inch of water sitting in the bottom"
                 r"(?:sitting|standing|left) in the (?:bottom|dishwasher|tub|sink|washer|basin)", r"in the bottom of (?:the |my )?\w+")
# a mini-split or AC dripping down the wall is condensate, a service call
CONDENSATE_DRIP = words(r"(?:mini ?split|ductless|a/?c|air handler|heat pump|condensate)(?: \w+){0,8} (?:dripp\w*|drips|leak\w*)")
DRIPS_ON = words(r"drip\w* (?:non ?stop|constantly|all (?:day|night|the time)|24/7)")
PIPE = words(r"pipes?", r"(?:water )?mains?", r"(?:water|supply|main|feed|sewer|drain|fridge|ice ?maker|washer) (?:line|hose)s?",
             r"hoses?", r"fittings?", r"supply line", r"water heater", r"hot water (?:tank|heater)", r"tank",
             r"tuber\w*", r"tubos?", r"canos?", r"calentador", r"manguera")
BROKE = words(r"burst\w*", r"(?<!going to )(?<!gonna )(?<!about to )explod\w*", r"blew up", r"bust(?:ed)?", r"broke(?! off)", r"broken", r"snapped(?: off)?", r"split",
              r"pop(?:ped)? off", r"blew (?:off|out|apart)", r"came (?:off|apart|loose)", r"ruptur\w*", r"let go",
              r"revent\w*", r"rompi\w*", r"quebr\w*", r"rot[ao]s?")
SHUTOFF = words(r"shut ?offs?", r"valves?", r"mains?", r"llave")  # "can't find the leak" is no runaway water
WONT_CLOSE = words(r"can'?t (?:shut|turn|close|stop|find|get to|reach)", r"cannot (?:shut|turn|close|stop|find)",
                   r"won'?t (?:shut|turn|close|budge|stop)", r"seized", r"stuck", r"spins", r"broke off",
                   r"no (?:puedo|podemos) (?:cerrar|parar)", r"no cierra")
FLOWING = r"\b(?:leak\w*|spray\w*|pour\w*|gush\w*|overflow\w*|coming out|running|rushing|fuga|saliendo|water everywhere)\b"

# odorised gas is described as rotten eggs, sulfur or skunk; a skunk smell counts next to a gas appliance
SKUNK_BY_APPLIANCE = words(r"skunk\w*")
GAS_APPLIANCE = words(r"furnace", r"stove", r"range", r"oven", r"water heater", r"dryer", r"meter", r"fireplace",
                      r"boiler", r"inside the house", r"in the house", r"calenton", r"estufa")
GAS = words(r"(?<!sewer )(?<!septic )gas(?! (?:station|prices?|bill|mileage|grill|can|mower))", r"propane", r"propano", r"natural gas", r"rotten eggs?",
            r"sulfur", r"sulphur", r"huevo podrido")
GAS_SIGN = words(r"smell\w*", r"smel", r"odou?rs?", r"whiff\w*", r"stinks?", r"stench", r"hiss\w*", r"leak\w*",
                 r"blowing (?:out|from|everywhere)", r"knocked (?:loose|off)", r"broke", r"hit", r"cut", r"huele", r"olor", r"fuga",
                 r"oliendo")
# "the knob on the gas stove broke off" with no smell or hiss: a part to replace
GAS_KNOB_BROKE = r"^(?!.*\b(?:smell|hiss|leak|odou?r|whiff))(?=.*\bknobs?\b(?: \w+){0,6} (?:broke|snapped|came|fell) off)"
GAS_CHECKUP = words(r"for (?:gas )?leaks", r"leak (?:test|check|detector)", r"pressure test\w*",
                    # the water smells of sulfur (a well, an anode), not "the closet where the water heater is smells"
                    r"water(?! heater| tank)(?: \w+){0,4} (?:smells?|stinks|tastes|reeks)", r"(?:hot|cold) (?:side|tap|water) only",
                    r"only (?:the |on the )?(?:hot|cold) (?:side|tap|water)", r"(?:tap|faucet|shower|well) water")

CO = words(r"carbon monoxide", r"monoxide", r"monoxido", r"co (?:alarms?|detectors?|monitors?|sensors?)",
           r"(?:says|reads|shows) co(?!-op)")
ALARM_OR_SYMPTOM = words(r"going off", r"says [1-9]\d*", r"threw up", r"vomited", r"passed out", r"faint\w*", r"went off", r"goes off", r"beep\w*", r"sounding", r"sounded", r"alarming",
                         r"reads [1-9]\d*", r"reading [1-9]\d*", r"[1-9]\d* ?ppm", r"headaches?", r"dizzy", r"nause\w*", r"sick",
                         r"vomit\w*", r"throwing up", r"sleepy", r"sonando", r"suena", r"mareos?",
                         r"dolor(?:es)? de cabeza")
# "a clogged vent is a fire hazard": talk of the risk, not a fire
FIRE_AS_RISK = r"fire (?:hazard|risk|code|safety|inspection)"
# "after the flooding", "despues de la inundacion": the flood is what happened before the job, not now
NOT_AFTER = r"(?<!after )(?<!after the )(?<!after all the )(?<!since the )(?<!despues de la )(?<!despues de )"
# "the creek flooded the back pasture": land flooded outdoors, not the house
OUTDOORS_FLOODED = r"(?! (?:the |our |my |a )?(?:back |front |lower |low |north |south |east |west |whole )?(?:pastures?|fields?|yard|road|street|lawn|driveway|ditch|lot|meadow|farm ?land)\b)"
# a burner that will not light, a fire station, a pilot flame that is out: the word fire or flame without one
NO_FIRE = (r"(?:won'?t|will not|doesn'?t|does not|didn'?t|did not|not|never|fails? to|failing to) (?:fire|light|ignite)(?! up)|"
           r"fire (?:station|department|dept|house|hall|truck|marshal|chief|hydrant|pit)|no flame|"
           r"(?:flame|pilot)(?: light)?(?: (?:on|in|of|for) (?:the |my |our )?(?:\w+ ){0,2}\w+)? (?:is|went|goes|keeps going|blew|keeps blowing) out\b")
# a valve or a job to keep sewage out in future: "so the sewer can't come back up"
PREVENTED = r"\b(?:so|to keep|to stop|to prevent|in case) (?:the )?(?:sewer|sewage|it|water) (?:can'?t|won'?t|doesn'?t|from|ever)\b"
# smoke from cooking is the kitchen, not the equipment
COOKING = (r"(?:while|when) (?:i was |we were |i'?m |we'?re )?cooking|bacon|toast|burnt (?:toast|food|popcorn)|"
           r"(?:from|off) the (?:grill|griddle|fryers?|pan)")
BURNER_LIGHTS = (r"(?:after|when|once|as soon as|before|until) (?:the )?(?:flames?|burners?|pilot)(?: \w+)? "
                 r"(?:light|lights|lit|ignit\w*|comes? on|kicks? on|fires? up)")
FUEL_BURNER = words(r"furnace", r"heater", r"boiler", r"water heater", r"fireplace", r"generator", r"stove", r"oven")
# symptoms that come with the heating and ease away from home are how CO poisoning is first told
SYMPTOMS_AT_HOME = words(r"(?:feel|feels|felt|are|is|get|gets) (?:\w+ ){0,2}better (?:\w+ ){0,4}(?:outside|out of the house|(?:at|for|to) (?:school|work))",
                         r"fine at (?:school|work)", r"when the (?:heat|furnace|heater|boiler) (?:is|comes|kicks|turns) on",
                         r"(?:could|is) (?:that|this|it) (?:be )?(?:the )?(?:furnace|heater|boiler)", r"furnace(?: \w+){0,3} (?:pilot|running)",
                         r"(?:cat|dog) is (?:lethargic|sick|sleepy)", r"calefaccion de gas",
                         # a fuel burner just started up: the season's first fire, a generator run
                         r"(?:turned|switched|fired|lit|started|running|ran|using|used) (?:on |up )?(?:the |our |a |my )?(?:gas |new |portable )?(?:fireplace|insert|gas logs|furnace|heater|generator|boiler)(?: insert)?",
                         r"(?:alarma|detector)(?: \w+){0,3} (?:sono|suena|esta sonando)")
# CO is also told by how people and pets act, before anyone names it: stumbling, "feels drunk", confused, can't wake
SYMPTOM = words(r"duele la cabeza", r"headaches?", r"dizzy", r"nause\w*", r"vomit\w*", r"throwing up", r"threw up", r"passed out", r"fainted",
                r"mareos?", r"dolor(?:es)? de cabeza",
                r"(?:cat|dog|kids?|son|daughter|husband|wife|he|she|mom|dad|baby|everyone|we|i)(?: \w+){0,2} (?:is |are |was |keeps |kept )?(?:stumbl\w*|wobbl\w*)",
                r"(?:feel|feels|felt|feeling) (?:really |very |so |kind of |kinda |like |all )?(?:drunk|woozy|groggy|disoriented|out of it|loopy)",
                r"(?:is|are|seems?|acting|got) (?:really |very |so |kind of |kinda )?(?:confused|disoriented|lethargic)",
                r"(?:very|really|so|super|unusually|extremely) (?:sleepy|drowsy|lethargic)", r"can'?t (?:wake (?:him|her|them)|stay awake)", r"hard to wake")

EQUIPMENT = words(r"medidor(?: de luz)?", r"outlets?", r"plugs?", r"sockets?", r"switch\w*", r"(?:sub ?)?panel", r"breakers?(?: box)?", r"fuse ?box",
                  r"disconnect(?: box)?", r"(?:junction|j) box", r"inverter", r"heat tape", r"generator",
                  r"electric(?:al)? box", r"service box",
                  r"meter(?: box)?", r"wires?", r"wiring", r"cords?", r"fixtures?", r"lights?", r"fan", r"furnace",
                  r"opener", r"dryer", r"motor", r"(?<!water )(?:space |baseboard |electric |wall )?heaters?", r"enchufes?", r"caja", r"cables?", r"microwave",
                  r"stove", r"oven", r"dishwasher", r"air handler", r"compressor", r"vents?", r"unit")
# overheating plastic in wiring smells of fish or urine as often as of burning
BURNING = words(r"smok\w*", r"glowing", r"plastic\w* (?:smell|odou?r)", r"red hot", r"fishy", r"smells? (?:like|of) (?:fish|pee|urine)", r"smells? (?:hot|funny|like a campfire)", r"campfire",
                r"black around", r"black (?:marks?|soot)", r"burn(?:ing|t|ed)(?! out)", r"melt\w*", r"scorch\w*", r"charred", r"turned black",
                r"blackened", r"(?:is|are|went) black", r"on fire", r"flames?", r"fire", r"sizzl\w*",
                r"cooking", r"quem\w*", r"humo", r"fuego", r"derriti\w*",
                # a wire smoking or gone black, in Spanish ("humeando", not "humedo": damp)
                r"humeando", r"humea(?:ba)?", r"se puso negr[oa]", r"ennegrecid[oa]")
HOT_OR_LOUD = words(r"hot to (?:the )?touch", r"too hot", r"very hot", r"really hot", r"so hot", r"(?:is|are|getting|be|feels?) hot",
                    r"hot when (?:you|i|we) touch",
                    r"hot and", r"crackl\w*", r"popping", r"buzz\w* (?:really |very |so )?loud\w*", r"loud buzz\w*",
                    r"arc(?:s|ed|ing)?", r"(?:a|big|bright|blue) flash")
WIRING_DEVICE = words(r"outlets?", r"(?:cover|wall) ?plates?", r"receptacles?", r"sockets?", r"switch(?:es)?", r"dimmers?",
                      r"(?:sub ?)?panel(?: cover)?", r"breakers?(?: box)?", r"fuse ?box", r"electric meter", r"enchufes?", r"contactos?",
                      r"apagador(?:es)?", r"medidor", r"(?:ceiling|junction|light) box")
OVERHEATING_SIGN = words(r"(?:gone|going|turned|turning|is|are|looks?) (?:\w+ ){0,2}(?:brown|tan|dark(?:er)?|yellow(?:ed)?)",
                         r"(?:brown|tan)(?:/(?:brown|tan))?(?:ish)? (?:around|marks?|stains?|spots?)", r"discolou?r\w*", r"darker than the others",
                         r"buzz\w*", r"zumb\w*", r"crackl\w*", r"fizz\w*", r"warped", r"(?:y|esta) cafe", r"went (?:dead|out)", r"died", r"olio feo")
BACKFEED = words(r"(?:into|in|to|through) (?:the |a |our |my )?(?:dryer|wall|range|stove|house) (?:outlet|plug|receptacle)s?",
                 r"hooked (?:up )?(?:to|into) (?:the )?(?:house|panel)", r"(?:plugged|wired) (?:\w+ ){0,3}(?:into|to) (?:the )?(?:house|panel|dryer)",
                 r"back ?feed\w*", r"no transfer switch", r"(?:don'?t|do not) have a transfer switch", r"suicide cord",
                 r"(?:double|male)[- ](?:ended|end) (?:cord|plug)", r"adapter cord")
LINE = words(r"wires?", r"(?:power|electric|service|utility) lines?", r"lines?", r"(?:power |utility )?poles?",
             r"meter(?: box| base)?",
             r"service drop", r"mast", r"weatherhead")
DOWN = words(r"down", r"knocked (?:over|down|off)", r"ripped (?:off|out)", r"torn (?:off|out)", r"across", r"hanging", r"dangling", r"fell", r"fallen", r"took down", r"ripped", r"pulled (?:off|down)",
             r"laying", r"lying", r"on the (?:ground|lawn|fence|road|street|car|driveway|yard|grass)", r"sparking")

# a sewer word that only names a smell ("a sewer kind of smell", "smells like sewage") is no sewage on the floor;
# the same sentence can still name sewage that is ("sewage coming up, it smells like sewer")
_SMELL_OF = r"(?<!smells like )(?<!smell like )(?<!smells of )(?<!smell of )(?<!odor of )"
_AS_A_SMELL = r"(?!(?: kind of| sort of| type of|-?like|-?type|-?ish)? (?:smell|odou?r|stench|gas)\b)"
SEWAGE = words(_SMELL_OF + r"sewage" + _AS_A_SMELL, _SMELL_OF + r"sewer" + _AS_A_SMELL, r"raw sewage", r"toilet water", r"(?:brown|black|gr[ae]y|dirty|nasty) water",
               r"poop", r"aguas? negras?", r"aguas? sucias?",
               r"drenaje", _SMELL_OF + r"septic" + _AS_A_SMELL)
COMING_UP = words(r"llegando a", r"salen? (?=(?:agua|aguas|mucha|por|del)\b)", r"desbord\w*", r"back\w* up", r"backups?", r"sacando", r"por el piso", r"en el piso", r"spew\w*", r"bubbl\w* up", r"onto the floor", r"won'?t quit", r"backed up", r"backin", r"(?:comes?|coming|came) (?:up|out|in|into)", r"overflow\w*",
                  r"on the floor", r"in the (?:basement|tubs?|shower|house)", r"into (?:the |both |our )?\w+",
                  r"everywhere", r"all over", r"saliendo", r"up (?:through|out)")

TREE = words(r"trees?", r"limbs?", r"branch(?:es)?", r"oak", r"pine", r"fir", r"spruce", r"maple", r"elm", r"cedar", r"cottonwood", r"poplar", r"chimney", r"arbol", r"rama")
ON_THE_HOUSE = words(r"fell", r"fallen", r"came down", r"crashed", r"crushed", r"smashed", r"punched through", r"went (?:through|into)", r"through the (?:roof|house|ceiling|window)",
                     r"on (?:the |our |my )?(?:\w+ )?(?:roof|house|home|garage)", r"onto", r"sobre (?:el |la )?(?:techo|casa)",
                     r"se cayo")


# commercial refrigeration told by its reading, often by a sensor or an alarm: food held above 41F in a cooler
# or above 10F in a freezer spoils within hours ("walk-in cooler = 49F", "the store freezer is showing 20");
# "was at 44 during the defrost" is a reading gone by
_READ_AS = r"(?:(?<!was )(?<!were )\b(?:at|is|are|'s|showing|shows|reads|reading|says|hit|up to|texted|esta a|estan a|marca|a)\s|=\s?)(?:about |around |like )?"
COOLER = words(r"walk[- ]?ins?(?: coolers?| box)?", r"reach[- ]?ins?(?: coolers?| fridges?)?", r"(?:dairy|meat|deli|display|fish|keg) (?:case|cooler)s?",
               r"coolers?", r"vaccine (?:fridge|refrigerator)", r"refrigerador grande", r"camara (?:de refrigeracion|fria)", r"cuarto frio")
COOLER_WARM = words(r"(?:and |is |temps? )?(?:climbing|rising|going up|subiendo)", r"stopped", r"no (?:esta )?enfria\w*",
                    r"compressor (?:not|isn'?t|won'?t) (?:running|working|kicking)", r"high temp\w*(?: alarm| alert)?") + \
    "|" + _READ_AS + r"(?:4[2-9]|[5-9]\d)\b|\b(?:4[2-9]|[5-9]\d) ?(?:f|°f?|degrees|grados)(?! (?:outside|out|afuera))\b|\b(?:at|is) \d\d?c\b"
FREEZER = words(r"(?:walk[- ]?in |reach[- ]?in |display |ice cream |store )?freezers?", r"camara de congelacion", r"congeladore?s?",
                r"cuarto de congelacion")
# (not "isn't cooling": "the fridge isn't cooling, the freezer is still cold" names both)
FREEZER_WARM = words(r"(?:and |is |temps? )?(?:climbing|rising|going up|subiendo)", r"high temp\w*(?: alarm| alert)?") + \
    "|" + _READ_AS + r"(?:1\d|[2-9]\d)\b|\b(?:1\d|[2-9]\d) ?(?:f|°f?|degrees|grados)(?! (?:outside|out|afuera))\b"
# what makes a warm cooler an emergency: a business's stock or food in it
STOCK = words(r"(?<=\$)\d[\d,]*\w*", r"\d+k", r"stock", r"inventory", r"inventario", r"product", r"vaccines?", r"meat", r"produce", r"proteins?",
              r"fish", r"seafood", r"brisket", r"chicken", r"pork", r"beef", r"poultry", r"dairy", r"cheese", r"ice cream", r"gelato", r"frozen (?:food|meat|fish)", r"carnes?", r"pescado", r"mariscos", r"helados?",
              r"restaurant\w*", r"market", r"grocery", r"store", r"bakery", r"butcher", r"deli", r"cafe", r"catering", r"tienda", r"taqueria", r"carniceria", r"steakhouse", r"bbq", r"food")

# a home nobody is in: no one to notice the cold or turn the water off
NOBODY_HOME = words(r"(?:house|cabin|place|unit|condo|apartment) is empty", r"vacant", r"between tenants",
                    r"(?:nobody|no one)(?:'s| is)? (?:(?:up|out|down|over) )?(?:home|there|living|lives|staying)")
# runaway water told by the meter or the utility's app: hundreds of gallons within hours
GALLONS = words(r"(?:\d{3,}|\d{1,3},\d{3}|hundreds of|thousands of) gal(?:lons?|s)?")
IN_HOURS = words(r"(?:in|over|within|during) (?:the |an? )?(?:last |past )?(?:hour|\d+ (?:hours?|hrs?|minutes|mins))", r"(?:an|per|a|every) hour",
                 r"/ ?hr", r"overnight", r"since (?:this morning|last night|midnight)", r"(?:so far )?today", r"continuous\w*", r"leak alert")
# water heard running behind the door of an empty unit
HEARD_RUNNING = words(r"(?:hear|hearing|heard|sounds? like) (?:\w+ ){0,3}water (?:running|rushing|pouring|spraying|gushing|going)")

# heating oil out of its tank or line: it burns, and its fumes sicken whoever breathes them in the house
HEATING_OIL = words(r"(?:heating|fuel|furnace|home heating|burner) oil", r"oil (?:tank|line|filter|burner)s?", r"kerosene",
                    r"(?:tanque|tubo) de (?:aceite|diesel|combustible)")
OIL_OUT = words(r"leak\w*", r"puddl\w*", r"pool\w* (?:under|on|around|across)", r"spill\w*", r"seep\w*", r"soak\w*", r"gush\w*",
                r"pouring", r"(?:strong|heavy|overpowering) (?:\w+ )?(?:smell|odou?r|fumes)", r"(?:smell|odou?r|fumes)(?: \w+){0,3} (?:strong|upstairs|everywhere)",
                r"fuga", r"gotea\w*", r"charco")
