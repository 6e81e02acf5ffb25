"""What the customer needs done, in the office's words: equipment, job, symptoms.

"water heater repair (pilot light out, no hot water)" is what a dispatcher writes on a
ticket; Spanish and Spanglish map to the same English words. Table-driven and pure.
"""
from __future__ import annotations

import re

from .negation import negated
from .text import fold

# (pattern over folded text, canonical words)
EQUIPMENT: list[tuple[str, str]] = [
    (r"\b(?:hot )?water heater\b|\bhot water (?:tank|heater)\b|\bcalentador\b|\bterma\b|\bboiler de agua\b", "water heater"),
    (r"\bboiler\b|\bcaldera\b", "boiler"),
    (r"\bradiators?\b|\bradiador(?:es)?\b", "radiator"),
    (r"\bradiant\b|\bradiante\b", "radiant heat"),
    (r"\bheat (?:cable|tape)\b", "heat cable"),
    # heating oil: the tank, the burner and the delivery ("ran out of oil", "the oil gauge on the tank")
    (r"\bheating oil\b|\boil (?:tank|burner|deliver\w*|gauge|company)\b|\bout of oil\b|\bgal(?:lon)? oil tank\b", "heating oil tank/delivery"),
    (r"\bpool heater\b", "pool heater"),
    (r"\bpool\b", "pool pump/equipment"),  # "pool heater" is the longer name, below it wins
    # a well: the pump, its pressure tank and switch ("pressure switch clicks on and off")
    (r"\bpressure tank\b", "well pressure tank"),
    (r"\bpressure switch\b", "well pressure switch"),
    (r"\bwell (?:pump|line|tank|water|system)\b|\b(?:the|our|my|a|new) well\b|\bpozo\b", "well pump"),
    (r"\b(?:ejector|grinder|sewage|lift station) pumps?\b|\bejector\b", "ejector/grinder pump"),
    (r"\brecirc\w*(?: pump)?\b", "recirc pump"),
    (r"\breverse osmosis\b|\bro (?:filters?|system|line|unit|tank|faucet)\b", "RO/reverse osmosis system"),
    (r"\b(?:whole[- ]house |water )filters?\b|\bfilter housing\b|\bfiltro de agua\b", "water filter"),
    (r"\bwater softener\b|\bsoftener\b|\bsuavizador(?:es)?\b", "water softener"),
    (r"\bbackflow\b", "backflow test"),
    (r"\bsprinklers?\b|\birrigation\b|\brociador(?:es)?\b|\briego\b", "sprinkler/irrigation"),
    (r"\bgas logs?\b|\bvent[- ]free logs?\b", "gas logs"),
    (r"(?<!above the )(?<!over the )\bfireplace\b|\bgas insert\b|\bthermocouple\b", "fireplace"),
    (r"\bsolar(?: panels?)?\b|\bpaneles solares\b|\b(?:micro)?inverters?\b|\benphase\b", "solar panels/inverter"),
    (r"\bpowerwall\b|\bbattery wall\b|\bhome batter(?:y|ies)\b", "home battery (Powerwall)"),
    (r"\bcrawl ?spaces?\b|\bencapsulat\w*\b|\bvapor barrier\b", "crawlspace"),
    (r"\bwhole[- ]house fans?\b|\battic fans?\b", "whole-house fan"),
    (r"\b(?:stair|chair) ?lifts?\b|\belevators?\b|\bwheelchair lift\b", "stairlift/elevator"),
    (r"\b(?:propane |gas )?regulator\b|\bregulador\b", "gas regulator"),
    (r"\b(?:wall|baseboard|space|cadet|floor|zonal) heaters?\b", "wall/baseboard heater"),
    (r"\b(?:the|el|my|our|a|backup|propane|patio|shop) heaters?\b", "heater"),
    (r"\bdehumidifier\b|\bdeshumidificador\b", "dehumidifier"),
    (r"\b(?<!de)humidifier\b|\bhumidificador\b", "humidifier"),
    (r"\bswamp cooler\b|\bevaporative cooler\b|\bcooler pads?\b", "swamp cooler"),
    # commercial refrigeration, which many HVAC shops service for restaurants and stores: named by the box
    (r"\bwalk[- ]?ins?(?: cooler| freezer| box)?\b|\bcamara (?:de )?(?:congelacion|refrigeracion|fria)\b", "walk-in cooler/freezer"),
    (r"\breach[- ]?in(?: cooler| freezer)?s?\b", "reach-in cooler"),
    (r"\b(?:ice cream |display )?freezer cases?\b|\b(?:dairy|deli|display|beverage|refrigerated|meat|produce) cases?\b", "refrigerated/freezer case"),
    (r"\b(?:beverage|drink|commercial|restaurant|fish) cooler\b|\b(?:commercial|chest|ice cream|display) freezers?\b", "commercial cooler/freezer"),
    (r"\bice machines?\b|\bmaquina de hielo\b", "ice machine"),
    (r"\bfridge\b(?! (?:water )?line)|\brefrigerator\b(?! (?:water )?line)|\bnevera\b|\brefri(?:gerador)?\b|\bfreezers?\b|\bcongelador\b", "refrigerator/freezer"),
    (r"\bfryers?\b|\bfreidora?\b", "fryer"),
    (r"\b(?:pizza |gas |convection |commercial )?ovens?\b|\bhorno\b", "oven"),
    # a restaurant kitchen's exhaust hood, its make-up air and its fire suppression (Ansul) are one system
    (r"\b(?:hood )?(?:fire )?suppression(?: system)?\b|\bansul\b|\b(?:kitchen |exhaust |range )?hood\b|\bmake[- ]?up air\b", "kitchen hood/suppression"),
    (r"\b(?:zone )?dampers?\b|\bzon(?:e|ing) (?:system|control|board)\b", "zone damper"),
    (r"\bcarbon monoxide\b|\bmonoxido\b|\bco (?:alarms?|detectors?|monitors?|meter)\b|\b(?:alarma|detector(?:es)?) de co\b", "carbon monoxide detector"),
    (r"\btankless\b", "tankless water heater"),
    (r"\bheat pump\b|\bbomba de calor\b", "heat pump"),
    (r"\bhvac\b|\bwhole system\b|\bentire system\b", "HVAC system"),
    (r"\bfurnace\b|\bcalefaccion\b|\bcalenton\b", "furnace"),
    (r"\bac\b|\ba/c\b|\bair condition\w*|\bcentral air\b|(?<!con )\baire(?: acondicionado)?\b|\bcondenser\b|\bcompressor\b|\bcompresor\b", "AC"),
    (r"\brooftop units?\b|\brtus?\b", "rooftop unit (RTU)"),
    (r"\bmini ?splits?\b|\bductless\b", "ductless mini split"),
    (r"\bthermostat\b|\btermostato\b", "thermostat"),
    (r"\bducts?\b|\bductwork\b|\bductos?\b", "ductwork"),
    (r"\bgarbage disposal\b|\bdisposal\b|\btriturador\b", "garbage disposal"),
    (r"\btoilets?\b|\binodoro\b|\bescusado\b|\bexcusado\b|\bsanitario\b|\bbano\b", "toilet"),
    (r"\bkitchen sink\b|\bbathroom sink\b|\bsinks?\b|\bfregadero\b|\blavabo\b|\blavamanos\b", "sink"),
    (r"\bfaucets?\b|\bspigot\b|\bhose bib\b|\bllaves?\b|\bgrifos?\b|\bcanillas?\b|\bpila\b", "faucet"),
    (r"\b(?:bath)?tub\b|\bshower\b|\bregadera\b|\bducha\b|\btina\b", "tub/shower"),
    # a tank that is pumped is a septic tank ("pump a 1000 gallon tank"); a water heater's tank never is
    (r"\bseptic[oa]?\b|\bpump(?:ed|ing)?(?: out)? (?:a|the|my|our) (?:[\d,]+ ?gal\w* )?tank\b|\bfosa septica\b", "septic"),
    (r"\bsewage\b|\bsewer\b|\baguas negras\b", "sewer"),
    (r"\bdrains?\b|\bdrenaje\b|\bdesague\b|\bcoladera\b", "drain"),
    (r"\bice ?maker\b|\bfridge (?:water )?line\b|\brefrigerator (?:water )?line\b", "ice maker line"),
    (r"\bmain (?:water )?line\b|\bwater main\b|\b(?:water )?service line\b|\bwater meter\b|\b(?:line|pipe) (?:from|at|to|by) the meter\b", "main water line"),
    (r"\bpipes?\b|\bpipe\b|\brepip\w*|\bpex\b|\btuberia\b|\btubo\b|\bwater line\b", "pipe"),
    (r"\bsump(?: pump)?\b|\b(?:bomba de )?sumidero\b", "sump pump"),
    (r"\bdishwasher\b|\blavaplatos\b|\blavavajillas\b", "dishwasher"),
    (r"\bwasher\b|\bwashing machine\b|\blavadora\b", "washer"),
    (r"\bdryers?\b|\bsecadora\b", "dryer"),
    (r"\bstoves?\b|\bcooktop\b|\bgas range\b|\bestufa\b|\bhornillas?\b", "stove"),
    (r"\b(?:gas|propane) line\b|\bgas (?:run|piping)\b|\brun gas\b", "gas line"),
    (r"\b(?:gas|propane) (?:alarm|detector)s?\b", "gas/propane alarm"),
    (r"\bgarage door\b|\bpuerta del? (?:garaje|garage|cochera)\b|\bcochera\b|\bporton\b", "garage door"),
    (r"\bopener\b|\bliftmaster\b|\bchamberlain\b|\bgenie\b|\babridor\b|\bmotor\b", "opener"),
    (r"\bsprings?\b|\bresortes?\b", "spring"),
    (r"\bcables?\b", "cable"),
    (r"\btracks?\b|\brollers?\b|\brieles?\b", "track"),
    (r"\bkeypad\b", "keypad"),
    (r"\bremote\b|\bsensors?\b", "opener controls"),
    (r"\bice dams?\b", "ice dam"),
    (r"\broof(?:ing|er|ers)?\b|\bshingles?\b|\btechos?\b|\btejas?\b|\bre-?roof\b", "roof"),
    (r"\bflashing\b", "flashing"),
    (r"\bchimney\b|\bchimenea\b", "chimney"),
    (r"\bskylights?\b|\btragaluz\b", "skylight"),
    (r"\bgutters?\b|\bcanaletas?\b", "gutters"),
    (r"\bceiling\b(?! fans?)", "ceiling"),
    (r"\btarp(?:ed|ing)?\b", "tarp"),
    (r"\btree\b|\barbol\b", "tree damage"),
    (r"\bpanel\b|\bfuse box\b|\bbreaker box\b|\belectrical box\b|\bbreakers?\b|\bcaja de (?:los )?(?:breakers|fusibles)\b|\bfusibles\b|\btablero\b|\bpastillas?\b|\bservice upgrade\b", "electrical panel"),
    (r"\b\d{2,3} ?amps?\b", "amp service"),
    (r"\bcircuits?\b|\bcircuito\b", "circuit"),
    (r"\bev charger\b|\bcar charger\b|\bcharger\b|\bwall connector\b|\bnema ?\d+-\d+\b|\b14-50\b|\bcargador\b|\bmodel [3ysx]\b", "EV charger"),
    (r"\bhot tub\b|\bspa\b", "hot tub circuit"),
    (r"\boutlets?\b|\breceptacles?\b|\bplugs?\b|\benchufes?\b|\bcontactos?\b|\btoma ?corrientes?\b|\bgfci\b", "outlet"),
    (r"\bswitch(?:es)?\b|\bdimmers?\b|\bapagador\b", "switch"),
    (r"\bceiling fans?\b|\bfans?\b|\bventilador(?:es)?(?: de techo)?\b", "ceiling fan"),
    (r"\blight fixtures?\b|\bfixtures?\b|(?<!pilot )(?<!sensor )\blights?\b(?! (?:is|are) (?:on|out|green|red|blinking))|\blighting\b|\brecessed\b|\bchandelier\b|\bluz\b|\bluces\b|\blamparas?\b|\bbombillos?\b|\bfocos?\b", "lighting"),
    (r"\bwiring\b|\binstalacion electrica\b|\brewir\w*\b|\bknob and tube\b|\baluminum wir\w*\b", "wiring"),
    (r"\bmast\b|\bmeter\b|\bservice drop\b|\bpower lines?\b|\bwires?\b|\bcables? de luz\b", "service wires/mast"),
    (r"\b(?:standby )?generator\b|\bgenerador\b|\bgenerac\b", "generator"),
    (r"\bsmoke detectors?\b|\bsmoke alarms?\b", "smoke detectors"),
    (r"\bdrywall\b|\bsheetrock\b|\bhole in the wall\b|\bpared\b", "drywall"),
    (r"\b(?:closet |front |back |side |interior |screen |sliding )?doors?\b|\bpuertas?\b", "door"),
    (r"\bwindows?\b|\bventanas?\b", "window"),
    (r"\bfurniture\b|\bassembl\w*\b|\bikea\b|\bmuebles?\b", "furniture assembly"),
    (r"\bbathroom\b|\bbano\b", "bathroom"),
    (r"\bcaulk\w*\b|\bgrout\b|\bsilicon\w*\b", "caulking"),
    (r"\btile\b|\bazulejo\b", "tile"),
    (r"\bpaint\w*\b|\bpintar\b", "painting"),
    (r"\bfence\b|\bdeck\b|\b(?:la|una|mi|nuestra|su) cerca\b", "fence/deck"),  # "la cerca" is a fence, "cerca de" is "near"
    (r"\bbidets?\b", "bidet"),
    (r"\bmirrors?\b|\bespejo\b", "mirror"),
    (r"\bpictures?\b|\bartwork\b|\bframes\b|\bcuadros?\b", "pictures"),
    (r"\btowel (?:bar|rack|ring)s?\b", "towel bar"),
    (r"\bgrab bars?\b|\bsafety (?:bar|rail)s?\b", "grab bar"),
    (r"\bshel(?:f|ves)\b|\btv mount\b|\bmount (?:a|the|my) tv\b|\bcurtain rods?\b|\bblinds\b", "mounting"),
    (r"\bpropane\b|\bpropano\b", "propane"),
    (r"\bgas\b", "gas"),
]

