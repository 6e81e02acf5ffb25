"""The driver against the simulated modems, through a real pty and pyserial, in every dialect."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from appliance.sms.errors import InvalidMessage
from appliance.sms.events import IncomingPart
from appliance.sms.inbox import Part, assemble_messages, store_part
from appliance.sms.pdu import StatusReport
from tests.sms_fixtures import DIALECTS, FAST_TIMINGS, modem_pair, poll_until

pytestmark = pytest.mark.timeout(60)

CUSTOMER = "+15125550123"


def incoming(events):
    return [event for event in events if isinstance(event, IncomingPart)]


def reports(events):
    return [event for event in events if isinstance(event, StatusReport)]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_open_reports_a_healthy_registered_modem(tmp_path, dialect):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        health = modem.health()
    expected_model = {"ec25": "Quectel EC25", "sim800": "SIM800 R14.18", "huawei": "huawei E173"}[dialect]
    assert health.model == expected_model
    assert health.registered and not health.roaming
    assert health.rssi_dbm == -73  # the simulator's default CSQ 20
    assert health.operator == "Simulated Wireless"
    assert health.storage == simulator.dialect.storage
    assert (health.storage_used, health.storage_total) == (0, simulator.dialect.capacity)
    assert health.smsc == "+15555550100"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("text,parts", [
    ("Sorry we missed your call! Reply with your address and what's wrong.", 1),
    ("Braces {} and € cost two septets each; " * 6, 2),
    ("We're on our way 🚐 " * 5, 2),
])
def test_send_reaches_the_network_intact(tmp_path, dialect, text, parts):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        refs = modem.send_sms(CUSTOMER, text)
        [sent] = simulator.wait_for_sent(1, timeout=5)
    assert (sent.number, sent.text, sent.parts) == (CUSTOMER, text, parts)
    assert list(sent.refs) == refs
    assert sent.status_report_requested


@pytest.mark.parametrize("dialect", DIALECTS)
def test_delivery_reports_carry_the_references_send_returned(tmp_path, dialect):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        refs = modem.send_sms(CUSTOMER, "Your tech arrives at 2pm. " * 8)
        events = poll_until(modem, lambda seen: len(reports(seen)) >= len(refs))
    assert sorted(report.reference for report in reports(events)) == sorted(refs)
    assert {report.status for report in reports(events)} == {"delivered"}
    assert {report.recipient for report in reports(events)} == {CUSTOMER}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_failed_delivery_is_reported_as_failed(tmp_path, dialect):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        simulator.set_delivery_status(0x46)  # TP-ST: SM validity period expired
        [ref] = modem.send_sms(CUSTOMER, "hello")
        [report] = reports(poll_until(modem, reports))
    assert (report.reference, report.status, report.status_code) == (ref, "failed", 0x46)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_receive_a_single_message_and_delete_it_after_commit(tmp_path, dialect):
    when = datetime(2026, 6, 2, 9, 15, 0, tzinfo=timezone(timedelta(hours=-5)))
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        simulator.inject_sms(CUSTOMER, "Yes please, 42 Elm St, the sink is leaking", when=when)
        [part] = incoming(poll_until(modem, incoming))
        assert (part.sender, part.text, part.timestamp, part.concat) == (
            CUSTOMER, "Yes please, 42 Elm St, the sink is leaking", when, None)
        assert part.storage == simulator.dialect.storage
        assert simulator.stored() != {}           # still in the modem until committed
        modem.delete(part.index, part.storage)
        assert simulator.stored() == {}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_receive_a_long_emoji_message_in_parts_and_reassemble_it(tmp_path, dialect, db, clock):
    text = "Water everywhere 💧💧 under the kitchen sink, can someone come today? " * 4
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        simulator.inject_sms(CUSTOMER, text)
        parts = incoming(poll_until(modem, lambda seen: len(incoming(seen)) >= 5))
        for part in parts:
            assert store_part(db, clock.now(), Part.from_incoming(part))
            modem.delete(part.index, part.storage)
        assert simulator.stored() == {}
    assert len(parts) == 5
    assert assemble_messages(db, clock.now(), "US")
    assert [row["body"] for row in db.query("SELECT body FROM messages WHERE direction = 'in'")] == [text]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_messages_left_in_the_modem_are_found_at_start(tmp_path, dialect):
    with modem_pair(tmp_path, dialect, open_modem=False) as (simulator, modem):
        simulator.inject_sms(CUSTOMER, "sent while the agent was down")
        simulator.inject_sms("+15125550999", "another one")
        modem.open()
        stored = modem.stored_messages()
    assert sorted((part.sender, part.text) for part in stored) == [
        (CUSTOMER, "sent while the agent was down"), ("+15125550999", "another one")]


def test_the_sweep_finds_a_message_whose_announcement_never_came(tmp_path):
    # Simulates a lost +CMTI: the message lands while nobody listens (the modem had no CNMI yet).
    timings = replace(FAST_TIMINGS, sweep_interval=0.5)
    with modem_pair(tmp_path, "sim800", open_modem=False,
                    modem_kwargs={"timings": timings}) as (simulator, modem):
        simulator.inject_sms(CUSTOMER, "did anyone get this?")
        modem.open()
        [part] = incoming(poll_until(modem, incoming, timeout=3))
    assert part.text == "did anyone get this?"


def test_bad_numbers_and_empty_texts_are_refused_before_the_modem_sees_them(tmp_path):
    with modem_pair(tmp_path, "sim800") as (simulator, modem):
        with pytest.raises(InvalidMessage, match="digits"):
            modem.send_sms("512-555-0123", "hello")
        with pytest.raises(InvalidMessage, match="empty"):
            modem.send_sms(CUSTOMER, "")
        assert simulator.sent_messages() == []
        modem.send_sms(CUSTOMER, "still works")
        assert [sent.text for sent in simulator.wait_for_sent(1, timeout=5)] == ["still works"]


def test_a_full_sim_holds_new_texts_at_the_network_until_slots_are_freed(tmp_path):
    with modem_pair(tmp_path, "sim800", open_modem=False) as (simulator, modem):
        for number in range(31):  # the SIM800's SIM holds 30
            simulator.inject_sms(CUSTOMER, f"message {number}")
        modem.open()
        assert (modem.health().storage_used, modem.health().storage_total) == (30, 30)
        stored = modem.stored_messages()
        assert len(stored) == 30
        for part in stored:
            modem.delete(part.index, part.storage)
        [last] = incoming(poll_until(modem, incoming))
    assert last.text == "message 30"
