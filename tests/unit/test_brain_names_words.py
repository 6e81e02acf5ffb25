"""Ordinary words are no names, however they are typed: shouting, fillers, a shop's possessive."""

import pytest

from appliance.brain.names import find_name


@pytest.mark.parametrize("messages", [
    ["WATER HEATER FLOODING GARAGE. DOG IN HOUSE"],  # capitals in a shouted text mark no name
    ["UNSUBSCRIBEE"],  # a misspelt keyword shouted alone
    ["BREAKER HOT TO THE TOUCH. PANEL BUZZING LOUD"],
    ["voicemail: hey um this is um... [garbled] ...thanks"],  # a transcription's fillers
    ["Reminder from Acme Plumbing: your visit is tomorrow."],
    ["fridge at the deli is warm", "Papa Joe's 14 Main St Dover"],  # a shop signs with a possessive
    ["can you come to my mom's house? it's Ruth Ames's on Pine Rd"],  # a place, not the texter
])
def test_ordinary_words_are_no_name(messages):
    assert find_name(messages) is None


@pytest.mark.parametrize("messages, expected", [
    (["NO HOT WATER SINCE MONDAY", "DONNA"], "DONNA"),  # a given name shouted is still a name
    (["THIS IS FRANK. FURNACE OUT"], "FRANK"),
])
def test_a_shouted_given_name_is_a_name(messages, expected):
    assert find_name(messages) == expected
