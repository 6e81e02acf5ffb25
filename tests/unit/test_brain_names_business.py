"""Businesses sign their texts too: a shop's, clinic's or church's name is never the person's."""

import pytest

from appliance.brain.names import find_name


@pytest.mark.parametrize("messages", [
    ["ice machine leaking", "Harbor Light Bakery, 18 Pier Rd, Mystic CT"],
    ["ceiling fan wobbles in the lobby", "Golden Bowl Noodle Bar 903 Elm Ave, Tulsa"],
    ["grease trap smells", "Nonna's Trattoria, 55 Hanover St, Boston"],  # a possessive heads a business
    ["water heater pilot out", "Pine Hollow Chapel, 7 Ridge Rd, Asheville"],
    ["rtu is loud", "Vista Ridge Elementary, 2200 Owl Dr, Lubbock"],
])
def test_a_business_signing_before_its_address_is_no_name(messages):
    assert find_name(messages) is None


@pytest.mark.parametrize("messages, expected", [
    (["drain slow", "Cactus Flower Salon, 410 Vine St, Mesa. Odalys"], "Odalys"),
    (["walk-in warm", "Redbird Diner, 88 Oak Ave, Joplin. Wendell Hart"], "Wendell Hart"),
    (["sink clogged", "this is Andre the kitchen lead at Four Oaks"], "Andre"),  # a business word after a name
])
def test_the_person_signing_after_a_business_is_the_name(messages, expected):
    assert find_name(messages) == expected
