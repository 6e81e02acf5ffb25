"""What the conversation layer hands the pipeline: one extraction per turn, the customer's email,
an emergency raised again after someone resolved it."""

from appliance.pipeline import booking, crm
from appliance.store.db import transaction
from tests.conftest import make_config
from tests.unit.test_compliance_keywords_flow import CUSTOMER, receive
from web.inbox.queries import conversations
from web.pipeline.edits import resolve_emergency

EVERYTHING = ("Hi this is Dana Reyes, my kitchen drain is clogged and backing up. "
              "1200 Oak St Austin TX 78704. Any time tomorrow works")


def extractions(db):
    [lead] = db.query("SELECT id FROM leads")
    return [entry for entry in crm.timeline(db, lead["id"]) if entry.kind == "extraction"]


def test_each_turn_records_the_extraction_once_also_the_turn_that_hands_off(db, config, clock):
    receive(db, config, clock, "my kitchen drain is clogged and backing up")
    assert len(extractions(db)) == 1
    receive(db, config, clock, EVERYTHING)
    assert [row["stage"] for row in db.query("SELECT stage FROM leads")] == ["qualified"]
    assert len(extractions(db)) == 2, "one line per turn: the hand-off turn is not recorded twice"


def test_the_shops_own_prices_are_quoted_and_value_the_job(tmp_path, db, clock):
    config = make_config(tmp_path, business={"services": [{"name": "Drain cleaning", "low": 99, "high": 199}]})
    receive(db, config, clock, "how much do you charge to unclog a kitchen drain?")
    [reply] = [row["body"] for row in db.query("SELECT body FROM messages WHERE direction = 'out'")]
    assert "$99-$199" in reply
    [lead] = db.query("SELECT estimated_value FROM leads")
    assert lead["estimated_value"] == 149


def test_an_email_address_the_customer_texts_is_kept_on_the_contact(db, config, clock):
    receive(db, config, clock, "my kitchen drain is clogged")
    receive(db, config, clock, "you can email me at Dana.Reyes@Gmail.com")
    receive(db, config, clock, "or text, either works")
    [contact] = db.query("SELECT email FROM contacts WHERE phone = ?", [CUSTOMER])
    assert contact["email"] == "Dana.Reyes@gmail.com"
    [lead] = db.query("SELECT id FROM leads")
    assert "email address: Dana.Reyes@gmail.com" in [e.summary for e in crm.timeline(db, lead["id"])]


def test_an_email_address_in_the_very_first_text_is_kept_too(db, config, clock):
    receive(db, config, clock, "kitchen drain clogged. dana@example.com")
    [contact] = db.query("SELECT email FROM contacts WHERE phone = ?", [CUSTOMER])
    assert contact["email"] == "dana@example.com"


def test_with_technicians_the_hand_off_answers_with_slots_not_a_promise_to_call(db, config, clock):
    with transaction(db):
        booking.add_technician(db, "Sam", "mon-sun 08:00-17:00")
    receive(db, config, clock, EVERYTHING)
    [answer] = [row["body"] for row in db.query("SELECT body FROM messages WHERE direction = 'out'")]
    assert answer.startswith("Lone Star Plumbing can come:\n1) ") and "will call you" not in answer


def test_without_technicians_a_person_calls_to_set_the_time(db, config, clock):
    receive(db, config, clock, EVERYTHING)
    [answer] = [row["body"] for row in db.query("SELECT body FROM messages WHERE direction = 'out'")]
    assert "will call you" in answer


def alerts(db):
    return [row["body"] for row in db.query("SELECT body FROM messages WHERE kind = 'alert' ORDER BY id")]


def test_a_new_emergency_after_one_was_resolved_raises_the_alarm_again(tmp_path, db, clock):
    config = make_config(tmp_path, brain={"on_call": ["+15125550199"]})
    receive(db, config, clock, "gas smell in the kitchen, 1200 Oak St Austin TX 78704")
    assert len(alerts(db)) == 1
    [lead] = db.query("SELECT id FROM leads")
    with transaction(db):
        resolve_emergency(db, clock.now(), lead["id"], "owner")
    receive(db, config, clock, "thanks so much, the tech fixed it")
    assert len(alerts(db)) == 1 and not conversations(db)[0]["emergency"], "the old danger stays resolved"
    receive(db, config, clock, "now the breaker panel is sparking and smoking")
    assert len(alerts(db)) == 2 and "EMERGENCY (fire)" in alerts(db)[1]
    assert conversations(db)[0]["emergency"], "back on top of the inbox"
    assert crm.get_lead(db, lead["id"])["emergency_resolved_at"] is None
    raised = [e for e in crm.timeline(db, lead["id"]) if e.kind == "emergency"]
    assert [(e.actor, e.summary) for e in raised] == [("ai", "emergency raised again (resolved by owner before)")]
