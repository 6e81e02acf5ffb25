"""Names and addresses written the ways the opened holdout K showed we missed: a street with no house number
after its town or along a numbered road, a highway with its number, a surname restated as the full name,
a person signing for a rental company, a vendor's "call <name>"."""

import pytest

from appliance.brain.address import find_address
from appliance.brain.names import find_name


def address_text(*messages: str) -> str | None:
    found = find_address(list(messages))
    return found.text if found else None


@pytest.mark.parametrize("messages, expected", [
    # the town first, then a street named without a number
    (["sliding door sticks", "Fayetteville, Maple St, blue shutters on the corner"], "Maple St, Fayetteville"),
    (["gutter hanging loose", "Lubbock, off Quaker by the church"], "Quaker, Lubbock"),
    (["el calentador no prende", "Santa Ana, en la Bristol junto a la farmacia"], "Bristol, Santa Ana"),
    # a numbered road with no house number, in directions, then its town
    (["well pump won't kick on", "third drive after the feed store on FM 1960, Humble TX"], "FM 1960, Humble, TX"),
    (["no heat", "out on County Road 9 past the grain elevator, Sterling, tan farmhouse"], "County Road 9, Sterling"),
    # a highway's name and its number, then the town
    (["breaker keeps tripping", "2215 Coastal Hwy 30A, Santa Rosa Beach"], "2215 Coastal Hwy 30A, Santa Rosa Beach"),
])
def test_a_street_given_without_a_house_number_or_with_a_route_number(messages, expected):
    assert address_text(*messages) == expected


def test_a_bare_word_after_a_town_is_a_street_only_after_on_or_off():
    assert address_text("Lubbock, Quaker side of town") == "Lubbock"


def test_a_road_mentioned_in_passing_is_no_address():
    assert address_text("drove past your van on Route 5 are you taking apprentices?") is None


@pytest.mark.parametrize("messages, expected", [
    (["billed twice for the tune-up", "the account's under Okafor, Chidi Okafor"], "Chidi Okafor"),
    (["leak in unit 3 at 40 Pine St, Durham", "I'll bring the keys. Dana Whitlock, Bull City Rentals"], "Dana Whitlock"),
    (["Crew of 4 available for drywall and paint, licensed. Call Teodoro"], "Teodoro"),
])
def test_the_texters_own_name(messages, expected):
    assert find_name(messages) == expected


def test_asking_to_be_called_back_names_no_one():
    assert find_name(["water heater is leaking. Call me back"]) is None
