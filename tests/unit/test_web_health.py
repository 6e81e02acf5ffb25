"""The health page: the agent's reports judged with advice, and deciding unconfirmed texts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from appliance.clock import iso
from appliance.store import health, messages
from appliance.store.db import connect, transaction
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, add_user, csrf_from, login
from web.app import create_app
from web.health.advice import PROBLEM, WARNING, Facts, evaluate

GOOD_MODEM = {"state": "ok", "csq": 20, "rssi_dbm": -73, "registered": True, "roaming": False,
              "operator": "T-Mobile", "storage_used": 2, "storage_total": 30}


def facts(clock, reports=None, **changes) -> Facts:
    values = dict(now=clock.now(), reports=reports or {}, queued=0, oldest_queued_at=None, unconfirmed=0,
                  failed_last_day=0, last_sent_at=None, last_received_at=None,
                  disk_free=50 << 30, disk_total=100 << 30)
    return Facts(**{**values, **changes})


def report(clock, value, age=timedelta(seconds=5)):
    return {"value": value, "updated_at": iso(clock.now() - age)}


def by_name(checks):
    return {check.name: check for check in checks}


def test_all_good_reports_are_ok(clock):
    reports = {"asterisk": report(clock, {"connected": True, "last_event_at": str(clock.now())}),
               "modem": report(clock, GOOD_MODEM), "outbox": report(clock, {})}
    checks = evaluate(facts(clock, reports))
    assert all(check.state == "ok" for check in checks), checks
    assert "T-Mobile" in by_name(checks)["Modem"].summary


def test_an_agent_that_stopped_reporting_is_called_out(clock):
    reports = {"modem": report(clock, GOOD_MODEM, age=timedelta(minutes=7))}
    checks = by_name(evaluate(facts(clock, reports)))
    assert checks["Agent"].state == PROBLEM
    assert "has not reported for 7 minutes: is it running?" in checks["Agent"].summary
    assert checks["Modem"].state == PROBLEM
    never = by_name(evaluate(facts(clock)))
    assert never["Agent"].state == PROBLEM and "systemctl start textback-agent" in never["Agent"].advice


@pytest.mark.parametrize("modem, state, words", [
    ({"state": "down", "error": "no such port /dev/ttyUSB2"}, PROBLEM, "no such port"),
    ({**GOOD_MODEM, "registered": False}, PROBLEM, "No mobile network"),
    ({**GOOD_MODEM, "csq": 6}, WARNING, "Weak signal"),
    ({**GOOD_MODEM, "storage_used": 28}, WARNING, "nearly full"),
])
def test_modem_problems_each_get_advice(clock, modem, state, words):
    check = by_name(evaluate(facts(clock, {"modem": report(clock, modem)})))["Modem"]
    assert check.state == state and words in check.summary and check.advice


def test_ami_disconnected_and_queue_troubles(clock):
    reports = {"asterisk": report(clock, {"connected": False, "detail": "authentication failed"})}
    checks = by_name(evaluate(facts(clock, reports, unconfirmed=2, disk_free=100 << 20)))
    assert checks["Phone system (Asterisk)"].state == PROBLEM
    assert "authentication failed" in checks["Phone system (Asterisk)"].summary
    assert checks["Text queue"].state == WARNING and "2 may or may not" in checks["Text queue"].summary
    assert checks["Disk"].state == PROBLEM
    stuck = by_name(evaluate(facts(clock, queued=3, oldest_queued_at=clock.now() - timedelta(minutes=30))))
    assert stuck["Text queue"].state == WARNING and "not going out" in stuck["Text queue"].advice


@pytest.fixture
def client(config, clock):
    add_user(config, clock.now(), *OWNER, "owner", OWNER_CELL)
    client = create_app(config, clock=clock, setup_code=SETUP_CODE).test_client()
    login(client, *OWNER)
    return client


def unconfirmed_message(config, clock) -> int:
    db = connect(config.storage.database)
    with transaction(db):
        message_id = messages.enqueue(db, clock.now(), phone="+15125550123", body="On our way",
                                      kind="human", priority=messages.PRIORITY_REPLY)
        messages.claim(db, clock.now(), message_id)
        messages.mark_interrupted_sends(db, clock.now())
        health.publish(db, clock.now(), "modem", GOOD_MODEM)
    db.conn.close()
    return message_id


def test_the_page_shows_reports_and_says_what_is_missing(client, config, clock):
    unconfirmed_message(config, clock)
    html = client.get("/health/").get_data(as_text=True)
    assert "T-Mobile" in html and "No report." in html
    assert "On our way" in html and "Mark as sent" in html and "Send again" in html
    assert "textback" in html and "SQLite" in html


@pytest.mark.parametrize("action, status", [("mark-sent", "sent"), ("send-again", "queued")])
def test_a_person_decides_an_unconfirmed_text(client, config, clock, action, status):
    message_id = unconfirmed_message(config, clock)
    token = csrf_from(client.get("/health/").get_data(as_text=True))
    client.post(f"/health/messages/{message_id}/{action}", data={"csrf_token": token})
    db = connect(config.storage.database)
    row = db["messages"].get(message_id)
    assert row["status"] == status
    assert messages.history(db, message_id)[-1]["detail"].endswith(
        "marked as sent by owner" if status == "sent" else "owner asked to send it again")
    # Deciding twice does nothing more: the text is no longer unconfirmed.
    again = client.post(f"/health/messages/{message_id}/{action}", data={"csrf_token": token})
    assert b"nothing was changed" in client.get(again.headers["Location"]).data
    assert len(messages.history(db, message_id)) == 4
