"""False alarms by class: a danger that is over, someone else's, a name or a joke; each with the live danger
told in nearly the same words, which must still alert the technician."""
import pytest

from appliance.brain.hazards import find_danger

OVER_IN_SPANISH = [
    ["hace dos semanas se nos inundó el garaje con el aguacero, ya se secó. ¿cuánto por un drenaje francés?"],
    ["el año pasado tuvimos fuga de gas en el calentador pero ya la arreglaron, ahora quiero un mantenimiento"],
    ["se reventó el tubo del lavabo y mi cuñado lo arregló, quiero que un plomero lo revise bien"],
    ["anoche olía a gas en la cocina pero ya no huele, quiero que revisen la estufa"],
    ["cayó una rama en el techo hace un mes, no entró agua, solo quiero revisar las tejas"],
    ["se heló la llave de afuera pero no se rompió nada, no sale agua por ningún lado"],
    ["el excusado no para de correr el agua, ¿cuánto cuesta cambiar el flotador?"],
    ["huele a huevo podrido en el lavadero, creo que es la coladera. no hay gas en la casa, todo es eléctrico"],
]
LIVE_IN_SPANISH = [
    ["se nos está inundando el garaje con el aguacero, ¡el agua ya pasó a la sala!"],
    ["hay fuga de gas en el calentador, huele muy fuerte"],
    ["se reventó el tubo del lavabo y no podemos cerrar la llave"],
    ["huele a gas en la cocina desde anoche"],
    ["se cayó una rama en el techo y está entrando agua"],
    ["se reventó la llave de afuera y sale agua a chorros contra la casa"],
    ["el agua del excusado no para de salir, ya está en todo el baño"],
    ["huele a huevo podrido en la cocina junto a la estufa"],
]



OVER_OR_HARMLESS = [
    # a lake, pond or river named as a place, not a metaphor for the basement
    ["we're at the lake cottage till friday, can you winterize the one on Pond Hill Rd after that?"],
    ["need a water softener at our lakefront place, 40 Lake Shore Dr, South Lake Tahoe"],
    # a pipe that burst and was capped, the water back on
    ["a pipe split in the laundry room saturday, my neighbor capped it and the water is back on. need it fixed properly"],
    ["the basement flooded in march, it dried out weeks ago. want a quote for a sump pump"],
    ["the unit upstairs had a leak in may, it's fixed and our ceiling is dry. need an inspection letter"],
    ["the dog knocked the tub faucet and flooded the hallway lol, all mopped up now. need the valve replaced"],
    ["the main sewer backed up last weekend, had it snaked then. want a camera inspection"],
    ["we want a water softener, the hard water is eating our fixtures"],
    # a CO detector's battery chirp, or one reading zero
    ["the CO detector in the hall chirps once a minute, the battery kind of chirp, nobody feels bad"],
    ["is the rust on the flue above the boiler a problem? no odor, the CO detector reads 0"],
    ["the CO alarm went off while we were broiling fish. aired out the house, it shows 0 now"],
    # a burning smell that lasted a moment at start-up
    ["the furnace smelled like burning for a second when it kicked on then stopped", "changed the filter, no smell since"],
    ["propane smell for a second when the water heater lit, its gone", "no odor now at all"],
    # a broken knob on a gas range with nothing leaking
    ["the knob on our gas range snapped off, the burner is off. what does a new knob cost?"],
    # someone else is handling it
    ["the tree service is handling the limb on our garage roof and the adjuster already came", "all set, thanks"],
    # a joke about a noisy heater, a stove the gas company shut off, an AC's condensate down a wall
    ["my son is sure the water heater is going to explode lol", "it crackles when it heats, no leaks"],
    ["the utility red tagged our dryer this morning, the flex line was leaking. gas to the dryer is off now"],
    ["the ductless unit in the den is dripping down the wall a little"],
    ["water under a solar panel bracket in the attic, just a damp spot on the wood, nothing dripping into the house"],
]
STILL_LIVE = [
    ["the lake is coming in! the basement is a lake, 4 inches and rising"],
    ["the garage is turning into a pond, water pouring under the door"],
    ["a pipe split in the laundry room, I capped it but water is still pouring out of the ceiling"],
    ["the CO detector is going off and reads 150"],
    ["CO detector chirping and the kids have headaches"],
    ["the furnace smells like burning and it's still going"],
    ["the knob broke off our gas range and now I smell gas"],
    ["the water heater exploded, water everywhere"],
    ["water pouring through the ceiling again, I thought it was fixed"],
    ["the basement flooded, we mopped up but it keeps coming in"],
    ["tree fell on the roof, the tree service is handling it", "but water is coming in through the bedroom ceiling"],
    ["the ductless unit is leaking water into the outlet below it"],
]


@pytest.mark.parametrize("messages", OVER_IN_SPANISH + OVER_OR_HARMLESS)
def test_a_danger_that_is_over_handled_named_or_joked_about_does_not_escalate(messages):
    assert find_danger(messages) is None


@pytest.mark.parametrize("messages", LIVE_IN_SPANISH + STILL_LIVE)
def test_the_live_danger_in_nearly_the_same_words_escalates(messages):
    assert find_danger(messages) is not None
