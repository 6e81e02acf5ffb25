"""The driver when things go wrong: busy SIMs, network errors, hangs, noise, unplugged cables."""

import time

import pytest

from appliance.sms.errors import CommandFailed, ModemTimeout, PortGone, SendFailed, SimNotReady
from appliance.sms.events import IncomingPart, UnreadableMessage
from tests.sms_fixtures import DIALECTS, fast_modem_at, modem_pair, poll_until

pytestmark = pytest.mark.timeout(60)

CUSTOMER = "+15125550123"


def incoming(events):
    return [event for event in events if isinstance(event, IncomingPart)]


def sent_texts(simulator):
    return [message.text for message in simulator.sent_messages()]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_sim_busy_after_boot_is_waited_out(tmp_path, dialect):
    with modem_pair(tmp_path, dialect, sim_busy_commands=4) as (simulator, modem):
        modem.send_sms(CUSTOMER, "booted fine")
        assert [s.text for s in simulator.wait_for_sent(1, timeout=5)] == ["booted fine"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_network_out_of_order_is_temporary_and_the_retry_goes_through(tmp_path, dialect):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        simulator.fail_next_sends(38)
        with pytest.raises(SendFailed) as failure:
            modem.send_sms(CUSTOMER, "first try")
        assert failure.value.temporary and not failure.value.maybe_sent
        assert "network is out of order" in str(failure.value)
        assert failure.value.sent_refs == []
        modem.send_sms(CUSTOMER, "first try")
        assert [s.text for s in simulator.wait_for_sent(1, timeout=5)] == ["first try"]


def test_an_error_on_a_later_part_reports_the_parts_already_out(tmp_path):
    with modem_pair(tmp_path, "ec25") as (simulator, modem):
        simulator.fail_next_sends(38, after=1)  # part 1 goes out, part 2 is refused
        with pytest.raises(SendFailed) as failure:
            modem.send_sms(CUSTOMER, "Part of a long message. " * 10)
        assert len(failure.value.sent_refs) == 1
        assert "part 2 of 2" in str(failure.value)
        assert failure.value.maybe_sent  # part 1 is on the customer's phone: no blind resend
        assert sent_texts(simulator) == []  # the network never saw the whole message


def test_a_permanent_rejection_is_not_temporary(tmp_path):
    with modem_pair(tmp_path, "sim800") as (simulator, modem):
        simulator.fail_next_sends(304)
        with pytest.raises(SendFailed) as failure:
            modem.send_sms(CUSTOMER, "hello")
    assert not failure.value.temporary
    assert "rejected the message PDU" in str(failure.value)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_hung_modem_is_reset_and_the_next_send_works(tmp_path, dialect):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        simulator.hang()
        started = time.monotonic()
        with pytest.raises(SendFailed) as failure:
            modem.send_sms(CUSTOMER, "into the void")
        assert isinstance(failure.value.cause, ModemTimeout)
        assert time.monotonic() - started < 5  # bounded by the command timeout, never hangs
        modem.send_sms(CUSTOMER, "after the reset")
        assert sent_texts(simulator) == ["after the reset"]


def test_a_send_whose_answer_never_comes_is_flagged_as_maybe_sent(tmp_path):
    with modem_pair(tmp_path, "sim800") as (simulator, modem):
        simulator.hang_after_next_send()
        with pytest.raises(SendFailed) as failure:
            modem.send_sms(CUSTOMER, "did this go out?")
        assert isinstance(failure.value.cause, ModemTimeout)
        assert failure.value.maybe_sent  # it did: resending blindly would text the customer twice
        assert sent_texts(simulator) == ["did this go out?"]
        modem.send_sms(CUSTOMER, "after the reset")
        assert sent_texts(simulator) == ["did this go out?", "after the reset"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_garbage_on_the_line_loses_nothing(tmp_path, dialect):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        simulator.garbage(b"\xff\xfe\x00\x13garbage\r\n\xc3(half a li")
        modem.send_sms(CUSTOMER, "through the noise")
        simulator.garbage(b'\x00\xff+CMTI: "S')  # a torn announcement, then the real one
        simulator.inject_sms(CUSTOMER, "reply through the noise")
        simulator.garbage(bytes(range(256)))
        [part] = incoming(poll_until(modem, incoming))
        assert part.text == "reply through the noise"
        assert sent_texts(simulator) == ["through the noise"]


def test_a_pdu_garbled_on_the_line_is_read_again(tmp_path):
    with modem_pair(tmp_path, "sim800") as (simulator, modem):
        simulator.corrupt_next_reads(1)
        simulator.inject_sms(CUSTOMER, "my furnace is out")
        [part] = incoming(poll_until(modem, incoming))
    assert part.text == "my furnace is out"


def test_a_pdu_that_never_reads_cleanly_is_handed_out_raw_not_dropped(tmp_path):
    with modem_pair(tmp_path, "sim800") as (simulator, modem):
        simulator.corrupt_next_reads(2)
        simulator.inject_sms(CUSTOMER, "my furnace is out")
        [unreadable] = poll_until(modem, lambda seen: bool(seen))
        assert isinstance(unreadable, UnreadableMessage)
        assert "not hexadecimal" in unreadable.reason
        assert unreadable.index in simulator.stored()  # still in the modem: nothing is lost
        modem.delete(unreadable.index, unreadable.storage)
        assert simulator.stored() == {}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_an_unplugged_modem_is_reported_and_reopened_when_it_is_back(tmp_path, dialect):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        simulator.vanish()
        with pytest.raises(PortGone) as gone:
            modem.poll(0.2)
        assert "the device went away" in str(gone.value) and gone.value.temporary
        with pytest.raises(PortGone, match="does not exist"):
            modem.poll(0.2)  # still unplugged: a clear error, no hang
        simulator.inject_sms(CUSTOMER, "texted while unplugged")  # waits at the SMSC
        simulator.reappear()
        modem.send_sms(CUSTOMER, "back online")
        stored = modem.stored_messages()
        assert [part.text for part in stored] == ["texted while unplugged"]
        assert sent_texts(simulator) == ["back online"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_removed_sim_gives_a_plain_error_and_recovers_when_reinserted(tmp_path, dialect):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        simulator.remove_sim()
        with pytest.raises(SendFailed) as failure:
            modem.send_sms(CUSTOMER, "no sim")
        assert "no SIM card in the modem" in str(failure.value)
        assert failure.value.temporary  # the message waits for the SIM, it is not at fault
        with pytest.raises(CommandFailed, match="no SIM card"):
            modem.health()
        simulator.insert_sim()
        modem.send_sms(CUSTOMER, "sim is back")
        assert sent_texts(simulator) == ["sim is back"]


def test_no_network_is_visible_in_health_and_sends_fail_temporarily(tmp_path):
    with modem_pair(tmp_path, "sim800") as (simulator, modem):
        simulator.set_registration(2)
        simulator.set_signal(99)
        health = modem.health()
        assert not health.registered and health.rssi_dbm is None and health.operator is None
        with pytest.raises(SendFailed) as failure:
            modem.send_sms(CUSTOMER, "anyone there?")
        assert failure.value.temporary and "no network" in str(failure.value)


def test_roaming_is_reported(tmp_path):
    with modem_pair(tmp_path, "ec25") as (simulator, modem):
        simulator.set_registration(5)
        health = modem.health()
    assert health.registered and health.roaming


def test_a_pin_locked_sim_is_unlocked_with_the_configured_pin(tmp_path):
    with modem_pair(tmp_path, "sim800", pin="4321", modem_kwargs={"pin": "4321"}) as (simulator, modem):
        modem.send_sms(CUSTOMER, "unlocked")
        assert sent_texts(simulator) == ["unlocked"]


def test_a_pin_locked_sim_without_a_configured_pin_says_so(tmp_path):
    with modem_pair(tmp_path, "sim800", pin="4321", open_modem=False) as (simulator, modem):
        with pytest.raises(SimNotReady, match="needs its PIN"):
            modem.open()


def test_a_wrong_pin_is_tried_once_only(tmp_path):
    with modem_pair(tmp_path, "ec25", pin="4321", open_modem=False,
                    modem_kwargs={"pin": "0000"}) as (simulator, modem):
        with pytest.raises(CommandFailed, match="PIN is wrong"):
            modem.open()
        with pytest.raises(SimNotReady, match="not retried"):
            modem.open()  # the agent's retry loop must not burn the SIM's remaining tries


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_modem_that_restarts_by_itself_is_reinitialised(tmp_path, dialect):
    with modem_pair(tmp_path, dialect) as (simulator, modem):
        simulator.reboot()  # settings are lost: echo back on, no +CMTI until CNMI is set again
        assert modem.poll(0.5) == []  # the driver sees the boot messages
        simulator.inject_sms(CUSTOMER, "after the restart")
        [part] = incoming(poll_until(modem, incoming, timeout=3))
        assert part.text == "after the restart"


def test_a_port_held_by_another_program_is_named_as_such(tmp_path):
    with modem_pair(tmp_path, "ec25") as (simulator, modem):
        second = fast_modem_at(str(simulator.path))
        with pytest.raises(PortGone, match="another program is using the port"):
            second.open()
        modem.send_sms(CUSTOMER, "the first one still works")
        assert sent_texts(simulator) == ["the first one still works"]
