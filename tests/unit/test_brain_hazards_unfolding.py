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

# the danger comes in a later text, often told of "it" once the thing was named
LATER_DANGER = [
    (["can you quote a new panel", "it's an old fuse box", "ok now it's crackling and smells hot"], "fire"),
    (["the water softener has a small drip", "never mind the drip, now it's gushing out the side"], "flooding"),
    (["our boiler needs a service", "my dad is 87 and lives here", "it quit overnight and it's 3 degrees out"], "no_heat"),
    (["the AC has been weak all week", "now it's not cooling at all, 96 inside, and grandma is on oxygen"], "heat"),
    (["the landlord said if the CO detector beeps again to call you", "it just went off again"], "co"),
    (["I set a pan under the leak but the pipe just split and water is spraying everywhere"], "flooding"),
    (["need a quote on new shingles", "the storm just hit, rain is blowing in through the attic into the hallway"], "flooding"),
    (["hola, el lavabo gotea", "ahora el agua sale a chorros y ya se mojo la alfombra del cuarto"], "flooding"),
    (["el inodoro esta tapado", "ya se desbordo y el agua sucia va llegando a la sala"], "sewage"),
]
NOT_LATER_DANGER = [
    ["water heater is dripping into its pan, only a bit", "it's in the garage"],
    ["had a pipe burst last winter, all fixed now, but we want the crawlspace insulated"],
    ["la presion del agua esta baja en toda la casa"],
]


@pytest.mark.parametrize("messages,kind", LATER_DANGER)
def test_a_danger_told_in_a_later_text_escalates(messages, kind):
    danger = find_danger(messages)
    assert danger is not None and danger.kind == kind


@pytest.mark.parametrize("messages", NOT_LATER_DANGER)
def test_a_later_text_that_only_places_or_dates_it_does_not_escalate(messages):
    assert find_danger(messages) is None


@pytest.mark.parametrize("messages", DEFUSED_LATER)
def test_an_alarm_a_later_text_explains_away_does_not_escalate(messages):
    assert find_danger(messages) is None


@pytest.mark.parametrize("messages", STILL_DANGEROUS)
def test_a_danger_only_paused_still_escalates(messages):
    assert find_danger(messages) is not None
