"""Alarms told over several texts: a later text can explain one away, or say a paused danger goes on."""
import pytest

from appliance.brain.hazards import find_danger

DEFUSED_LATER = [
    ["I smell gas in the garage!", "sorry, false alarm. my son spilled the mower fuel, we mopped it up"],
    ["the bathroom is flooding", "ok I found the shutoff behind the toilet and closed it", "can someone fix the fill valve friday"],
    ["sparks coming out of the kitchen outlet!", "never mind, it was just the toaster cord, tossed it", "can you check the outlet sometime"],
    ["the carbon monoxide alarm is going off", "the fire department came and checked the house, zero CO, it was a bad detector"],
    ["smoke is coming out of the furnace closet", "it's out now. the firemen came, all clear", "need the furnace checked next week"],
    ["a huge limb fell on the roof", "ok it's only the gutter that got bent, nothing came inside", "need an estimate"],
    ["water gushing from under the sink", "it stopped. the supply line came loose, I shut the valve under the sink and it's holding"],
    # a broken pipe told after the water was already shut off is the cause, not a new flood
    ["water all over the laundry room floor", "I closed the valve and mopped. the washer hose split", "can you replace it monday"],
    ["se esta inundando la cocina!", "ya cerre la llave, era la manguera del lavaplatos", "pueden venir manana?"],
    ["huele a gas!", "perdon, era solo el olor de la estufa al prenderla. todo bien"],
    # the one at risk is somewhere safe now, or the heat is back
    ["no heat and it's 5 below, my grandmother lives with me", "update: she is staying with my sister tonight", "tomorrow am ok?"],
    ["heat quit and the baby is cold", "got it relit! we're good", "still want a tune up"],
    ["AC died, 99 degrees inside, my dad is 91", "he went to my brother's place, they have AC", "come tomorrow please"],
]
STILL_DANGEROUS = [
    # the source is shut, but the danger it started goes on
    ["pipe burst upstairs, water coming through the dining room ceiling", "main is off", "it is still dripping onto the chandelier"],
    ["I smelled gas at the stove", "shut the valve behind it", "I can still smell it in the hallway"],
    ["the outlet is smoking", "we turned the breaker off", "it keeps smoking and the cover is hot"],
    ["CO detector went off", "we opened windows and it stopped", "shut them and now it's going off again"],
    ["no heat, it's -10 out and we have a newborn", "got the furnace going", "nope, it went out again, house is 55"],
    ["sewage came up in the shower", "we stopped using water", "it keeps coming up, it's in the hall now"],
    ["water heater leaking all over", "I closed the cold valve", "but it keeps pouring out the bottom onto the carpet"],
    ["se rompio un tubo en el bano", "ya cerre la llave", "pero sigue cayendo agua del techo encima de los enchufes"],
    # a reassurance that is a question explains nothing away
    ["flames shot out the bottom of the water heater", "that's just it lighting, right?"],
    # what ended is not the last word
    ["the outlet caught fire for a second", "it's out but the wall is black and still smells burnt"],
]


@pytest.mark.parametrize("messages", DEFUSED_LATER)
def test_an_alarm_a_later_text_explains_away_does_not_escalate(messages):
    assert find_danger(messages) is None


@pytest.mark.parametrize("messages", STILL_DANGEROUS)
def test_a_danger_only_paused_still_escalates(messages):
    assert find_danger(messages) is not None
