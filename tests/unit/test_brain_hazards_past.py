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


@pytest.mark.parametrize("messages", OVER_IN_SPANISH)
def test_a_danger_told_as_past_or_fixed_in_spanish_does_not_escalate(messages):
    assert find_danger(messages) is None


@pytest.mark.parametrize("messages", LIVE_IN_SPANISH)
def test_the_same_danger_told_as_happening_in_spanish_escalates(messages):
    assert find_danger(messages) is not None
