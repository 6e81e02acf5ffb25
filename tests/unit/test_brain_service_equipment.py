"""The job's equipment named the way a dispatcher writes it, including the less common kinds a contractor
services (wells, pools, oil heat, restaurant kitchens, solar) and the Spanish words for them."""

import pytest

from appliance.brain.service import describe_service


@pytest.mark.parametrize("text, words", [
    ("the burner won't restart after we ran out of oil", ["oil"]),
    ("pool heater throws an ignition fault", ["pool heater"]),
    ("pool motor is loud since spring opening", ["pool"]),
    ("the Generac didn't start when the power dropped", ["generator"]),
    ("our well pump runs nonstop and the pressure tank gauge reads 10", ["pressure tank", "well pump"]),
    ("softener is out of salt and the water feels hard", ["water softener"]),
    ("reverse osmosis tank under the sink weeps", ["reverse osmosis"]),
    ("need the irrigation blown out before it freezes", ["irrigation"]),
    ("the city wants our backflow preventer tested", ["backflow"]),
    ("gas logs light but the pilot keeps dropping", ["gas logs"]),
    ("hot water recirculation loop pump is silent", ["recirc"]),
    ("one microinverter stopped reporting in the app", ["solar"]),
    ("would like a quote to encapsulate the crawl space", ["crawlspace"]),
    ("the Ansul system discharged over the fryer", ["suppression", "fryer"]),
    ("rooftop unit over the dining room is throwing a belt", ["rooftop unit"]),
    ("both reach-ins on the line are at 48", ["reach-in"]),
    ("the grinder pump alarm keeps buzzing", ["grinder pump"]),
    ("sump alarm chirping in the basement", ["sump pump"]),
    ("the propane line to the barn got nicked by the mower", ["gas line"]),
    ("how much for a mini split in the garage", ["mini split"]),
    ("the chair lift on our stairs stops halfway", ["stairlift"]),
])
def test_less_common_equipment_is_named(text, words):
    service, confidence = describe_service([text])
    assert service and all(word.lower() in service.lower() for word in words), service
    assert confidence > 0


@pytest.mark.parametrize("text, words", [
    ("la bomba del pozo no arranca", ["well pump"]),
    ("el suavizador ya no regenera", ["water softener"]),
    ("los rociadores del jardín tiran agua por todos lados", ["sprinkler"]),
    ("se cuarteó el tragaluz de la sala", ["skylight"]),
    ("la nevera no enfría", ["refrigerator"]),
    ("la cámara de congelación está a 30 grados", ["walk-in"]),
    ("la pastilla de la cocina se bota", ["electrical panel", "breaker tripping"]),
    ("se rompió la pila del fregadero", ["faucet"]),
    ("la ducha no para de gotear", ["tub/shower"]),
    ("no hay calefacción en toda la casa", ["furnace", "no heat"]),
    ("ya no funciona el aire del cuarto", ["AC", "not working"]),
    ("el ventilador de techo tambalea", ["ceiling fan"]),
    ("el sanitario de arriba se mece", ["toilet"]),
    ("la terma hace un ruido raro", ["water heater"]),
    ("el portón del garaje se atora", ["garage door"]),
    ("cuánto por vaciar el tanque séptico", ["septic"]),
    ("los ductos tienen mucho polvo", ["ductwork"]),
    ("se fundió otro foco del pasillo", ["lighting"]),
    ("huele a propano en el patio", ["gas leak"]),
    ("la presión del agua bajó mucho en la regadera", ["low water pressure"]),
])
def test_spanish_equipment_is_named(text, words):
    service, _ = describe_service([text])
    assert service and all(word.lower() in service.lower() for word in words), service


@pytest.mark.parametrize("text, wanted, unwanted", [
    # a word inside a longer name of another thing belongs to that thing
    ("the whole house fan in the hallway squeals", "whole-house fan", "ceiling fan"),
    ("the pressure switch on the well chatters", "well pressure switch", "+ switch"),
    ("solar panel mount is dripping into the attic", "solar", "electrical panel"),
    ("the CO meter by the line reads 90 since the hood quit", "kitchen hood", "service wires"),
    # a remote is the garage door's only where a garage door is meant
    ("the remote for the gas fireplace died", "fireplace", "opener controls"),
    # a pumped well is no AC because the water comes out with air
    ("el agua del pozo sale con aire", "well pump", "AC"),
])
def test_the_specific_thing_wins_over_a_word_inside_it(text, wanted, unwanted):
    service, _ = describe_service([text])
    assert wanted in service and unwanted not in service, service