SYMPTOMS: list[tuple[str, str]] = [
    (r"\b(?:smell|odou?r|whiff)\w*(?: \w+){0,3} (?:gas|propane)\b|\b(?:gas|propane) (?:smell|odou?r|leak)\b|\b(?:huele|olor)(?: \w+)? a (?:gas|propano)\b|\bfuga de gas\b", "gas smell"),
    (r"\bburning (?:smell|odou?r)\b|\bsmell\w* (?:like )?(?:something )?burn\w*|\b(?:huele|olor) a quemado\b|\bquemad\w*\b", "burning smell"),
    (r"\bsmoke\b|\bsmoking\b|\bhumo\b", "smoke"),
    (r"\bspark\w*\b|\bchispa\w*\b|\barcing\b", "sparking"),
    (r"\b(?:got |get |getting )?(?:a )?shock(?:ed)?\b|\bzap(?:s|ped|ping)?\b|\btingl\w*", "shock"),
    (r"\bburst\b|\bse (?:revento|rompio)\b|\blet go\b|\bpopped off\b|\bblew off\b", "burst"),
    (r"\bflood\w*\b|\binund\w*\b", "flooding"),
    (r"\boverflow\w*\b|\bdesborda\w*\b", "overflowing"),
    (r"\bbacking up\b|\bbacked up\b|\bbacks up\b", "backing up"),
    (r"\bwater (?:is )?(?:coming|pouring|dripping|leaking) (?:in|through)\b|\brain (?:is )?(?:pouring|coming) in\b", "water coming in"),
    (r"\bleak\w*\b|\bseep\w*\b|\b(?:coming|bubbling|gushing|pouring|spraying|shooting) (?:up )?(?:out of|through|from) the (?:front |back )?(?:ground|yard|lawn)\b|\b(?:running|dripping|trickling) (?:in|inside|behind|down) (?:the )?(?:inside of the )?walls?\b|\bsoaked\b|\bsquish\w*\b|\bgote\w*\b|\bfuga\b|\bpuddle\b|\bwater stain\b", "leak"),
    (r"\bdrip\w*\b", "drip"),
    (r"\bclog\w*\b|\bslow drain\w*\b|\bdrains? slow\w*\b|\btapad\w*\b|\bbacked up\b", "clogged/slow drain"),
    (r"\bruns? constantly\b|\bkeeps running\b|\bwon'?t stop running\b", "running toilet"),
    (r"\bno (?:more )?hot water\b|\bsin agua caliente\b|\blukewarm\b|\btibi\w*\b|\bcold showers?\b", "no hot water"),
    (r"\bpilot(?: light)?\b|\bpiloto\b", "pilot light"),
    (r"\bheat (?:went|is|was|has gone|has been) out\b|\bheat (?:isn'?t|is not|not|doesn'?t|does not) (?:reaching|getting (?:to|up)|making it)\b|\blost heat\b|\bno heat\b|\bnot heating\b|\bisn'?t heating\b|\bsin calefaccion\b|\bheat no (?:sirve|funciona|prende)\b|\bno (?:hay|tenemos|tengo) calefaccion\b|\bno (?:calienta|prende)\b", "no heat"),
    (r"\bblowing cold\b|\bcold air\b", "blowing cold air"),
    (r"\bnot cooling\b|\bisn'?t cooling\b|\bnot blowing cold\b|\bisn'?t blowing cold\b|\bblowing (?:warm|hot)\b|\bwarm air\b|\bno (?:esta )?enfria\w*\b|\bisn'?t keeping up\b|\bnot keeping up\b|\bcan'?t keep up\b", "not cooling"),
    (r"\bquit\b|\bdied\b|\bstopped working\b|\bnot working\b|\bwon'?t (?:turn|kick|come) on\b|\bno funciona\b|\bno prende\b|\bno sirve\b|\bdead\b", "not working"),
    (r"\brattl\w*\b|\bsqueak\w*\b|\bgrind(?!er pump)\w*\b|\bbang\w*\b|\bhumm?\w*\b|\bbuzz\w*\b|\bnois\w*\b|\bruido\w*\b|\bclick\w*\b|\bwhistl\w*\b", "noise"),
    (r"\bjam(?:med)?\b|\batascad\w*\b", "jammed"),
    (r"\btripp?\w*\b|\bwon'?t reset\b|\bse (?:bota|botan|dispara|disparan|brinca)\b", "breaker tripping"),
    (r"\bno power\b|\bpower (?:is |went |has gone |was )?out\b|\blost power\b|\bse fue la luz\b|\bsin luz\b", "power out"),
    (r"\boff (?:the |its )?track\b|\bcrooked\b|\bstuck\b|\buneven\b", "off track / stuck"),
    (r"\bsnapped\b|\bbroken\b|\bbroke\b", "broken"),
    (r"\bloose\b|\bhanging\b", "loose/hanging"),
    (r"\bwon'?t (?:open|close|go (?:up|down))\b|\bgoes (?:right )?back up\b|\brevers\w*\b", "won't open/close"),
    (r"\bdent\w*\b", "dented"),
    (r"\bmissing shingles\b|\bhail\b|\bstorm damage\b|\bstorm\b", "hail/storm damage"),
    (r"\bfist sized hole\b|\bhole\b|\bhoyo\b", "hole"),
    (r"\b(?:water )?pressure (?:dropped|fell|went|is down) to (?:nothing|zero)\b|\bwater pressure\b(?: \w+){0,4} (?:dropped|fell|went down|is down|is weak)\b|\blost (?:water )?pressure\b|\blow (?:water )?pressure\b|\bpressure (?:is |has been )?low\b|\bpoca presion\b|\bpresion del agua (?:\w+ ){0,2}baj[ao]\b", "low water pressure"),
    (r"\bflicker\w*\b|\bparpade\w*\b", "flickering"),
    (r"\bshort[- ]cycl\w*\b|\bkicks on for a (?:minute|second)\b", "short cycling"),
]

