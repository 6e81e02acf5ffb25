"""Fields the opened holdout L showed we missed: highways with a suffix, a neighbourhood before the city,
towns that begin with a compass word, a town after a thanks or a landmark, a Spanish "Ave. Name 12"; septic
pumping, gas leaks, water pressure, ice dams, filter changes, a water meter's line; a text to family, gear for
a new room; a first name given in full later, a name after an abbreviated street type."""
from datetime import datetime

import pytest

from appliance.brain.address import find_address
from appliance.brain.engine import qualify
from appliance.brain.names import find_name
from appliance.brain.profile import default_profile
from appliance.brain.service import describe_service

NOW = datetime(2025, 3, 4, 10, 0)


def address_text(*messages: str) -> str | None:
    found = find_address(list(messages))
    return found.text if found else None


@pytest.mark.parametrize("messages, expected", [
    # a numbered highway with a suffix word, and a county highway known by a letter
    (["outlet sparks", "4410 Hwy 501 Business, Conway"], "4410 Hwy 501 Business, Conway"),
    (["no heat", "Dale Hupp, 2231 County Hwy M, Arbor Vitae"], "2231 County Hwy M, Arbor Vitae"),
    # a neighbourhood the table knows, then its city: the city is kept
    (["water heater leaking", "330 Ave G Ensley Birmingham"], "330 Ave G, Birmingham"),
    # a part of town the table does not list, named by a place word
    (["roof leak", "22 Harbor View Rd, Johns Island. Ty Moss"], "22 Harbor View Rd, Johns Island"),
    # a town that begins with a compass word stays whole
    (["no cooling", "1200 Harris Ave North Las Vegas"], "1200 Harris Ave, North Las Vegas"),
    (["toilet runs", "77 Lake Rd East Orange"], "77 Lake Rd, East Orange"),
    # ...unless a comma says the compass word belongs to the street
    (["no cooling", "905 Linden Ave South, Minneapolis"], "905 Linden Ave South, Minneapolis"),
    # a town of two words alone after a thanks
    (["can you quote a new panel?", "thanks. Sioux Falls"], "Sioux Falls"),
    # a house number and a bare street, a landmark, then the town
    (["downspout fell off", "41 Cedar across from the library, Waterloo"], "41 Cedar, Waterloo"),
    # Spanish order with an English street type first
    (["no sale agua caliente", "Av. Mesilla 48, El Paso"], "48 Av. Mesilla, El Paso"),
])
def test_addresses_written_the_ways_holdout_l_showed(messages, expected):
    assert address_text(*messages) == expected


def test_a_single_word_after_a_thanks_is_a_signed_name_not_a_town():
    assert address_text("need a quote on gutters", "thanks. Tyler") is None


def test_an_avenue_before_its_unit_is_not_read_as_a_spanish_street():
    assert address_text("8 5th Ave Apt 2, Brooklyn NY") == "8 5th Ave Unit 2, Brooklyn, NY"


@pytest.mark.parametrize("message, wanted", [
    ("there's a propane smell near the grill tank", "gas leak"),
    ("huele bastante a gas afuera de la casa", "gas leak"),
    ("our septic is due to be pumped", "septic pumping"),
    ("what do you charge to pump out a 1500 gal tank", "septic pumping"),
    ("the water pressure upstairs has dropped", "low water pressure"),
    ("ice dams on the north side, water dripping down the wall by the window", "ice dam"),
    ("can your tech do a filter change on our rooftop units", "tune-up/maintenance"),
    ("the water meter pipe cracked and is spraying", "main water line"),
])
def test_services_named_the_way_a_dispatcher_books_them(message, wanted):
    service, _ = describe_service([message])
    assert wanted in service


def test_an_electric_meter_with_its_wires_stays_electrical():
    service, _ = describe_service(["meter pulled away from the house and the wires are hanging"])
    assert service.startswith("service wires/mast")


def engine_intent(*messages: str, trade: str = "hvac") -> str:
    return qualify(list(messages), default_profile(trade, "Northside Heating"), NOW, mode="rules").intent


def test_a_text_meant_for_family_is_no_lead():
    assert engine_intent("dad we're out front, come let us in") == "not_a_lead"


@pytest.mark.parametrize("messages, trade", [
    (["we finished the basement and need heat down there, thinking a ductless unit"], "hvac"),
    (["smoke alarm kept beeping so I changed the battery and it stopped. could you add interconnected alarms to the bedrooms?"], "electrical"),
])
def test_equipment_for_a_new_room_or_purpose_is_an_installation(messages, trade):
    assert engine_intent(*messages, trade=trade) == "new_installation"


def test_a_first_name_given_in_full_later_wins():
    assert find_name(["hi it's Dana, furnace is short cycling", "Dana Whitfield 40 Orchard Ln, Keene"]) == "Dana Whitfield"


def test_a_name_after_an_avenue_and_before_a_lower_case_sentence():
    assert find_name(["Biloxi, 310 Pass Rd. Lena Cho. any weekday works"]) == "Lena Cho"


def test_a_sump_pump_beside_a_septic_tank_is_no_pumping_job():
    service, _ = describe_service(["septic tank alarm is going off and the sump pump hums"])
    assert "pumping" not in service
