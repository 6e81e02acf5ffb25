"""The emergency lexicon: calm words for real danger escalate; negations and near misses do not."""
import json
from pathlib import Path

import pytest

from appliance.brain.hazards import find_danger
from appliance.brain.negation import negated

DANGER = [
    (["there's water coming through the kitchen ceiling"], "flooding"),
    (["i think i smell gas by the water heater. we're outside now"], "gas"),
    (["the CO alarm is beeping and my head hurts"], "co"),
    (["outlet sparked and now the wall is warm and smells like burning plastic"], "fire"),
    (["furnace out, it's 8 degrees outside", "we have a newborn"], "no_heat"),
    (["toilet overflowing, shutoff valve is stuck, it keeps coming"], "flooding"),
    (["raw sewage coming up in the basement shower"], "sewage"),
    (["hubo una fuga de gas, huele muy fuerte"], "gas"),
    (["se reventó un tubo y el agua sale por todos lados"], "flooding"),
    (["smoke coming out of the air handler in the attic"], "fire"),
    (["a branch fell through the roof, rain getting in the bedroom"], "flooding"),
    # a negator that denies nothing about the danger after it
    (["I don't know what to do, water is pouring from the kitchen ceiling"], "flooding"),
    (["not sure if this is urgent but there's a steady stream of water coming out of the light"], "flooding"),
    (["no rush but I think I smell gas near the stove"], "gas"),
    # switching the equipment off ends a flood, not a fire
    (["flames rolled out of the furnace", "I turned it off at the switch"], "fire"),
    (["line is down across our driveway and the meter box is ripped off the house"], "electrical"),
    (["furnace isnt kicking on at all", "my mom is here, she's 91. it's supposed to be 4 below tonight"], "no_heat"),
    (["there's a river in my basement and it's getting deeper"], "flooding"),
    # power out where someone lives on a machine
    (["our power's been out since 6", "dad is on a ventilator, the battery says 3 hours"], "medical_power"),
    # a shut-off valve that will not turn does not end the flood
    (["line under the sink split and it's spraying everywhere", "the shut off valve won't budge"], "flooding"),
    (["it's raining inside the dining room, the roof must be open"], "flooding"),
    (["the disconnect box for the pool pump is arcing, you can hear it snap"], "electrical"),
    (["thermostat says 51, the heat is off and grandma is staying with us"], "no_heat"),
    (["the opener spring broke and the door came down on my son's foot", "he's ok but it's stuck half open"], "structural"),
    (["la manguera del lavabo revento y no para, ya se mojó toda la recámara"], "flooding"),
    (["se apagó el aire y hace 106 afuera", "mi abuelito tiene 88 años y está mareado"], "heat"),
    (["se descompuso la calefacción, hace 12 grados afuera y tengo dos niños y un bebé"], "no_heat"),
    (["AC is out at our home daycare, 93 inside with 9 toddlers"], "heat"),
    (["tem fumaça saindo do quadro de luz"], "fire"),
    # the weeks date our work, not the danger
    (["the softener you put in 2 weeks ago cracked and water is pouring across the laundry room"], "flooding"),
    (["the T&P valve is blowing scalding water and the tank is banging, I think it's going to blow"], "boiler_pressure"),
    (["the storm cracked the window and el agua está entrando al cuarto"], "flooding"),
    # "it's pouring" is rain, unless water is what pours
    (["can you look at the boiler tomorrow", "actually it's pouring water out the bottom now, into the hall"], "flooding"),
    (["El aire no funciona y hace 108 grados, mi papá tiene diabetes"], "heat"),
    (["smells like a skunk right by the furnace"], "gas"),
    (["our CO monitor says 90 and my daughter threw up"], "co"),
    # a roof torn open by the section, water running into a named room
    (["the storm tore off a strip of the metal roof over the porch"], "structural"),
    (["water keeps seeping into our bedroom from behind the baseboard"], "flooding"),
    (["rain is running into the dining room around the chimney"], "flooding"),
    (["the softener tank split and is spraying all over the laundry room"], "flooding"),
    # a sump pump that quit while the pit fills; a floor drain coming up; dirty water by its colour
    (["sump pump died an hour ago, storm still going and the pit is rising fast"], "flooding"),
    (["backup pump isn't kicking on and the crock is about to overflow"], "flooding"),
    (["laundry room floor drain is gurgling up gray water and it smells awful"], "sewage"),
    (["black water coming up out of the shower drain downstairs"], "sewage"),
    # heat told as a forecast or a heat advisory, with someone vulnerable at home
    (["dad's a/c died, he's 88 and it's supposed to be 103 tomorrow"], "heat"),
    (["my grandmother has no ac and the heat advisory runs all week"], "heat"),
    # stray voltage, told as a small oddity
    (["the shower handle gives me a little tingle when my feet are wet"], "electrical"),
    (["my kid says the metal railing by the pool zaps him"], "electrical"),
    # the floor tells of the water; a lost neutral; a cold house with someone old living alone
    (["the hallway rug is soaked and squishy outside the bathroom"], "flooding"),
    (["water is creeping out under the laundry room door"], "flooding"),
    (["the back half of the house lost power and the kitchen lights go bright when the microwave runs"], "electrical"),
    (["furnace quit yesterday, it's 47 in the house", "I'm 81 and live alone"], "no_heat"),
    # a silenced CO alarm is not over while someone has symptoms
    (["the CO alarm went off so I put a new battery in, it's quiet now but my wife has a bad headache"], "co"),
    # overheating wiring smells of fish; a toilet that won't stop running over; a hot electrical box
    (["weird fishy odor from the switch by the back door, the plate feels warm"], "fire"),
    (["upstairs toilet wont stop running over onto the floor"], "flooding"),
    (["the electric box in the garage is too hot to touch"], "electrical"),
    # an alarm that stopped and started again is not over
    (["the carbon monoxide detector beeped, we aired the house out and it quit, but it's sounding again now"], "co"),
    (["the CO monitor went off, it stopped once we opened the doors and now it started again"], "co"),
    # no heat told as what the furnace fails to put out
    (["grandpa's furnace is not giving off any heat, he's 88 and it's 20 degrees out"], "no_heat"),
    (["the heat pump isn't blowing any heat and it's supposed to be below zero tonight"], "no_heat"),
    # flushing pushes the sewer up into a tub: a blocked main
    (["every time someone flushes it bubbles up in the bathtub"], "sewage"),
    (["we flushed the toilet and it backed up into the tub"], "sewage"),
    # a boiler over pressure
    (["boiler gauge shows 40 psi and the relief valve is spewing hot water"], "boiler_pressure"),
    (["the pop off valve on the boiler keeps letting go and the needle is in the red"], "boiler_pressure"),
    # water across a floor; a leak nobody knows how to stop
    (["the fridge line is leaking and the carpet is wet across the room"], "flooding"),
    (["water softener is leaking fast, I don't know how to turn it off"], "flooding"),
    (["tank is leaking all over the garage floor", "where do I shut it off??"], "flooding"),
    # a breaker hot under the finger, or a plasticky smell from electrical gear
    (["is it normal for a breaker to feel hot when you touch it?"], "electrical"),
    (["the outlet by the tv has a plasticky odor"], "fire"),
    # water outdoors heading for the house; an AC dead in Spanish, with a grandmother at home in the heat
    (["water is bubbling out of the lawn by the street, now its running toward the garage and the floor in there is wet"], "flooding"),
    (["el aire se murio, hace 101 afuera y mi abuela vive conmigo"], "heat"),
    # sewage on the floor that also smells of sewage
    (["the basement toilet is overflowing with sewage and the whole floor smells like sewer"], "sewage"),    # a burning smell its writer says is not dust; a garage door cable still wound up
    (["burning smell from the furnace and it's not dust, more like hot wires"], "fire"),
    (["one garage door spring broke, the other side's cable is still under tension and hanging"], "structural"),    # water that spread from under an appliance, told as a question; towels that can't keep up
    (["is it normal for the washer to leak from underneath? it's spread through the laundry room into the hall"], "flooding"),
    (["the water heater closet is leaking and the towels can't keep up with it"], "flooding"),
]
SAFE = [
    ["no rush, just a slow drip under the sink"],
    ["not an emergency but the garbage disposal hums"],
    ["no gas smell or anything, pilot just won't stay lit"],
    ["we're thinking of replacing the water heater before it floods the basement"],
    ["there was a leak during the storm last week, it's dry now"],
    ["first time running the heat this fall, dusty burning smell for a few minutes, gone now"],
    ["AC is out, it's 88 inside, we're staying at a hotel tonight"],
    ["EMERGENCY my disposal is jammed and guests come tomorrow"],
    ["can you install a gas line for a new stove?"],
    ["garage door spring broke, car stuck inside"],
    ["need carbon monoxide detectors installed in our rental"],
    ["my CO detector chirps every minute, I think the battery is low"],
    ["our dog Sparky chewed the sensor wire on the garage door"],
    ["the toilet won't stop running"],
    ["how much do you charge for emergency service?"],
    ["the outlet sparked once when I unplugged the vacuum, nothing since"],
    ["the water heater has started making popping and crackling sounds"],
    ["you installed our furnace in October and it's already flashing a code"],
    ["skunk smell in the crawlspace, I think an animal died under there"],
    ["the water softener is leaking a little, small puddle"],
    # someone else's emergency, asked about with "nothing's wrong here"
    ["how much is an after-hours visit? my sister's water heater burst on sunday night, everything's fine at our place"],
    ["sump pit fills up and the pump kicks on every few minutes when it rains, is that normal?"],
    ["sump pump is running nonstop but keeping up, pit is filling and emptying"],
    ["floor drain in the basement is slow and smells musty"],
    # sulfur in the hot water is the heater's anode rod, not a gas leak
    ["hot water smells like sulfur, the cold is fine"],
    ["the shower water has a rotten egg smell, only on the hot side"],
    # a burner lighting is the furnace working
    ["there's a humming noise for a minute after the flame comes on"],
    ["a few drips from the bathroom fan in the ceiling when it's humid, we put a cup under it"],
    ["our CO alarm went off a couple weeks ago, the gas company found a cracked flue and capped it, now we want a new furnace quote"],
    ["water is running in the sink fine, just slow to drain"],
    ["the tub spout drips nonstop, driving us nuts"],
    ["sewer gas smell in the laundry room when the washer drains"],
    ["the switch sparked once last night, it's worked fine since"],
    ["ceiling stain from the ice dam in january, it dried up, want the roof looked at"],
    ["opener gave out and the door came down on my car, nobody hurt, spring is broken"],
    ["my fingers tingle after shoveling, anyway the furnace filter needs changing"],
    ["the carpet by the slider gets a little damp when it storms, not soaked"],
    ["furnace is out at the rental, nobody's living there yet and it's 50 inside"],
    ["the dimmer makes the lights dim and the bulbs hum"],
    ["smoke alarm went off when the battery died, swapped it, it's quiet now"],
    ["the fish tank light in the den flickers"],
    ["it's 95 today and the AC is blowing warm, we are all healthy adults"],
    ["we keep getting pinhole leaks in the copper lines, what would a repipe cost"],
    ["the gas company came by yesterday and fixed the leak at the meter, now we need the dryer hooked back up"],
    ["my neighbor had a pipe burst and waited two days for a plumber. do you take night calls? want someone in mind"],
    ["do you do emergency calls on weekends? just in case, everything works right now"],
    ["water drips down the wall under the AC unit", "not much, a towel catches it"],
    ["storm dropped a big limb in the yard, it missed the house, just took out the fence"],
    ["boiler gauge reads 15 psi, is that normal?"],
    ["the relief valve on the water heater drips a little into the pan"],
    ["we shut the water off and the carpet is wet across the room, can someone dry it out"],
    ["the plastic smell from the new carpet is strong"],
    ["el AC no sirve, hace 95 afuera, todos estamos bien"],
    ["when it rains, water pooling against the foundation, want the gutters extended"],
    ["power went out for an hour during the storm, back on now, the garage door opener lost its codes"],
    ["the outlet smelled hot so we threw it out and want a new one put in"],
    ["my kitchen is on fire jk, just want a quote on new cabinet lights"],
    ["the furnace smells a little hot on cold days, I think it's dust"],
    ["the hallway smoke detector screams whenever we're cooking, can you move it"],
    ["there's a little spark when I unplug the toaster, otherwise fine"],
    ["bathroom fan is noisy", "401 Pyramid Way Sparks"],
    ["we smelled gas but it was the stove knob left on, it's gone now. the igniter clicks though"],
    ["hose bib by the garage won't turn off, water running down the driveway into the street"],
    ["the CO detector chirped once overnight and hasn't since, everyone feels fine"],
    ["toilet backed up into the tub last night but it drained down, want the line cleaned out"],
    ["heat pump quit on the second floor, it's 20 outside but downstairs is warm"],
    ["oil furnace is blowing cold air, no fuel smell"],
    ["the landscape light by the pool has water inside the lens"],
    ["roof has a small leak only when it rains hard, want it looked at"],
    ["no heat since the oil ran out, 20 out but we have the woodstove going, delivery is tomorrow"],
    ["attic insulation has a few wet spots after the snow, nothing coming into the rooms"],
    ["the utility found a small leak at the meter and red-tagged it. we need a plumber to fix it before they turn it back on"],
    ["our crawlspace flooded in the spring when the sump died. want a second pump with a battery backup"],
    ["dryer vent is probably clogged, I read that's a fire hazard, can you clean it next week"],
    ["you cleared our main line last week and the tub is slow again, gurgling, but no water coming up yet"],
    ["a pipe burst in the garage last January, we had it patched. want the rest insulated before winter"],
    ["small puddle under the softener, I shut the valve and the puddle stopped growing"],
    ["a big branch is lying on the roof after the storm, doesn't look like it went through, no leaks inside"],
    ["the mini split you guys put in last spring is leaking a bit down the wall, a towel catches it"],
    # fire without fire: a burner that won't light, a pilot that is out, a fire station, cooking smoke, an old scorch
    ["boiler won't fire this morning, no heat upstairs, it's 60 outside"],
    ["pilot flame on the water heater went out again, no hot water"],
    ["the garage door at the fire station sticks halfway, can you adjust it"],
    ["the hood fan died so the kitchen fills up with smoke off the griddle at lunch"],
    ["that switch plate has a burn mark from a while back, works fine, just want it swapped"],
    # a flood that is over, a backflow valve that should keep one away, thanks for a past repair
    ["since the flooding our garage door opener only works some of the time"],
    ["want a check valve put in so sewage can't come up the floor drain again"],
    ["thanks for coming out saturday for the burst pipe, your tech was great"],
    # a sewer word that names only a smell
    ["there's kind of a septic-ish smell in the half bath on rainy days"],
    ["a sewer kind of odor comes up out of the floor drain in the laundry now and then"],    # the house still warm while the heat pump ices; water standing in an appliance
    ["outdoor unit of the heat pump is iced over, it's 20 out, but the house is still 69"],
    ["washer won't drain, about two inches of water standing in the washer tub"],
]