JOBS: list[tuple[str, str]] = [
    (r"\bfilter (?:change|swap)s?\b|\btune[- ]?ups?\b|\bmaintenance\b|\bmaint\b|\bpm (?:contract|visit)s?\b|\bservic(?:e|ed|ing) (?:the|my|our)?\s?(?:ac|furnace|unit|system)|\b(?:ac|furnace|unit|system|units) servic\w*|\bcheck[- ]?up\b|\bmantenimiento\b|\bclean(?:ing)?\b", "tune-up/maintenance"),
    (r"\binspect\w*\b|\btake a look\b|\blook at\b|\bcheck (?:it|out)\b|\brevis\w*\b", "inspection"),
    (r"\breplac\w*\b|\bnew (?:\w+ )?(?:system|unit|roof|door|water heater|furnace|ac|opener|panel)\b|\bcambiar\b|\breemplaz\w*\b|\bupgrade\w*\b|\bgo to \d+\b", "replacement/upgrade"),
    (r"\b(?:septic|tank) (?:\w+ ){0,4}(?<!sump )(?<!heat )(?<!well )pump(?:ed|ing)?\b|\bpump(?:ed|ing)?(?: out)? (?:a|the|my|our) (?:[\d,]+ ?gal\w* )?(?:septic|tank)\b|\bpump[- ]?outs?\b", "pumping"),
    (r"\brough[- ]?in\b|\bremodel\w*\b", "remodel/rough-in"),
    (r"\brepip\w*\b", "repipe"),
    (r"\binstall\w*\b|\bput in\b|\bhook ?up\b|\bhang\b|\bmount\b|\binstalar\w*\b|\binstalacion\b|\badd (?:a|an)\b", "installation"),
    (r"\bpatch\w*\b|\brehang\b|\brecaulk\b|\bfix\w*\b|\brepair\w*\b|\barregl\w*\b|\brepar\w*\b", "repair"),
]


