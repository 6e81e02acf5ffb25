"""Dangers told the roundabout way: by a reading, a sensor or a bill, as a question, in passing after
something else, or by what people feel; and the everyday texts that use the same words."""
from datetime import datetime

import pytest

from appliance.brain.engine import qualify
from appliance.brain.hazards import find_danger
from appliance.brain.profile import default_profile

TOLD_OTHERWISE = [
    # commercial refrigeration told by its temperature, with the stock inside
    (["temp probe app says our walk-in is 47F, we have the whole weekend of chicken and pork in it"], "stock_at_risk"),
    (["quick question, is it ok to wait until 7am? the bakery freezer reads 22 and the gelato is going soft"], "stock_at_risk"),
    (["did my check clear?", "also our reach-in fridge is alarming high temp, all the deli meat for lunch is in there"], "stock_at_risk"),
    (["el congelador de la tienda marca 25 grados y tiene todo el helado"], "stock_at_risk"),
    # an empty house losing its heat in deep cold: the pipes freeze and burst
    (["the monitoring company pinged me with a low temperature alert at our ski condo", "it's 8 below up there, no one is staying there this month"],
     "pipes_freezing"),
    (["Nest says the rental is 43 and falling, vacant between tenants, and it's supposed to hit -15 tonight"], "pipes_freezing"),
    (["house temp keeps dropping and it's 5 degrees out, my mom is 91"], "no_heat"),
    (["thermostat says heating but the air coming out feels cold, it's 3 above outside and our 2 month old is here"], "no_heat"),
    # runaway water told by the meter, or heard behind the door of an empty unit
    (["the city's leak alert texted: 2,500 gallons over the past 3 hours at our duplex"], "flooding"),
    (["the upstairs unit is vacant and I can hear water gushing in there, the door is locked"], "flooding"),
    # the smell of gas asked about, where the gas appliance lives
    (["why does the utility room with our water heater smell like sulfur? it's pretty strong in there"], "gas"),
    # CO told by how people and pets act after a fuel burner started
    (["my husband feels kind of woozy and the dog keeps stumbling, we lit the gas logs for the first time tonight, related?"], "co"),
    (["we ran the portable generator in the garage during the outage and now grandpa is very drowsy and can't stay awake"], "co"),
    # an appliance that floods on after it was switched off
    (["the washing machine is leaking from underneath", "not a bit, more like a flood, I switched it off and it keeps gushing out"], "flooding"),
    (["el lavaplatos no deja de tirar agua y ya llego al comedor aunque lo apague"], "flooding"),
    # heating oil out of its tank: it burns and its fumes sicken
    (["the fuel oil line to the burner is seeping and there's a pool under the furnace, the fumes are strong in the kitchen"], "oil_leak"),
    # a sump that hums but does not pump, in Spanish
    (["la bomba del sumidero prende pero no saca nada, el sotano tiene ya unas 2 pulgadas y sigue subiendo"], "flooding"),
    # a propane smell asked about in Spanish; a cord smoking in the wall told after a price question
    (["huele mucho a propano en la cocina, es normal despues de llenar el tanque?"], "gas"),
    (["cuanto cuesta cambiar un enchufe?", "es que el cable de la secadora esta humeando detras de la pared"], "fire"),
]

LOOKS_LIKE_IT = [
    ["the walk-in was at 45 for a few minutes while the door was propped, it's 37 again, just checking that's normal"],
    ["our restaurant freezer is holding at 0, can you quote a door gasket"],
    ["the fridge isn't cooling but the freezer is still cold, food in the fridge is getting warm"],
    ["furnace quit at the rental, it's vacant till June and it's 65 out this week, can you come Monday"],
    ["it's 28 and dropping outside tonight, can you tune up the furnace this week"],
    ["our bill says we used 7,000 gallons last month, can someone look for a leak"],
    ["i hear water running in the wall every time the upstairs toilet flushes"],
    ["our well water smells like sulfur, only on the hot side, is it the anode rod"],
    ["the generator stumbles and surges under load, can you tune it up"],
    ["we turned on the furnace for the first time and I'm confused about which filter size to buy"],
    ["we keep running out of hot water since the new shower went in"],
    ["el inodoro no deja de correr, se oye toda la noche"],
    ["the oil tank gauge reads a quarter full, when can you schedule a delivery"],
    ["the laundry room wall feels humedo after the rain, can someone check the gutter"],
]


@pytest.mark.parametrize("messages,kind", TOLD_OTHERWISE)
def test_a_danger_told_the_roundabout_way_is_found(messages, kind):
    danger = find_danger(messages)
    assert danger is not None and danger.kind == kind, danger


@pytest.mark.parametrize("messages", LOOKS_LIKE_IT)
def test_an_everyday_text_with_the_same_words_does_not_escalate(messages):
    assert find_danger(messages) is None


def test_asking_whether_it_is_normal_does_not_excuse_a_danger_the_rules_see():
    texts = ["first winter here, is it normal for the furnace to just not kick on?",
             "it's 6 degrees outside, the house is 50 and my daughter is 3 weeks old"]
    lead = qualify(texts, default_profile("hvac", "Test Heating"), datetime(2025, 1, 10, 22, 0), mode="rules")
    assert lead.escalate and lead.hazard == "no_heat" and lead.urgency == "emergency"
