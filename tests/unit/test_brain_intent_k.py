"""Intent classes opened by holdout k: another office's after-hours reply, and a customer's own service plan."""
from datetime import datetime

import pytest

from appliance.brain.engine import qualify
from appliance.brain.intent import asks_for_a_call
from appliance.brain.keywords import is_opt_out
from appliance.brain.profile import default_profile

NOW = datetime(2025, 3, 4, 10, 0)


def engine_intent(*messages: str, trade: str = "hvac") -> str:
    return qualify(list(messages), default_profile(trade, "Northside Heating"), NOW, mode="rules").intent


@pytest.mark.parametrize("messages", [
    ["Thanks for texting Riverbend Veterinary. Our clinic is currently closed, we reopen Monday at 8. For emergencies please call 911."],
    ["You've texted Maple Street Pharmacy. The store is temporarily closed for inventory."],
    ["Hello from Dr. Osei's practice. If this is a medical emergency, please hang up and dial 911."],
])
def test_another_business_after_hours_reply_is_no_lead(messages):
    assert engine_intent(*messages) == "not_a_lead"


def test_an_office_that_closes_early_is_still_a_job():
    # the customer's own office hours are a detail of the visit, not an auto-reply
    assert engine_intent("our office closes at 3 on fridays, can your tech look at the rooftop unit before then? it's blowing warm") != "not_a_lead"


def test_being_told_to_call_911_is_no_request_for_our_call():
    assert not asks_for_a_call(["Office closed. For emergencies please call 911."])
    assert asks_for_a_call(["water heater is leaking, please call me"])


@pytest.mark.parametrize("messages", [
    ["our comfort club membership renews in May, can we switch it to the basic tier?", "Hal"],
    ["please cancel the auto-renewal on our care plan, we sold the house"],
    ["is my service agreement still good through the summer or do I need to renew?"],
])
def test_a_customer_asking_about_their_own_plan_is_an_existing_customer(messages):
    assert engine_intent(*messages) == "existing_customer"


def test_cancelling_a_plans_renewal_is_not_an_opt_out():
    assert not is_opt_out("please cancel the auto-renewal on our care plan, we sold the house")


def test_a_plan_with_another_company_is_not_ours():
    # shopping around after someone else's contract is a price question, not a customer of ours
    assert engine_intent("our maintenance contract with Polar Mechanical ends in June, what would you charge for 6 rooftop units?") \
        == "quote_request"
