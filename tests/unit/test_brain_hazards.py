"""The emergency lexicon: calm words for real danger escalate; negations and near misses do not."""
import pytest

from appliance.brain.hazards import find_danger

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
]


@pytest.mark.parametrize("messages,kind", DANGER)
def test_present_danger_is_found(messages, kind):
    danger = find_danger(messages)
    assert danger is not None and danger.kind == kind


@pytest.mark.parametrize("messages", SAFE)
def test_negations_and_near_misses_do_not_escalate(messages):
    assert find_danger(messages) is None
