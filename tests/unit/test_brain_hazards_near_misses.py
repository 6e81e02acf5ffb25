"""False alarms from rural and everyday texts (a co-op, a surname, well water, a fear, a welder, a storm gone by),
each paired with a text in nearly the same words that tells a live danger and must still alert the technician."""
import pytest

from appliance.brain.hazards import find_danger

PAIRS = [
    # the electric co-op is no carbon monoxide, and being "down for" an install is a schedule
    (["the co-op put us down for a new meter on the barn next month, what do you charge to wire the barn after?"],
     ["the co-op line to the barn is down in the grass and sparking"]),
    # a surname signing a text
    (["I'd like shop lights and a 240 outlet for the welder, retired so any day works", "Earl Sparks, 18 Mill Rd, Elkins WV"],
     ["I'd like shop lights and a 240 outlet for the welder. the old outlet sparks when I plug in", "Earl, 18 Mill Rd, Elkins WV"]),
    # well water that smells of sulfur, at a softener quote
    (["Need a price on a softener and an iron filter for our well water. orange stains, smells like rotten eggs some days"],
     ["Need a price on a softener for our well water. also smells like rotten eggs by the furnace"]),
    # someone else fixed it and it is gone
    (["the gas company dug up the street today, we smelled it out front but they fixed their line", "no smell indoors at all"],
     ["the gas company dug up the street today, we smelled it out front and now I smell gas in the kitchen too"]),
    (["our CO alarm went off overnight, the fire department came and read zero, said the alarm was past its date. can you replace them?"],
     ["our CO alarm went off overnight, the fire department came and read 80 and told us to stay out"]),
    # a fear of what has not happened
    (["we keep a heat lamp in the pump house and I'm afraid of it setting the wall on fire, can you put in a real heater?"],
     ["we keep a heat lamp in the pump house and I'm afraid, it set the wall on fire"]),
    (["the cord to the freezer is old and I'm scared it will catch fire, can you add an outlet?"],
     ["the cord to the freezer is old and I'm scared, it caught fire"]),
    # a tool's sparks at its work
    (["grinder sparks are normal, but the shop outlet it plugs into is loose. next week is fine"],
     ["the shop outlet the grinder plugs into sparks and is loose"]),
    (["sparks fly off the welder, normal. the welder outlet is loose in the wall, can you fix it?"],
     ["sparks fly out of the welder outlet in the wall"]),
    # a storm gone by: dry now, flood on the fields only
    (["roof leaked in last night's storm, a small wet spot on the ceiling, dry this morning"],
     ["roof leaked in last night's storm, the wet spot on the ceiling is still dripping this morning"]),
    (["the river flooded the lower field but the house sits high, no water inside. want the sump looked at"],
     ["the river flooded the basement, want the sump looked at"]),
    # a whiff of gas at lighting that is gone; a yellow burner flame is a service call
    (["smelled gas for a sec when I lit the range, gone now. the burner flame is yellow though"],
     ["smelled gas for a sec when I lit the range and it keeps smelling. the burner flame is yellow"]),
    # a burst denied
    (["the kitchen tap has no water, I think the line froze, it hasn't burst that we can tell"],
     ["the kitchen tap has no water, the line froze and burst, water spraying under the sink"]),
]


@pytest.mark.parametrize("false_alarm, live", PAIRS)
def test_the_near_miss_does_not_escalate_but_the_danger_in_nearly_its_words_does(false_alarm, live):
    assert find_danger(false_alarm) is None
    assert find_danger(live) is not None


@pytest.mark.parametrize("messages", [
    ["Cord Sparks, help"],  # a thing, not a given name, before the hazard word
    ["the extension cord sparked when I unplugged the heater"],  # "cord sparked" is no road ("Rd Sparks")
    ["water hasn't stopped pouring through the ceiling"],  # "hasn't stopped" goes on
    ["I'm scared, it's on fire in the pump house"],
])
def test_a_live_danger_worded_like_a_near_miss_escalates(messages):
    assert find_danger(messages) is not None
