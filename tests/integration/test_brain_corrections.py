"""Owner corrections on a real SQLite file change how similar future texts are labelled."""
import argparse
import json
from datetime import datetime

import pytest

from appliance.brain import cli
from appliance.brain.corrections import load_memory, record_correction
from appliance.brain.engine import qualify
from appliance.brain.profile import default_profile
from appliance.store.db import connect

PROFILE = default_profile("roofing", "Peak Roofing")
NOW = datetime(2025, 6, 2, 10)
PITCH = ["Homeowners near you are searching for roofers right now. Get in front of them for $99/mo"]
SIMILAR = ["Homeowners in your town are searching for plumbers today. Get in front of them for $79/mo"]


@pytest.fixture
def db(tmp_path):
    return connect(tmp_path / "textback.db")


def test_a_correction_relabels_similar_texts_but_not_unrelated_ones(db):
    # the rules alone (no classifier) are fooled by the pitch
    assert qualify(SIMILAR, PROFILE, NOW, classifier=None).intent == "service_request"
    record_correction(db, PITCH, {"intent": "not_a_lead"}, old={"intent": "service_request"}, author="owner")
    memory = load_memory(db)
    lead = qualify(SIMILAR, PROFILE, NOW, memory=memory, classifier=None)
    assert lead.intent == "not_a_lead" and lead.source["intent"] == "correction"
    assert lead.urgency == "low" and lead.service is None
    unrelated = qualify(["my roof is leaking over the garage, 12 Elm St"], PROFILE, NOW, memory=memory, classifier=None)
    assert unrelated.intent == "service_request"


MISSED = ["the attic insulation is like a sponge and the drywall below it is starting to brown and droop"]
LIKE_IT = ["insulation in the attic is like a sponge, drywall underneath is browning and drooping"]


def test_an_escalation_correction_raises_the_alarm_for_similar_texts(db):
    assert not qualify(LIKE_IT, PROFILE, NOW, classifier=None).escalate  # wording the hazard rules do not know
    record_correction(db, MISSED, {"escalate": True, "service": "roof leak repair"}, author="owner")
    lead = qualify(LIKE_IT, PROFILE, NOW, memory=load_memory(db), classifier=None)
    assert lead.escalate and lead.intent == "emergency_repair" and lead.urgency == "emergency"
    assert lead.service == "roof leak repair" and lead.source["escalate"] == "correction"


def test_a_correction_never_silences_a_danger_the_rules_see(db):
    gas = ["I smell gas in the kitchen"]
    record_correction(db, gas, {"escalate": False}, author="owner")
    assert qualify(["I smell gas in the kitchen again"], PROFILE, NOW, memory=load_memory(db)).escalate


def test_a_later_correction_of_the_same_texts_wins(db):
    record_correction(db, PITCH, {"intent": "not_a_lead"})
    record_correction(db, PITCH, {"intent": "quote_request"})
    assert load_memory(db).recall(PITCH, "intent")[0] == "quote_request"


def test_bad_corrections_are_refused_and_nothing_is_written(db):
    with pytest.raises(ValueError, match="intent must be one of"):
        record_correction(db, PITCH, {"urgency": "low", "intent": "spam"})
    with pytest.raises(ValueError, match="cannot correct"):
        record_correction(db, PITCH, {"price": "0"})
    assert db.execute("SELECT count(*) FROM lead_corrections").fetchone()[0] == 0


def test_correct_command_stores_and_reports(db, tmp_path, capsys):
    args = argparse.Namespace(database=str(tmp_path / "textback.db"), text=PITCH, set=["intent=not_a_lead", "escalate=no"],
                              lead_id=7, author="owner")
    assert cli.cmd_correct(args) == 0
    assert "stored 2 correction(s)" in capsys.readouterr().out
    rows = list(db.query("SELECT field, new_value, lead_id FROM lead_corrections ORDER BY id"))
    assert [(r["field"], json.loads(r["new_value"]), r["lead_id"]) for r in rows] == [
        ("intent", "not_a_lead", 7), ("escalate", False, 7)]
    bad = argparse.Namespace(database=args.database, text=PITCH, set=["intent"], lead_id=None, author=None)
    assert cli.cmd_correct(bad) == 2
