"""Rural addresses: a lot in a mobile-home park, a route and box, roads known by a letter or a number."""

import pytest

from appliance.brain.address import find_address


def address_text(*messages: str) -> str | None:
    found = find_address(list(messages))
    return found.text if found else None


@pytest.mark.parametrize("messages, expected", [
    # the park lot: its number and the park's name, with the lot written once
    (["trailer furnace out", "Lot 9 Maple Leaf MHP, Ozark AL"], "Lot 9 Maple Leaf MHP, Ozark, AL"),
    (["ac dead", "lot 14 at Lazy Creek Campground, Kerrville TX"], "Lot 14 Lazy Creek Campground, Kerrville, TX"),
    # a rural route and box, however the route is written
    (["pump quit", "Rt 4 Box 102, Marlow OK"], "Rt 4 Box 102, Marlow, OK"),
    (["no water", "Route 2 Box 55, Harrison AR"], "Route 2 Box 55, Harrison, AR"),
    (["septic alarm", "Star Rte Box 9, Tonopah NV"], "Star Rte Box 9, Tonopah, NV"),
    # county grids name roads by a letter or a number, and townships number theirs
    (["heat lamp wiring", "1410 Rd K, Imperial NE"], "1410 Rd K, Imperial, NE"),
    (["well pump", "2215 Rd 140, Orosi CA"], "2215 Rd 140, Orosi, CA"),
    (["barn lights", "6120 Twp Rd 312, Millersburg OH"], "6120 Twp Rd 312, Millersburg, OH"),
])
def test_a_rural_address_is_found_whole(messages, expected):
    assert address_text(*messages) == expected


@pytest.mark.parametrize("message", [
    "how much for 3 rd of gravel for the drive",
    "we have 2 Road Runner units on the roof",
])
def test_road_like_words_without_an_address_are_none(message):
    assert address_text("quote please", message) is None
