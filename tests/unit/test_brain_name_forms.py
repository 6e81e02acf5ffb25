"""Names given the ways customers give them, and towns that stand where a name could."""

import pytest

from appliance.brain.names import find_name


@pytest.mark.parametrize("messages, expected", [
    (["sparks at the meter", "Ramon here. 2930 SW Mission Ave Topeka"], "Ramon"),
    (["softener leaking", "Gus Amundsen here, 6215 Stellhorn Rd Fort Wayne"], "Gus Amundsen"),
    (["gutter guards please", "Meredith Saint-Pierre, Keene NH"], "Meredith Saint-Pierre"),
    (["is that a ductwork thing?", "no rush at all, Kelsey Vroom"], "Kelsey Vroom"),
    (["outlet is scorched", "1122 E 4th St, Duluth. Owen Lindahl"], "Owen Lindahl"),
    (["move Friday's appointment?", "this is for the hot tub. Yolanda from Pigeon Rd"], "Yolanda"),
    (["GFCI outlets for the bathroom", "- jess"], "Jess"),
    (["Can I send a 2 min video? -Brandon @ ServiceSpark Digital"], "Brandon"),
    (["roof check after the hail", "Shelby, 4105 Old Bullard Rd Tyler"], "Shelby"),  # Shelby is a town too
    # one first name closing a message after the place; a name before a ZIP
    (["fan hums but won't spin", "Knoxville, Bearden area. Marisol"], "Marisol"),
    (["sewer smell. Bangor, 40 Hammond St. Rufus"], "Rufus"),
    (["filter rack rattles", "Tobias, 49503"], "Tobias"),
    (["breaker hot", "Pam @ 3302 Larch Ave Boise"], "Pam"),
    (["gutters need cleaning", "off Route 9 in Rhinebeck, Wes"], "Wes"),
    (["estimate on a new door", "Vic, Lakewood"], "Vic"),
    (["my name is \u00b5"], "\u00b5"),  # the micro sign stays itself, not a Greek capital
    # a name that is also a town, closing a message whose address has its own town
    (["drain backing up. Dover, 9 Pike Rd. Marion"], "Marion"),
    (["Thermostat blank again", "Ines Okafor 77 Quarry Ln"], "Ines Okafor"),
])
def test_names_given_plainly_are_found(messages, expected):
    assert find_name(messages) == expected


@pytest.mark.parametrize("messages", [
    ["furnace short cycling", "Rapid City, off Jackson Blvd"],
    ["door off the track", "can someone come this week? 3701 Sagebrush Trl, Flower Mound"],
    ["generator quote", "Houghton MI"],
    # the town written before its street is the address's town, not a signature
    ["toilet rocks", "Lafayette, 204 Bertrand Dr"],
    ["Peoria, 61604"],
    ["[Auto Reply] I'm currently out of the office and will reply Monday."],
    ["is it ready? Please call back. Thanks"],
    ["Your warranty expires today. Press 1 to speak with an agent"],
    ["Need 2 outlets added in the garage. Homeowner, 1 story. Zip 27601"],
    # a town and its state, or the state alone, closing a message
    ["roof estimate", "Austin, Texas"],
    ["generator hookup", "Houghton, Michigan"],
    # a street and its type is no name; a known town closing a street's directions is the town
    ["outlet dead", "Magnolia Ave, the yellow one by the school"],
    ["Sycamore Dr, last house on the left. Fresno"],
    ["loud bang in the panel", "we're at the corner of 5th and Main, gray duplex. Topeka"],
    # ordinary words at a sentence's start, before a number that is no house number
    ["Says 61 on the thermostat and it's set to 70"],
    ["Get 3 quotes free! Call our team"],
    ["Not sure this is something you do, but the dryer vent is clogged"],
    ["FLOODING", "downstairs"],
])
def test_a_town_where_a_name_could_stand_is_not_a_name(messages):
    assert find_name(messages) is None
