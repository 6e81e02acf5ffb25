"""The inbox through Flask's test client: ordering, escaping, replies, takeover and blocking."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from appliance.store import consent, messages
from appliance.store.db import connect, transaction
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, add_user, csrf_from, login, seed_inbound, seed_missed_call
from web.app import create_app

CUSTOMER = "+15125550123"


@pytest.fixture
def client(config, clock):
    add_user(config, clock.now(), *OWNER, "owner", OWNER_CELL)
    app = create_app(config, clock=clock, setup_code=SETUP_CODE)
    client = app.test_client()
    login(client, *OWNER)
    return client


@pytest.fixture
def db(config):
    database = connect(config.storage.database)
    yield database
    database.conn.close()


def post(client, page_path: str, action_path: str, data: dict | None = None):
    token = csrf_from(client.get(page_path).get_data(as_text=True))
    return client.post(action_path, data={"csrf_token": token, **(data or {})})


def test_a_customer_text_with_markup_shows_as_text(client, config, clock):
    seed_inbound(config, clock.now(), CUSTOMER, '<script>alert("x")</script><b>leak</b>')
    for path in ("/inbox/", f"/inbox/{CUSTOMER}"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<b>leak</b>" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;leak&lt;/b&gt;" in html
    feed = client.get("/inbox/feed.json").get_json()
    assert "<script>alert" not in feed["html"] and "&lt;script&gt;" in feed["html"]


def test_unread_and_emergencies_come_first_then_newest(client, config, clock, db):
    seed_missed_call(config, clock.now(), "+15125550101", linkedid="a", texted_after=timedelta(seconds=1))
    clock.advance(minutes=1)
    seed_inbound(config, clock.now(), "+15125550102", "my sink is leaking")      # unread
    clock.advance(minutes=1)
    seed_missed_call(config, clock.now(), "+15125550103", linkedid="c")           # newest, nothing to read
    clock.advance(minutes=1)
    seed_inbound(config, clock.now(), "+15125550104", "gas smell in the basement")
    with transaction(db):
        contact = db.execute("SELECT id FROM contacts WHERE phone = '+15125550104'").fetchone()[0]
        db.execute("INSERT INTO leads (contact_id, source, stage, fields, created_at, updated_at) "
                   "VALUES (?, 'inbound_text', 'new', ?, 'x', 'x')",
                   [contact, json.dumps({"urgency": "emergency", "service": "gas leak"})])
    client.get("/inbox/+15125550104")        # read, but still an emergency
    html = client.get("/inbox/").get_data(as_text=True)
    order = [html.index(phone) for phone in ("+15125550104", "+15125550102", "+15125550103", "+15125550101")]
    assert order == sorted(order)
    assert html.count('class="tag emergency"') == 1 and html.count('class="tag unread"') == 1


def test_the_thread_shows_the_call_each_message_its_state_and_history(client, config, clock):
    seed_missed_call(config, clock.now(), CUSTOMER, linkedid="1700000000.1", texted_after=timedelta(seconds=2))
    clock.advance(minutes=2)
    seed_inbound(config, clock.now(), CUSTOMER, "Can you come Tuesday?")
    html = client.get(f"/inbox/{CUSTOMER}").get_data(as_text=True)
    assert "Missed call" in html and "text-back queued" in html
    assert "Sorry we missed you" in html and 'class="status sent"' in html
    assert "modem refs [7]" in html            # the status history, with the modem's reference
    assert "Can you come Tuesday?" in html
    assert client.get("/inbox/+15125550999").status_code == 404
    assert client.get("/inbox/not-a-number").status_code == 404


def test_opening_a_thread_marks_it_read(client, config, clock):
    seed_inbound(config, clock.now(), CUSTOMER, "hello")
    assert 'class="tag unread"' in client.get("/inbox/").get_data(as_text=True)
    client.get(f"/inbox/{CUSTOMER}")
    assert 'class="tag unread"' not in client.get("/inbox/").get_data(as_text=True)


def test_a_human_reply_is_queued_for_the_agent_and_pauses_the_bot(client, config, clock, db):
    seed_inbound(config, clock.now(), CUSTOMER, "how much for a water heater?")
    response = post(client, f"/inbox/{CUSTOMER}", f"/inbox/{CUSTOMER}/reply",
                    {"body": "About $1,200 installed. Tuesday 9am?"})
    assert response.status_code == 302
    row = next(db.query("SELECT * FROM messages WHERE direction = 'out'"))
    assert (row["phone"], row["kind"], row["status"], row["body"]) == (
        CUSTOMER, "human", "queued", "About $1,200 installed. Tuesday 9am?")
    assert row["priority"] == 2 and row["contact_id"] is not None
    assert db.execute("SELECT bot_paused FROM conversation_controls WHERE phone = ?", [CUSTOMER]).fetchone()[0] == 1
    audit = next(db.query("SELECT * FROM events WHERE kind = 'human_reply'"))
    assert audit["subject"] == CUSTOMER and json.loads(audit["detail"])["user"] == OWNER[0]


@pytest.mark.parametrize("body, why", [
    ("   ", b"The reply is empty"),
    ("x" * 1000, b"would go out as 7 texts"),
])
def test_a_bad_reply_is_refused_and_nothing_is_queued(client, config, clock, db, body, why):
    seed_inbound(config, clock.now(), CUSTOMER, "hi")
    response = post(client, f"/inbox/{CUSTOMER}", f"/inbox/{CUSTOMER}/reply", {"body": body})
    assert why in client.get(response.headers["Location"]).data
    assert db["messages"].count_where("direction = 'out'") == 0


def test_no_reply_to_a_customer_who_texted_stop(client, config, clock, db):
    seed_inbound(config, clock.now(), CUSTOMER, "STOP")
    with transaction(db):
        consent.record_consent(db, CUSTOMER, "opt_out", "sms", clock.now())
    response = post(client, f"/inbox/{CUSTOMER}", f"/inbox/{CUSTOMER}/reply", {"body": "are you sure?"})
    assert b"texted STOP" in client.get(response.headers["Location"]).data
    assert db["messages"].count_where("direction = 'out'") == 0


def test_pause_and_resume_the_bot(client, config, clock, db):
    seed_inbound(config, clock.now(), CUSTOMER, "hi")
    post(client, f"/inbox/{CUSTOMER}", f"/inbox/{CUSTOMER}/pause")
    html = client.get(f"/inbox/{CUSTOMER}").get_data(as_text=True)
    assert "Resume the bot" in html and "Bot paused" in html
    post(client, f"/inbox/{CUSTOMER}", f"/inbox/{CUSTOMER}/resume")
    assert db.execute("SELECT bot_paused FROM conversation_controls WHERE phone = ?", [CUSTOMER]).fetchone()[0] == 0
    assert [row["kind"] for row in db.query("SELECT kind FROM events WHERE kind LIKE 'bot_%' ORDER BY id")] == [
        "bot_paused", "bot_resumed"]


def test_blocking_a_spammer_cancels_waiting_texts_and_refuses_replies(client, config, clock, db):
    seed_missed_call(config, clock.now(), CUSTOMER, linkedid="spam")
    with transaction(db):
        messages.enqueue(db, clock.now(), phone=CUSTOMER, body="still need help?", kind="followup",
                         priority=messages.PRIORITY_FOLLOWUP)
    post(client, f"/inbox/{CUSTOMER}", f"/inbox/{CUSTOMER}/block")
    assert db.execute("SELECT blocked FROM contacts WHERE phone = ?", [CUSTOMER]).fetchone()[0] == 1
    assert db.execute("SELECT status FROM messages WHERE kind = 'followup'").fetchone()[0] == "cancelled"
    response = post(client, f"/inbox/{CUSTOMER}", f"/inbox/{CUSTOMER}/reply", {"body": "hello"})
    assert b"blocked" in client.get(response.headers["Location"]).data
    post(client, f"/inbox/{CUSTOMER}", f"/inbox/{CUSTOMER}/unblock")
    assert db.execute("SELECT blocked FROM contacts WHERE phone = ?", [CUSTOMER]).fetchone()[0] == 0


def test_the_live_feeds_answer_only_when_something_changed(client, config, clock):
    seed_inbound(config, clock.now(), CUSTOMER, "first")
    first = client.get("/inbox/feed.json").get_json()
    assert "first" in first["html"]
    assert client.get(f"/inbox/feed.json?v={first['version']}").get_json()["html"] is None
    thread = client.get(f"/inbox/{CUSTOMER}/feed.json").get_json()
    seed_inbound(config, clock.now(), CUSTOMER, "second")
    changed = client.get(f"/inbox/feed.json?v={first['version']}").get_json()
    assert "second" in changed["html"]
    thread_changed = client.get(f"/inbox/{CUSTOMER}/feed.json?v={thread['version']}").get_json()
    assert "second" in thread_changed["html"] and thread_changed["version"] != thread["version"]


def test_the_reply_counter_counts_parts_and_encoding(client):
    plain = client.get("/inbox/count.json", query_string={"text": "a" * 161}).get_json()
    assert (plain["parts"], plain["encoding"], plain["characters"]) == (2, "GSM-7", 161)
    emoji = client.get("/inbox/count.json", query_string={"text": "on my way 🚚"}).get_json()
    assert (emoji["parts"], emoji["encoding"]) == (1, "UCS-2")