def _matches(table: list[tuple[str, str]], text: str) -> list[str]:
    """Canonical words in order of first appearance, each once; negated mentions ("no gas smell") skipped.

    The longest name wins: a word inside a longer name of another thing is part of that thing ("fan" in
    "whole house fan", "panel" in "solar panels", "meter" in "CO meter"), not a mention of its own."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for pattern, label in table:
        spans.setdefault(label, []).extend(
            m.span() for m in re.finditer(pattern, text) if not negated(text, m.start(), hypothetical=False))

    def inside_another(span: tuple[int, int], label: str) -> bool:
        return any(other != label and start <= span[0] and span[1] <= end and (end - start) > (span[1] - span[0])
                   for other, found in spans.items() for start, end in found)

    hits: list[tuple[int, str]] = []
    for label, found in spans.items():
        first = min((span for span in found if not inside_another(span, label)), default=None)
        if first is not None:
            hits.append((first[0], label))
    return [label for _, label in sorted(hits)]


# Spanish names the broken thing after its fault ("no funciona el aire", "no hay calefacción"): that "no" says
# what is wrong with the thing, it does not deny it
_SPANISH_FAULT = re.compile(r"\bno (?=(?:\w+ )?(?:funciona|sirve|prende|enfria|calienta|hay|tenemos|tengo|cierra|jala)\b)")


def _pick_job(jobs: list[str], has_symptoms: bool) -> str:
    """Maintenance if asked for; a problem means repair, even if the thing was once installed."""
    for preferred in ("tune-up/maintenance",):
        if preferred in jobs:
            return preferred
    if has_symptoms:
        return "repair"
    return jobs[0] if jobs else "service"


def describe_service(messages: list[str]) -> tuple[str | None, float]:
    """A dispatcher's one-line description of the job, with a confidence."""
    text = fold(" ".join(messages))
    equipment = _matches(EQUIPMENT, _SPANISH_FAULT.sub("falla ", text))
    for fuel in ("gas", "propane"):
        if fuel in equipment and len(equipment) > 1:
            equipment.remove(fuel)  # "gas furnace": the furnace is the service
    if "opener controls" in equipment and len(equipment) > 1 and not {"garage door", "opener"} & set(equipment):
        equipment.remove("opener controls")  # "the remote for the fireplace": a remote is a garage door's only beside one
    if "main water line" in equipment and "service wires/mast" in equipment and not re.search(r"\b(?:mast|service drop|power lines?|wires?)\b", text):
        equipment.remove("service wires/mast")  # the line from the water meter, not the electric one
    if "garage door" in equipment and "door" in equipment:
        equipment.remove("door")
    if "garage door" in equipment and "electrical panel" in equipment and not re.search(r"breaker|fuse", text):
        equipment[equipment.index("electrical panel")] = "door panel"
    symptoms = _matches(SYMPTOMS, text)
    if "gas smell" in symptoms:  # a dispatcher books a smell of gas as a leak, whatever it is near
        equipment = ["gas leak", *(item for item in equipment if item != "gas")]
    jobs = _matches(JOBS, text)
    if not equipment and not symptoms:
        if jobs and jobs[0] in ("tune-up/maintenance", "remodel/rough-in", "repipe", "pumping"):
            return jobs[0], 0.5  # "annual maintenance on the units": the job is the service
        return None, 0.0
    job = _pick_job(jobs, bool(symptoms))
    head = " + ".join(equipment[:3]) if equipment else "general"
    description = f"{head} {job}"
    if symptoms:
        description += f" ({', '.join(symptoms[:4])})"
    confidence = 0.85 if equipment else 0.55
    return description, confidence
