"""Names as people dictate or type them casually: lower case, by relation, before a street or a spoken number."""

import pytest

from appliance.brain.names import find_name


@pytest.mark.parametrize("messages, expected", [
    (["hi its brianna the kitchen sink is backing up"], "Brianna"),  # a lower-case given name after "its"
    (["im gerald and the furnace is out"], "Gerald"),
    (["Dad's boiler stopped", "this is his daughter Renee"], "Renee"),  # the texter by relation, then the name
    (["hey it's your nephew Tito, new phone"], "Tito"),
    (["septic alarm on", "Ida Kemp on Mill Creek Rd Hazard"], "Ida Kemp"),  # a name before "on <street>"
    (["faucet drips period Nora Vance forty one Birch Lane Dover"], "Nora Vance"),  # stop and number spoken
    (["my name is Liam O Connor and the disposal hums"], "Liam O'Connor"),  # an O' surname dictated with a space
])
def test_spoken_and_casual_names_are_found(messages, expected):
    assert find_name(messages) == expected


@pytest.mark.parametrize("messages", [
    ["its will be fine till monday"],  # a given name that is an everyday word, in lower case
    ["this is frank about the price"],
    ["its the upstairs toilet again"],
    ["pipe burst", "Scranton twenty two Oak Street"],  # a town opening a dictated address
])
def test_casual_words_are_no_name(messages):
    assert find_name(messages) is None


def test_a_greeting_before_name_here_keeps_the_name():
    assert find_name(["Hi Otis here. the well pump cycles every minute"]) == "Otis"


def test_a_town_written_with_its_accent_is_no_name():
    assert find_name(["se tapó el drenaje", "Vivimos en 12 Pino Ln, Española NM"]) is None


@pytest.mark.parametrize("messages, expected", [
    (["течёт кран на кухне", "Chicago, 4410 N Kedzie Ave. Ольга"], "Ольга"),  # a Cyrillic name closing the address
    (["сколько стоит новый бойлер?", "Сергей Волков"], "Сергей Волков"),
])
def test_a_name_in_cyrillic_is_found(messages, expected):
    assert find_name(messages) == expected


@pytest.mark.parametrize("messages", [["Спасибо"], ["кран течёт", "Здравствуйте"]])
def test_russian_courtesies_are_no_name(messages):
    assert find_name(messages) is None


def test_a_thanks_sign_off_before_the_address_gives_the_name():
    assert find_name(["furnace check before winter. Thanks, Nadine Ross, 22 Elm St, Salina KS"]) == "Nadine Ross"
