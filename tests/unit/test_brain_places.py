"""Towns and ZIPs given without a street, checked against the USPS table, not guessed from shape."""

import pytest

from appliance.brain.address import find_address
from appliance.brain.profile import TradeProfile


def address_text(*messages: str) -> str | None:
    found = find_address(list(messages))
    return found.text if found else None


@pytest.mark.parametrize("messages, expected", [
    (["basement's dry, can someone check the sump? 57105"], "Sioux Falls, SD 57105"),
    (["need an outlet in the garage", "Oshkosh 54901 - Walt"], "Oshkosh, WI 54901"),
    (["gutter guards for a two story colonial", "Meredith Saint-Pierre, Keene NH"], "Keene, NH"),
    (["slow drip under the sink", "Kennewick, by the high school"], "Kennewick"),
    (["furnace", "not heating", "wausau"], "Wausau"),
    (["the Trane rattles when it starts", "We're in Cedar Rapids"], "Cedar Rapids"),
    # a sentence (not only a message) that opens with the town, then a comma or a dash
    (["breaker trips with the microwave. Frankfort - Dee Marsh"], "Frankfort"),
    (["water heater pilot won't stay lit. Tulsa, off 71st"], "Tulsa"),
    # a signed full name, then the town, closing the message
    (["gutters pulling off the fascia", "thanks — Odette Brennan, Peoria"], "Peoria"),
    # a first name before a ZIP is no town, even where a town of that name exists elsewhere
    (["filter rack rattles", "Tobias, 49503"], "Grand Rapids, MI 49503"),
    # a street named without a number, after on / off / from
    (["it's the brick duplex on Juniper Ave, side door"], "Juniper Ave"),
    (["Tulsa, off of Harvard Ave"], "Harvard Ave, Tulsa"),
    # a Spanish-style street name without a street type
    (["1620 Vista Grande, Santa Fe"], "1620 Vista Grande, Santa Fe"),
    # a town that is also an everyday word counts right after the street and a comma
    (["outlet on the deck", "1100 Bayview Rd, Mobile"], "1100 Bayview Rd, Mobile"),
    (["estimate on a new door", "Vic, Lakewood"], "Lakewood"),
])
def test_a_town_or_zip_alone_is_the_address(messages, expected):
    assert address_text(*messages) == expected


def test_the_town_named_before_the_street_or_in_another_text_joins_the_street():
    assert address_text("Harrisburg, 2100 Derry St. whenever tomorrow") == "2100 Derry St, Harrisburg"
    assert address_text("1608 Fairchild Ave", "oh and its Manhattan KS") == "1608 Fairchild Ave, Manhattan, KS"


def test_a_town_written_first_beats_a_sign_off_after_the_street():
    assert address_text("sewer smell. Bangor, 40 Hammond St. Rufus") == "40 Hammond St, Bangor"
    assert address_text("Shelby, 4105 Old Bullard Rd Tyler") == "4105 Old Bullard Rd, Tyler"


def test_a_town_that_begins_with_st_is_not_cut_after_the_street():
    assert address_text("1200 Ashland Ave St Joseph") == "1200 Ashland Ave, St Joseph"
    assert address_text("77 Grand Ave St Paul MN") == "77 Grand Ave, Saint Paul, MN"
    assert address_text("12 Water St") == "12 Water St"


def test_words_after_a_street_that_name_no_town_are_not_a_town():
    assert address_text("2100 Derry St, whenever works") == "2100 Derry St"


@pytest.mark.parametrize("message", [
    "need a 24000 btu mini split for the shop",
    "is it really $12000 for the whole system?",
    "the water heater is a model 40112",
    "re invoice 20931, paid by check",
    "Brent Haugland",                       # Brent, AL is a town; here it is a name
    "- Melissa",                            # Melissa, TX too
    "Jordan",
    "Hi, Jordan from Apex Supply here, new PEX pricing this quarter",
    "there's gas coming from the meter",    # Gas, KS
    "STOP",
])
def test_numbers_names_and_words_that_happen_to_match_are_not_an_address(message):
    assert address_text(message) is None


def test_a_zip_alone_tells_whether_the_job_is_in_the_service_area():
    profile = TradeProfile.from_mapping({"business": "Prairie Plumbing", "trade": "plumbing",
                                         "service_zips": ["57105", "57106"]})
    assert find_address(["can someone check it? 57105"], profile).in_service_area is True
    assert find_address(["can someone check it? 57401"], profile).in_service_area is False


def test_words_after_a_street_are_a_town_only_when_they_name_one():
    assert address_text("1401 E 6th St a0 calle 5 de mayo 23") == "1401 E 6th St"
    assert address_text("1147 E Cherokee St, Springfield MO") == "1147 E Cherokee St, Springfield, MO"
