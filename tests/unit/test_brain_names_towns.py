"""A town written where a name could stand is where the customer is, not who they are."""

import pytest

from appliance.brain.names import find_name


@pytest.mark.parametrize("messages", [
    ["water heater is dripping", "Spokane"],  # a lone town as the last text
    ["furnace short cycles", "Kalamazoo 610 W Main St"],  # the town opening its address
    ["gutter fell off", "Myrtle Beach 88 Ocean Blvd"],  # a place's name ending in a place word
    ["outlet dead", "Omaha Nebraska 1200 Dodge street"],  # a town and its state spelled out
    ["dryer vent clogged", "Moore"],  # a town that is a surname, not a given name
])
def test_a_town_is_no_name(messages):
    assert find_name(messages) is None


@pytest.mark.parametrize("messages, expected", [
    (["the ac drips on the floor", "Dana"], "Dana"),  # a town, but a common first name
    (["toilet runs all night", "Kyle"], "Kyle"),
    (["sump alarm going off", "Tulsa, 412 S Elm Ave", "Hollis"], "Hollis"),  # the address has its own town
    (["roof check after the hail", "Shelby, 4105 Old Bullard Rd Tyler"], "Shelby"),
    (["leak under sink", "Wichita 300 N Main St", "Renata Lowe"], "Renata Lowe"),  # the name after the town
])
def test_a_name_that_may_be_a_town_stays_a_name(messages, expected):
    assert find_name(messages) == expected


def test_a_saint_town_opening_its_address_is_no_name():
    assert find_name(["furnace tune-up please", "St. Albans, 55 Lake St"]) is None
