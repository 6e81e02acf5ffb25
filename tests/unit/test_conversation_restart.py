"""A text stored just before the agent died is answered after the restart, once."""

import asyncio
from datetime import timedelta

from appliance.conversation import RECOVER_WINDOW, Conversations
from appliance.sms.inbox import Part, assemble_messages, store_part

CUSTOMER = "+15125550123"


def arrives(db, clock, text: str) -> int:
    """Stored from the SIM, and then the agent dies before it answers."""
    store_part(db, clock.now(), Part(CUSTOMER, text, smsc_time=str(clock.now())))
    [message_id] = assemble_messages(db, clock.now(), "US")
    return message_id


def restarted(db, config, clock) -> Conversations:
    return Conversations(db, lambda: config, clock, wake_outbox=lambda: None)


def replies(db) -> list[str]:
    return [row["body"] for row in db.query("SELECT body FROM messages WHERE direction = 'out' ORDER BY id")]


def test_a_text_left_unanswered_by_a_crash_is_answered_once_after_the_restart(db, config, clock):
    message_id = arrives(db, clock, "my kitchen sink is clogged and backing up")
    clock.advance(seconds=30)
    conversations = restarted(db, config, clock)
    assert conversations.recover_after_restart() == [message_id]
    asyncio.run(conversations.handle_inbound(message_id))
    asyncio.run(conversations.handle_inbound(message_id))      # queued twice by mistake: still one answer
    assert len(replies(db)) == 1 and "address" in replies(db)[0]
    assert restarted(db, config, clock).recover_after_restart() == [], "answered again after a second restart"


def test_a_stop_left_unanswered_is_confirmed_once_after_the_restart(db, config, clock):
    message_id = arrives(db, clock, "STOP")
    conversations = restarted(db, config, clock)
    assert conversations.recover_after_restart() == [message_id]
    asyncio.run(conversations.handle_inbound(message_id))
    assert restarted(db, config, clock).recover_after_restart() == []
    assert len(replies(db)) == 1 and "unsubscribed" in replies(db)[0]


def test_an_old_unanswered_text_is_left_for_a_person(db, config, clock):
    arrives(db, clock, "my kitchen sink is clogged")
    clock.advance(seconds=(RECOVER_WINDOW + timedelta(minutes=1)).total_seconds())
    assert restarted(db, config, clock).recover_after_restart() == []
    assert replies(db) == []
