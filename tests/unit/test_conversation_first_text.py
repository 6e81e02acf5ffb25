"""The text that opens a lead is read by the brain: a customer who texts first (no missed call
before) and says what they need in that first text is not asked what is going on."""

import asyncio

from appliance.conversation import Conversations
from appliance.sms.inbox import Part, assemble_messages, store_part

CUSTOMER = "+15125550123"


def test_the_first_text_from_a_new_number_is_read_by_the_brain(db, config, clock):
    store_part(db, clock.now(), Part(CUSTOMER, "my kitchen sink is clogged and backing up",
                                     smsc_time=str(clock.now())))
    [message_id] = assemble_messages(db, clock.now(), "US")
    clock.advance(seconds=1)   # the agent answers a moment after it stored the text, as it does live
    asyncio.run(Conversations(db, lambda: config, clock, wake_outbox=lambda: None).handle_inbound(message_id))
    [reply] = [row["body"] for row in db.query("SELECT body FROM messages WHERE direction = 'out'")]
    assert "address" in reply.lower(), f"the brain did not read the first text: {reply!r}"
