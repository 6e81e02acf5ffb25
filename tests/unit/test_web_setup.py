"""The first-run wizard after the owner account: business profile, hardware tests, verdict."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from appliance.clock import iso
from appliance.store import health
from appliance.store.db import connect, transaction
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, add_user, csrf_from, login, seed_missed_call
from appliance.store import settings as settings_store
from web.app import create_app


@pytest.fixture
def client(config, clock):
    add_user(config, clock.now(), *OWNER, "owner", OWNER_CELL)
    client = create_app(config, clock=clock, setup_code=SETUP_CODE).test_client()
    login(client, *OWNER)
    return client


def token(client, path="/setup/hardware") -> str:
    return csrf_from(client.get(path).get_data(as_text=True))


def test_business_profile_is_validated_and_saved(client, config):
    form = {"csrf_token": token(client, "/setup/business"), "name": "Hill Country HVAC", "trade": "hvac",
            "hours": "mon-fri 07:00-18:00; sat 08:00-12:00", "service_area": "Austin, Round Rock, 78701"}
    bad = client.post("/setup/business", data={**form, "hours": "weekdays"})
    assert bad.status_code == 400 and b"opening hours" in bad.data
    assert b'value="weekdays"' in bad.data          # what was typed is kept, not thrown away
    assert client.post("/setup/business", data={**form, "trade": "bakery"}).status_code == 400
    saved = client.post("/setup/business", data=form)
    assert saved.headers["Location"].endswith("/setup/hardware")
    profile = settings_store.get(connect(config.storage.database), "business")
    assert profile == {key: form[key] for key in ("name", "trade", "hours", "service_area")}
    assert b"Hill Country HVAC" in client.get("/setup/business").data


def test_send_me_a_test_text_queues_one_to_the_owners_cell(client, config):
    client.post("/setup/test-text", data={"csrf_token": token(client)})
    db = connect(config.storage.database)
    row = next(db.query("SELECT * FROM messages"))
    assert (row["phone"], row["kind"], row["status"], row["direction"]) == (OWNER_CELL, "test", "queued", "out")
    assert "Lone Star Plumbing" in row["body"]
    assert b"Last test text: <strong class=\"status queued\">queued" in client.get("/setup/hardware").data


def test_call_me_asks_the_agent_for_a_test_call_and_follows_it(client, config, clock):
    client.post("/setup/test-call", data={"csrf_token": token(client)})
    db = connect(config.storage.database)
    task = next(db.query("SELECT * FROM tasks"))
    assert task["kind"] == "test_call" and task["status"] == "pending" and task["due_at"] == iso(clock.now())
    assert json.loads(task["payload"]) == {"number": OWNER_CELL, "requested_by": OWNER[0]}
    assert b"has not reported the call yet" in client.get("/setup/hardware").data
    clock.advance(seconds=20)
    seed_missed_call(config, clock.now(), OWNER_CELL, linkedid="test-1", texted_after=timedelta(seconds=1))
    html = client.get("/setup/hardware").get_data(as_text=True)
    assert "The phone system saw it (no_answer)" in html and "message sent" in html


def test_the_summary_lists_what_does_not_work_and_how_to_fix_it(client, config, clock):
    html = client.get("/setup/summary").get_data(as_text=True)
    assert "to fix" in html and "The agent has never reported." in html and "systemctl start textback-agent" in html
    db = connect(config.storage.database)
    with transaction(db):
        health.publish(db, clock.now(), "asterisk", {"connected": True, "last_event_at": clock.now()})
        health.publish(db, clock.now(), "modem", {"state": "ok", "registered": True, "csq": 22,
                                                  "operator": "AT&T", "storage_used": 0, "storage_total": 30})
        health.publish(db, clock.now(), "outbox", {})
    assert "<h1>Everything works</h1>" in client.get("/setup/summary").get_data(as_text=True)
