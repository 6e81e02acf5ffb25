"""An opt-out ends our texts, not the customer's job: a need or a danger told with it stays on the lead."""
from datetime import datetime

from appliance.brain.engine import qualify
from appliance.brain.profile import default_profile

NOW = datetime(2025, 3, 4, 10, 0)


def lead_of(*texts):
    return qualify(list(texts), default_profile("hvac", "Lone Star Air"), NOW, mode="rules")


def test_call_me_dont_text_keeps_the_job_for_the_office():
    lead = lead_of("call me please, dont text me, i never read these. the furnace wont turn on")
    assert lead.opt_out and lead.intent == "service_request" and "furnace" in lead.service


def test_a_danger_told_with_an_opt_out_still_escalates():
    lead = lead_of("stop texting me and send someone now, water is pouring out of the ceiling light")
    assert lead.opt_out and lead.escalate and lead.intent == "emergency_repair"


def test_an_opt_out_with_nothing_else_is_no_lead():
    lead = lead_of("we went with another company, please don't text again")
    assert lead.opt_out and lead.intent == "not_a_lead" and lead.service is None