@pytest.mark.parametrize("messages,kind", DANGER)
def test_present_danger_is_found(messages, kind):
    danger = find_danger(messages)
    assert danger is not None and danger.kind == kind


@pytest.mark.parametrize("messages", SAFE)
def test_negations_and_near_misses_do_not_escalate(messages):
    assert find_danger(messages) is None


@pytest.mark.parametrize("sentence,word,denied", [
    ("no sparks or smell", "smell", True),
    ("i don't know what to do, water is pouring in", "water", False),
    ("it isn't leaking and the ceiling is sagging", "ceiling", False),
    ("we want a sump pump so the basement doesn't flood", "flood", True),
    ("not leaking yet", "leaking", True),
])
def test_a_negation_reaches_only_its_own_clause(sentence, word, denied):
    assert negated(sentence, sentence.index(word)) is denied


def test_every_labelled_text_of_the_authored_hazard_corpus_is_judged_as_labelled():
    """Regression check over the authored texts (they are training data for these rules, see data/README.md)."""
    corpus = Path(__file__).resolve().parents[2] / "appliance/brain/data/hazard_corpus.jsonl"
    wrong = [case["id"] for case in map(json.loads, corpus.read_text().splitlines())
             if (find_danger(case["messages"]) is not None) != case["expect"]["escalate"]]
    assert wrong == []
