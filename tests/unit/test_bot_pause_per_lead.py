"""The inbox's "pause the bot" belongs to the lead a person took over: the customer's next job
starts with the bot on. Blocking a number (spam) and a STOP stay with the number, across leads."""

import pytest

from appliance.pipeline import crm
from tests.unit.test_compliance_keywords_flow import CUSTOMER, receive
from tests.unit.test_conversation_memory_per_lead import (
    close,
    last_message_id,
    leads,
    replies_since,
    weeks_later_a_missed_call,
)
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, add_user, csrf_from, login
from web.app import create_app

THREAD = f"/inbox/{CUSTOMER}"
# Not an emergency: an emergency is alerted even to a paused conversation, which would hide the pause.
NEW_JOB = "can you quote me for replacing the kitchen faucet?"


@pytest.fixture
def inbox(config, clock):
    """The admin page, over the same database the agent uses."""
    add_user(config, clock.now(), *OWNER, "owner", OWNER_CELL)
    return create_app(config, clock=clock, setup_code=SETUP_CODE).test_client()


def open_thread(inbox) -> str:
    """The owner opens the conversation, signing in again after weeks away (sessions time out)."""
    login(inbox, *OWNER)
    return inbox.get(THREAD).get_data(as_text=True)


def press(inbox, action: str, **form: str) -> None:
    token = csrf_from(open_thread(inbox))
    assert inbox.post(f"{THREAD}/{action}", data={"csrf_token": token, **form}).status_code == 302


def shows_paused(inbox) -> bool:
    thread = open_thread(inbox)
    listed = inbox.get("/inbox/").get_data(as_text=True)
    assert ("Bot paused" in thread) == ("Bot paused" in listed), "the list and the thread agree"
    return "Resume the bot" in thread


@pytest.mark.parametrize("how", ["pause", "reply"])
def test_a_new_job_after_a_paused_one_is_texted_back_and_qualified(db, config, clock, inbox, how):
    weeks_later_a_missed_call(db, config, clock, "100.1")
    receive(db, config, clock, "my kitchen drain is clogged")
    if how == "pause":
        press(inbox, "pause")
    else:
        press(inbox, "reply", body="I'll call you in five minutes")
    close(db, config, clock, "completed")
    assert shows_paused(inbox), "the finished job's conversation still shows the person's takeover"
    before = last_message_id(db)
    weeks_later_a_missed_call(db, config, clock, "200.1")
    assert len(leads(db)) == 2
    assert not shows_paused(inbox), "the inbox shows the bot on for the new lead"
    timeline = [entry.summary for entry in crm.timeline(db, 2)]
    assert any(line.startswith("the bot is on for this new lead") for line in timeline), "the lead says why"
    receive(db, config, clock, NEW_JOB)
    [text_back, answer] = replies_since(db, before)
    assert text_back.startswith("Hi, this is Lone Star Plumbing"), "the missed call is texted back"
    assert "address" in answer.lower(), "the bot qualifies the new job"


def test_a_pause_on_the_current_lead_still_silences_the_bot(db, config, clock, inbox):
    weeks_later_a_missed_call(db, config, clock, "300.1")
    press(inbox, "pause")
    before = last_message_id(db)
    receive(db, config, clock, "my kitchen drain is clogged")
    receive(db, config, clock, "hello? anyone there?")
    assert replies_since(db, before) == []
    assert len(leads(db)) == 1 and shows_paused(inbox)


def test_a_text_that_opens_a_new_lead_is_answered_despite_the_old_leads_pause(db, config, clock, inbox):
    receive(db, config, clock, "my kitchen drain is clogged")
    press(inbox, "pause")
    close(db, config, clock, "lost")
    clock.advance(days=40)
    before = last_message_id(db)
    receive(db, config, clock, NEW_JOB)
    assert len(leads(db)) == 2
    [answer] = replies_since(db, before)
    assert "address" in answer.lower()


def test_a_blocked_number_stays_blocked_on_its_next_lead(db, config, clock, inbox):
    weeks_later_a_missed_call(db, config, clock, "400.1")
    receive(db, config, clock, "cheap loans, reply YES")
    press(inbox, "block")
    close(db, config, clock, "lost")
    before = last_message_id(db)
    weeks_later_a_missed_call(db, config, clock, "500.1")
    receive(db, config, clock, "cheap loans again, reply YES")
    assert replies_since(db, before) == [], "no text-back and no reply to a blocked number"


def test_a_person_who_texts_a_past_customer_keeps_the_conversation_when_they_answer(db, config, clock, inbox):
    """After the job is closed the owner texts the customer; the customer's answer opens a new lead,
    and the bot must not talk over the person who is talking with them."""
    receive(db, config, clock, "my kitchen drain is clogged")
    close(db, config, clock, "completed")
    clock.advance(days=3)
    press(inbox, "reply", body="Hi, it's Dana from Lone Star. How's the drain holding up?")
    before = last_message_id(db)
    clock.advance(minutes=5)
    receive(db, config, clock, "all good! while I have you, can you quote a new water heater?")
    assert len(leads(db)) == 2
    assert replies_since(db, before) == [], "the bot stays quiet: a person is in the conversation"
    assert shows_paused(inbox)
