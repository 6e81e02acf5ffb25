"""The rules' intent families: each kind of text a dispatcher would place at a glance."""
import pytest

from appliance.brain.intent import guess_intent


def rules_intent(*messages: str) -> str:
    return guess_intent(list(messages), has_need=True, danger=False).intent


@pytest.mark.parametrize("messages", [
    # campaigns and the overpayment scam
    ["Vote YES on Measure 4 for safer roads! Paid for by Citizens for Roads"],
    ["Re-elect Judge Amos Carter this November, early voting opens Monday"],
    ["Good day, I need roof work on my new home. I will pay with a certified check, my shipper will collect the balance"],
    ["hello i am hearing impaired so text only please, i want a quote for plumbing at my rental"],
    # wrong numbers told in passing
    ["who dis"],
    ["sorry was trying to order from the taco truck, the app gave me your number"],
    # vendors that save or build something for shops like ours, or want the owner on a short call
    ["Hi, Marco at PipeLine Payroll. We save plumbing companies 10 hrs a week on payroll. Are you the owner?"],
    ["We build booking websites for electricians. Worth a 5-min call tomorrow?"],
    # applicants fresh out of school
    ["does your company hire helpers? I just graduated from the HVAC program at Lincoln Tech"],
    ["new in town, master plumber looking for full-time work, 12 years residential"],
    ["USPS: your parcel is on hold at the facility, confirm delivery at the link"],
    ["Job seeker, 3 yrs door installs, have my own tools. Any openings?"],
    ["oops wrong thread, ignore"],
    ["we're buying roofing companies in the region, would you consider selling your business?"],
    ["Kyle w/ Metro Electric Supply: 200A panels at contractor cost through Friday, want me to set some aside?"],
    # supply houses warning of price rises, tradesmen swapping referrals, surveys from a chamber or a supplier
    ["Renata at Gulf Plumbing Supply here, prices on water heaters go up next month. Want to lock in an order now?"],
    ["this is Hank from Hank's Drywall, let's swap referrals, I get asked for electricians all the time"],
    ["Thanks for shopping with Valley Lumber! How likely are you to recommend us to a friend? Reply with a number 0-10"],
])
def test_texts_that_are_not_leads(messages):
    assert rules_intent(*messages) == "not_a_lead"


@pytest.mark.parametrize("messages", [
    ["the garbage disposal your plumber swapped in june is humming and leaking underneath"],
    ["the sink you replaced in Aug rocks on the counter now, isn't that under your guarantee?"],
    ["brand new mini split from October is icing up on the outside, same as before"],
    ["el boiler que nos instalaron en marzo ya gotea por abajo"],
    ["you reroofed our garage 3 yrs ago and now it drips over the workbench"],
    ["the opener your guy put in last month keeps reversing before it closes"],
    ["the tech you sent on monday didn't fix the leak, it's dripping again"],
    # abbreviated times since our work, an install date, new work that "went on"
    ["the disposal your plumber put in 3 wks ago is jammed already"],
    ["new Lennox AC (installed jun 12) rattles like crazy when it kicks on"],
    ["our new garage door was put on in May and it's already dented where it hits the floor"],
    # our work failing with no date at all: most likely recent
    ["the shower valve you guys swapped is dripping from the handle"],
    ["hi, the drain your tech snaked is slow again"],
    ["the sump pump you replaced in march runs constantly even when the pit is dry"],
    ["yall put the new roof on in april and now a couple shingles are lifting on the south side"],
    ["the vanity your guy set on monday wobbles and there's water at the base"],
])
def test_our_recent_work_failing_is_a_warranty_claim(messages):
    assert rules_intent(*messages) == "warranty_claim"


@pytest.mark.parametrize("messages", [
    ["the crew did a great job on the panel yesterday. where can we leave you a review?"],
    ["I was charged twice for the tune-up, can you check?"],
    ["great, I'll swing by the office friday to pay the balance"],
    ["did the property manager reach out to you about the unit 6 leak? she said she would"],
    # tools left behind, a booked install moved
    ["your crew left a ladder by our side gate, we're around all weekend"],
    ["can we push friday's install to next week? my wife has surgery"],
    ["are we still on the schedule for thursday morning?"],
    ["when is your crew coming to finish the gutters? you said this week"],
    ["could you move my duct cleaning to the afternoon?"],
    ["yes 2pm tomorrow still works, gate code is 1190"],
    ["can you resend the inspection report and photos to my realtor?"],
    ["running 15 min late to meet your plumber, please wait!"],
])
def test_our_customers_are_existing_customers(messages):
    assert rules_intent(*messages) == "existing_customer"


def test_our_work_from_years_back_failing_is_a_new_service_call():
    assert rules_intent("the water heater you installed in 2012 finally quit, it's leaking at the bottom") != "warranty_claim"


@pytest.mark.parametrize("messages, intent", [
    # someone else's bill is a price question, not our billing
    (["what do you charge on sundays? my dad got charged a fortune by another outfit"], "quote_request"),
    # a fixture that exists and misbehaves is a repair, even one that is usually installed new
    (["the skylight over the stairs fogged up inside, want it checked out"], "service_request"),
    (["three of the can lights in the den keep blinking"], "service_request"),
    (["need recessed lights in the basement"], "new_installation"),
    (["want a 240 volt plug in the shop for a compressor"], "new_installation"),
    (["how much to move the dryer vent to the other wall?"], "quote_request"),
    (["we'd like a motion light added to the back of the garage"], "new_installation"),
    # near misses: a vote on a design, a check for the job, a review of the quote
    (["can you send a quote? we'll pay by check when done"], "quote_request"),
    # prices asked for in other words
    (["replacing 4 old windows with egress ones, what's that gonna run us?"], "quote_request"),
    (["cuanto nos cobran por destapar el drenaje de la cocina?"], "quote_request"),
    # a hyphenated thing added; drops of water at something usually installed new
    (["we'd like an under-sink filter added to the kitchen"], "new_installation"),
    (["the skylight in the hall lets a few drops in during storms, can you take a look"], "service_request"),
])
def test_near_misses_keep_their_intent(messages, intent):
    assert rules_intent(*messages) == intent
