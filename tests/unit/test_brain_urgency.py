"""Urgency: time pressure and outages make it high, unless the customer says how they are getting by."""
from datetime import datetime

import pytest

from appliance.brain.engine import qualify
from appliance.brain.profile import default_profile

NOW = datetime(2026, 3, 2, 10)


def urgency(trade: str, *messages: str) -> str:
    return qualify(list(messages), default_profile(trade, "Test Co"), NOW, mode="rules", classifier=None).urgency


@pytest.mark.parametrize("trade, messages, expected", [
    # an outage with a way around it is not pressing
    ("garage_door", ["opener quit, but I can lift the door by hand so no biggie"], "normal"),
    ("garage_door", ["the wall button stopped working, the remotes still work fine"], "normal"),
    # "right now" describing a state is no deadline; asking for someone right now is
    ("roofing", ["want a quote for a new roof, the old one is ok right now"], "low"),
    ("plumbing", ["need someone out right now, the toilet is clogged and it's our only one"], "high"),
    # a receipt or a review is an errand, not a problem
    ("hvac", ["can you email the invoice for the furnace repair last week? need it for my taxes"], "low"),
    ("electrical", ["the crew fixed our panel yesterday, how do we leave a review?"], "low"),
    # an outage with nothing to get round it stays pressing
    ("garage_door", ["door won't go down and the car is stuck outside"], "high"),
    # asking ahead about emergencies is not one
    ("plumbing", ["what do you charge for a same day visit? for future reference"], "low"),
    ("hvac", ["do you come out at night if the heat dies? just want to know before winter"], "low"),
])
def test_urgency_follows_what_the_customer_says(trade, messages, expected):
    assert urgency(trade, *messages) == expected
