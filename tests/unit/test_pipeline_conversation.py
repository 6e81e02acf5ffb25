"""What the conversation layer hands the pipeline: one extraction per turn, the customer's email."""

import asyncio

from appliance.conversation import Conversations
from appliance.pipeline import crm
from appliance.sms.inbox import Part, assemble_messages, store_part
from tests.conftest import make_config

CUSTOMER = "+15125550123"
EVERYTHING = ("Hi this is Dana Reyes, my kitchen drain is clogged and backing up. "
              "1200 Oak St Austin TX 78704. Any time tomorrow works")


def receive(db, config, clock, text):
    store_part(db, clock.now(), Part(CUSTOMER, text, smsc_time=str(clock.now())))
    conversations = Conversations(db, lambda: config, clock, wake_outbox=lambda: None)
    for message_id in assemble_messages(db, clock.now(), "US"):
        asyncio.run(conversations.handle_inbound(message_id))
    clock.advance(seconds=1)


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
