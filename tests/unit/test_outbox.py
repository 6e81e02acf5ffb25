"""The outbox's promises, driven through its sender contract (the modem side is tested
end to end against the simulator in tests/integration)."""

import asyncio
from datetime import timedelta

from appliance.sms.outbox import Outbox, SendFailed
from appliance.sms.send_policy import SendLimits
from appliance.store import messages
from appliance.store.db import transaction


def queue(db, clock, body="hello", priority=messages.PRIORITY_FOLLOWUP, phone="+15125550123"):
    with transaction(db):
        return messages.enqueue(db, clock.now(), phone=phone, body=body, kind="test", priority=priority)


class ScriptedModem:
    """Answers each send with the next scripted outcome: a list of refs, or an exception."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.sent = []

    async def send(self, phone, body):
        outcome = self.outcomes.pop(0) if self.outcomes else [len(self.sent)]
        if isinstance(outcome, Exception):
            raise outcome
        self.sent.append(body)
        return outcome


def run(coro):
    return asyncio.run(coro)


def test_text_backs_jump_the_queue(db, clock):
    modem = ScriptedModem()
    outbox = Outbox(db, clock, SendLimits(seconds_between_sends=0), modem.send)
    queue(db, clock, "follow-up", messages.PRIORITY_FOLLOWUP)
    queue(db, clock, "text-back", messages.PRIORITY_TEXTBACK)
    run(outbox.send_next())
    run(outbox.send_next())
    assert modem.sent == ["text-back", "follow-up"]


def test_rate_limit_spaces_sends_and_survives_restarts(db, clock):
    modem = ScriptedModem()
    limits = SendLimits(seconds_between_sends=6)
    queue(db, clock, "one")
    queue(db, clock, "two")
    assert run(Outbox(db, clock, limits, modem.send).send_next()) is None
    wait = run(Outbox(db, clock, limits, modem.send).send_next())  # a fresh outbox: as after a restart
    assert wait == 6 and modem.sent == ["one"]
    clock.advance(seconds=6)
    run(Outbox(db, clock, limits, modem.send).send_next())
    assert modem.sent == ["one", "two"]


def test_daily_limit_holds_messages_until_the_window_moves(db, clock):
    modem = ScriptedModem()
    limits = SendLimits(seconds_between_sends=0, daily_limit=2)
    outbox = Outbox(db, clock, limits, modem.send)
    for body in "abc":
        queue(db, clock, body)
    run(outbox.send_next())
    run(outbox.send_next())
    assert run(outbox.send_next()) == timedelta(days=1).total_seconds()
    clock.advance(days=1)
    run(outbox.send_next())
    assert modem.sent == ["a", "b", "c"]


def test_temporary_errors_retry_with_backoff_then_succeed(db, clock):
    modem = ScriptedModem(SendFailed("+CMS ERROR: 38 network out of order", temporary=True), [42])
    outbox = Outbox(db, clock, SendLimits(seconds_between_sends=0), modem.send)
    message_id = queue(db, clock)
    run(outbox.send_next())
    row = db["messages"].get(message_id)
    assert row["status"] == "queued" and "network out of order" in row["error"]
    assert run(outbox.send_next()) == 10  # not before the backoff
    clock.advance(seconds=10)
    run(outbox.send_next())
    assert db["messages"].get(message_id)["status"] == "sent"
    assert [e["status"] for e in messages.history(db, message_id)] == ["queued", "sending", "queued", "sending", "sent"]


def test_permanent_errors_fail_without_retry(db, clock):
    modem = ScriptedModem(SendFailed("+CMS ERROR: 304 invalid PDU", temporary=False))
    outbox = Outbox(db, clock, SendLimits(seconds_between_sends=0), modem.send)
    message_id = queue(db, clock)
    run(outbox.send_next())
    assert db["messages"].get(message_id)["status"] == "failed"


def test_a_send_that_may_have_gone_out_is_never_resent(db, clock):
    modem = ScriptedModem(SendFailed("no answer after AT+CMGS", temporary=True, maybe_sent=True))
    outbox = Outbox(db, clock, SendLimits(seconds_between_sends=0), modem.send)
    message_id = queue(db, clock)
    run(outbox.send_next())
    clock.advance(hours=1)
    run(outbox.send_next())
    assert db["messages"].get(message_id)["status"] == "unconfirmed"
    assert modem.sent == []


def test_messages_caught_mid_send_become_unconfirmed_at_start(db, clock):
    message_id = queue(db, clock)
    with transaction(db):
        messages.claim(db, clock.now(), message_id)  # then the process died
    modem = ScriptedModem()
    outbox = Outbox(db, clock, SendLimits(seconds_between_sends=0), modem.send)
    assert outbox.recover_after_restart() == [message_id]
    run(outbox.send_next())
    assert modem.sent == [] and db["messages"].get(message_id)["status"] == "unconfirmed"


def test_while_the_modem_is_away_messages_wait_without_spending_attempts(db, clock):
    modem = ScriptedModem()
    present = False
    outbox = Outbox(db, clock, SendLimits(seconds_between_sends=0), modem.send, ready=lambda: present)
    message_id = queue(db, clock)
    for _ in range(10):
        run(outbox.send_next())
    assert db["messages"].get(message_id)["attempts"] == 0 and modem.sent == []
    present = True
    run(outbox.send_next())
    assert modem.sent == ["hello"]
