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
])
def test_a_town_or_zip_alone_is_the_address(messages, expected):
    assert address_text(*messages) == expected


def test_the_town_named_before_the_street_or_in_another_text_joins_the_street():
    assert address_text("Harrisburg, 2100 Derry St. whenever tomorrow") == "2100 Derry St, Harrisburg"
    assert address_text("1608 Fairchild Ave", "oh and its Manhattan KS") == "1608 Fairchild Ave, Manhattan, KS"


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
