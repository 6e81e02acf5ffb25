"""Long-tail dangers customers describe without the usual words, and the everyday texts that look like them."""
import pytest

from appliance.brain.hazards import find_danger

RARE_DANGER = [
    # an outlet or switch running warm with a second sign; a box that fizzes
    (["the plate on the hallway outlet feels warm and there's a brownish mark around one slot"], "electrical"),
    (["breaker box door is warm to the hand and something inside is buzzing"], "electrical"),
    (["el apagador de la sala esta caliente y zumba"], "electrical"),
    (["I hear fizzing from the light box over the sink"], "electrical"),
    # a lost neutral: lights flaring brighter as appliances quit
    (["when the dryer starts the living room lamps go really bright and the fridge just shut off"], "electrical"),
    # a generator fed into the house wiring
    (["we plugged the portable generator into the range outlet with a homemade cord, no transfer switch"], "electrical"),
    # stray voltage in water
    (["the pool water feels fizzy on my skin since the new pump went in"], "electrical"),
    (["la lavadora me da toques cuando la toco y el piso esta mojado"], "electrical"),
    # a water heater boiling over
    (["the water heater is rumbling like it's boiling and the kitchen faucet is spitting steam"], "boiler_pressure"),
    (["boiler is whistling and the gauge needle is way past normal"], "boiler_pressure"),
    # water from below, or out under the door of an empty house
    (["water is seeping up through the concrete in the finished basement"], "flooding"),
    (["we're out of town and the neighbor says water is flowing out under our garage door"], "flooding"),
    (["sale agua del piso de la cocina, como que brota"], "flooding"),
    # sewage forced up by a flush, in Spanish
    (["cada vez que jalan la cadena sube agua sucia por la regadera"], "sewage"),
    # CO told by its symptoms, its number or its smell; a flue knocked loose
    (["all four of us get headaches at home and feel better once we leave for work and school"], "co"),
    (["the plug-in detector shows 85 on the display and my husband feels off"], "co"),
    (["the whole basement smells like truck exhaust since the boiler came on"], "co"),
    (["the water heater flue pipe came apart at the joint in the attic"], "co"),
    # a heat pump buried in ice as the only heat, deep cold, someone fragile
    (["our mini split outdoor unit is iced up solid, it's -20 tonight and we have a 3 week old"], "no_heat"),
    # a well gone dry in a freeze with someone who needs the water
    (["the well pump quit this morning, it's 4 below and my mother is 88 and lives with us"], "no_water"),
    # a roof left open with weather on the way; a garage door hanging over someone
    (["wind tore the tarp off the roof and more rain is coming tonight"], "structural"),
    (["the garage door jumped off the track and is hanging by one side, my kids need to get under it to the car"], "structural"),
    # stock that spoils
    (["the walk-in at the restaurant is at 50 and climbing, all our meat is in there"], "stock_at_risk"),
    (["our clinic's vaccine fridge reads 14C and rising"], "stock_at_risk"),
    # the same dangers told in Spanish
    (["la caldera no prende desde la manana, hace -3 afuera y tengo un bebe de 5 meses"], "no_heat"),
    (["no jala el aire, adentro ya esta en 96 y mi hija de 2 anos tiene fiebre"], "heat"),
    (["a todos nos duele la cabeza y la alarma sono dos veces, tenemos calefaccion de gas"], "co"),
    (["el viento se llevo parte del techo del garaje"], "structural"),
    (["un cable de luz quedo en el piso y esta chispeando"], "electrical"),
    (["el medidor se esta derritiendo y huele a quemado"], "fire"),
    (["parece una tuberia rota en el bano, sale agua por la pared"], "flooding"),
    (["sale agua sucia por la coladera del patio de servicio y ya llego a la sala"], "sewage"),
]
LOOKS_LIKE_IT = [
    ["the dimmer in the den gets a little warm when the lights are on full, is that normal?"],
    ["one outlet has an old brown stain from years ago, works fine, want it swapped"],
    ["the garage door came off the track when I backed into it, can someone come look this week?"],
    ["want a quote for a transfer switch so we can run our generator safely next winter"],
    ["our well pump is getting old, can we get a quote to replace it in the spring?"],
    ["I get headaches from the noise of the AC compressor, can you quiet it"],
    ["the walk-in cooler door gasket is torn, can you replace it next week"],
    ["the tarp on the woodpile blew off, anyway need a furnace tune up"],
    ["our deli case is at 45 and rising", "we moved everything into the walk-in, it's holding 36", "can you come tomorrow?"],
    ["need a septic inspection before the house sale"],
]


@pytest.mark.parametrize("messages,kind", RARE_DANGER)
def test_a_long_tail_danger_is_found(messages, kind):
    danger = find_danger(messages)
    assert danger is not None and danger.kind == kind


@pytest.mark.parametrize("messages", LOOKS_LIKE_IT)
def test_an_everyday_text_that_looks_like_one_does_not_escalate(messages):
    assert find_danger(messages) is None
