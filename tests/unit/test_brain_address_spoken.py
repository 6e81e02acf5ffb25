"""Addresses as people dictate or thumb them: house numbers in words, the town before the street."""

import pytest

from appliance.brain.address import find_address
from appliance.brain.spoken_numbers import spoken_number, with_spoken_house_numbers


def address_text(*messages: str) -> str | None:
    found = find_address(list(messages))
    return found.text if found else None


@pytest.mark.parametrize("words, digits", [
    ("nine", "9"),
    ("sixty seven", "67"),
    ("Four fifteen", "415"),              # said in pairs
    ("nineteen oh five", "1905"),         # "oh" for a zero
    ("thirty two sixty", "3260"),
    ("thirteen thirteen", "1313"),
    ("six hundred forty", "640"),
    ("oh", None),
    ("hundred", None),
])
def test_a_spoken_house_number_is_written_in_digits(words, digits):
    assert spoken_number(words) == digits


def test_only_a_number_before_a_street_name_or_after_a_road_is_rewritten():
    assert with_spoken_house_numbers("fifty one Birch Lane") == "51 Birch Lane"
    assert with_spoken_house_numbers("out on County Road sixteen") == "out on County Road 16"
    # a reading or a count, with no street after it, stays as written
    assert with_spoken_house_numbers("it is down to fifty in here") == "it is down to fifty in here"


@pytest.mark.parametrize("messages, expected", [
    (["toilet overflowing", "nineteen oh five Cherry street Rockford"], "1905 Cherry street, Rockford"),
    (["no hot water", "Six forty Sycamore Dr Muncie"], "640 Sycamore Dr, Muncie"),
    (["well pump quit", "we're on County Road sixteen outside Hartselle"], "County Road 16, Hartselle"),
])
def test_a_dictated_address_is_found(messages, expected):
    assert address_text(*messages) == expected


@pytest.mark.parametrize("messages, expected", [
    (["panel buzzing", "Kalamazoo 511 W Dutton St"], "511 W Dutton St, Kalamazoo"),
    (["drain is slow", "Grand Junction 1730 Orchard Ave"], "1730 Orchard Ave, Grand Junction"),
])
def test_the_town_written_before_the_street_without_a_comma(messages, expected):
    assert address_text(*messages) == expected


def test_number_words_after_a_house_number_are_the_street_name():
    assert address_text("dryer vent clogged", "4470 W Three Mile Rd, Bay City") == "4470 W Three Mile Rd, Bay City"


def test_a_signed_name_before_the_street_is_no_town():
    assert address_text("gutter hanging", "Rhoda Marion 18 Elm St") == "18 Elm St"
    assert address_text("gutter hanging", "Rhoda Marion, 18 Elm St") == "18 Elm St"


def test_a_town_alone_closing_the_conversation_is_the_address():
    assert address_text("the basement drain backed up overnight", "Kenosha") == "Kenosha"


@pytest.mark.parametrize("closing", ["Priscilla", "Tyler", "- Ozark"])
def test_a_signed_name_closing_the_conversation_is_no_address(closing):
    # not a town; a given name that is a town too; a town set after a dash, as a signature
    assert address_text("the basement drain backed up overnight", closing) is None
