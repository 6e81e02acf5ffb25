"""Missed call -> exactly one text, end to end: a real Asterisk 22, the agent as a real process,
the modem simulator on a real pseudo-terminal."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest

from tests.asterisk.scenarios import BY_NAME, SCENARIOS, place
from tests.integration.agent_rig import AgentRig, AmiLink, rig_for

pytestmark = pytest.mark.asterisk


def caller_for(index: int) -> str:
    return f"+1512555{2000 + index:04d}"


@pytest.fixture
def agent(asterisk, modem, tmp_path):
    rig = rig_for(asterisk, modem, tmp_path).start()
    yield rig
    rig.stop()


def test_exactly_the_missed_calls_get_exactly_one_text(asterisk, agent):
    inbound = [s for s in SCENARIOS if s.missed is not None or s.context == "from-internal"]
    callers = {scenario.name: caller_for(i) for i, scenario in enumerate(inbound)}
    for scenario in inbound:
        place(asterisk, scenario, f"<{callers[scenario.name][2:]}>")
    missed = [s for s in inbound if s.missed]
    agent.wait_until(lambda: all(agent.texts_to(callers[s.name]) for s in missed), 60,
                     "a text to every missed caller")
    time.sleep(3)  # let any wrong or duplicate text show itself
    for scenario in inbound:
        texts = agent.texts_to(callers[scenario.name])
        expected = 1 if scenario.missed else 0
        assert len(texts) == expected, f"{scenario.name}: {len(texts)} texts, expected {expected}"
    calls = {row["caller"][-4:]: row for row in agent.query("SELECT * FROM calls")}
    for scenario in missed:
        assert calls[callers[scenario.name][-4:]]["reason"] == scenario.reason, scenario.name


def test_repeat_and_anonymous_calls_get_no_extra_text(asterisk, agent):
    scenario = BY_NAME["textback_no_answer"]
    place(asterisk, scenario, "<5125553000>")
    agent.wait_until(lambda: agent.texts_to("+15125553000"), 30, "the first text")
    place(asterisk, scenario, "<5125553000>")
    place(asterisk, scenario, '"Anonymous" <anonymous>')
    agent.wait_until(lambda: len(agent.query("SELECT * FROM calls")) >= 3, 30, "all three calls recorded")
    time.sleep(2)
    assert len(agent.texts_to("+15125553000")) == 1
    assert len(agent.modem.sent_messages()) == 1
    reasons = sorted(row["textback"] for row in agent.query("SELECT textback FROM calls"))
    assert reasons == ["queued", "texted recently (cooldown)", "withheld number"]


def test_agent_killed_mid_send_never_sends_twice(asterisk, modem, tmp_path):
    rig = rig_for(asterisk, modem, tmp_path).start()
    try:
        modem.hang_after_next_send()
        place(asterisk, BY_NAME["textback_no_answer"], "<5125554000>")
        rig.wait_until(lambda: modem.sent_messages(), 30, "the AT+CMGS to reach the modem")
        rig.kill()                                # the modem took the PDU but never answered
        modem.reboot()
        rig.start()
        place(asterisk, BY_NAME["textback_no_answer"], "<5125554001>")
        rig.wait_until(lambda: rig.texts_to("+15125554001"), 30, "the next caller's text")
        [first] = rig.query("SELECT status FROM messages WHERE phone = '+15125554000'")
        assert first["status"] == "unconfirmed"
        assert len(rig.texts_to("+15125554000")) == 1
    finally:
        rig.stop()


def test_garbage_from_the_modem_and_a_vanishing_port_lose_nothing(asterisk, agent, modem):
    modem.garbage(b"\xff\xfe\x00+CMTI: \"SM\",\r\n\x1b[31mjunk\r\nERROR\r\n")
    place(asterisk, BY_NAME["textback_no_answer"], "<5125555000>")
    agent.wait_until(lambda: agent.texts_to("+15125555000"), 30, "a text despite the garbage")
    modem.vanish()
    place(asterisk, BY_NAME["textback_no_answer"], "<5125555001>")
    agent.wait_until(lambda: agent.query(
        "SELECT 1 FROM messages WHERE phone = '+15125555001' AND status = 'queued'"), 30,
        "the text to wait in the outbox while the modem is gone")
    modem.reappear()
    agent.wait_until(lambda: agent.texts_to("+15125555001"), 60, "the text once the modem is back")
    time.sleep(2)
    assert len(agent.texts_to("+15125555001")) == 1
    assert len(agent.texts_to("+15125555000")) == 1


@pytest.mark.slow
def test_ami_down_for_a_minute_while_three_calls_are_missed(fresh_asterisk, modem, tmp_path):
    link = AmiLink(fresh_asterisk.port)
    rig = AgentRig(tmp_path, link.port, fresh_asterisk.agent.username, fresh_asterisk.agent.secret,
                   fresh_asterisk.cdr_path, modem).start()
    try:
        link.down()
        rig.wait_until(lambda: not rig.health("asterisk")["connected"], 30, "the agent to notice AMI is gone")
        callers = ["+15125556001", "+15125556002", "+15125556003"]
        for number in callers:
            place(fresh_asterisk, BY_NAME["textback_no_answer"], f"<{number[2:]}>")
        time.sleep(60)
        assert modem.sent_messages() == [], "nothing can be known while AMI is down"
        link.up()
        rig.wait_until(lambda: all(rig.texts_to(n) for n in callers), 60, "three texts after reconnect")
        time.sleep(3)
        assert sorted(m.number for m in modem.sent_messages()) == callers
        assert {row["source"] for row in rig.query("SELECT source FROM calls")} == {"cdr"}
    finally:
        rig.stop()
        link.close()


def test_asterisk_restarted_mid_call(fresh_asterisk, modem, tmp_path):
    rig = rig_for(fresh_asterisk, modem, tmp_path).start()
    try:
        ringing = BY_NAME["textback_caller_hangs_up"]
        place(fresh_asterisk, replace(ringing, give_up_after=30), "<5125557000>")
        time.sleep(1.5)
        fresh_asterisk.restart()
        rig.wait_until(lambda: rig.health("asterisk")["connected"], 60, "the agent to reconnect")
        place(fresh_asterisk, BY_NAME["textback_no_answer"], "<5125557001>")
        rig.wait_until(lambda: rig.texts_to("+15125557001"), 60, "a text for the call after the restart")
        time.sleep(3)
        assert len(rig.texts_to("+15125557001")) == 1
        # The restart cut the ringing call off unanswered: a missed call, found in the CDR, texted once.
        assert len(rig.texts_to("+15125557000")) == 1
    finally:
        rig.stop()


def test_call_me_and_let_it_ring_out_from_the_admin_comes_back_as_a_text(asterisk, agent):
    """The first-run wizard's hardware test: the admin page writes a test_call task; the agent
    places a real call from the owner's cell through the PBX, which rings out and is texted back."""
    from appliance.clock import SystemClock
    from appliance.pipeline.task_runner import schedule
    from appliance.store.db import connect, transaction

    db = connect(agent.database)
    now = SystemClock().now()
    with transaction(db):
        schedule(db, now, "test_call", now, {"number": "+15125558000", "requested_by": "owner"},
                 subject="+15125558000")
    agent.wait_until(lambda: agent.texts_to("+15125558000"), 60, "the owner's cell to get the text-back")
    [call] = agent.query("SELECT reason, textback FROM calls WHERE phone = '+15125558000'")
    assert call["textback"] == "queued"


def test_systemd_watchdog_pings_only_while_ami_and_the_modem_answer(asterisk, modem, tmp_path):
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    notify.settimeout(0.5)
    rig = rig_for(asterisk, modem, tmp_path).start(
        env={"NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "1000000"})

    def messages_for(seconds: float) -> list[str]:
        seen, deadline = [], time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                seen.extend(notify.recv(4096).decode().splitlines())
            except TimeoutError:
                pass
        return seen

    try:
        first = messages_for(3)
        assert "READY=1" in first and "WATCHDOG=1" in first
        modem.vanish()
        rig.wait_until(lambda: rig.health("modem")["state"] != "ok", 30, "the agent to see the modem gone")
        messages_for(1)                       # a ping already on its way
        assert "WATCHDOG=1" not in messages_for(3), "a wedged agent must not keep systemd happy"
        modem.reappear()
        assert "WATCHDOG=1" in messages_for(15)
    finally:
        rig.stop()
        notify.close()


def test_sigterm_stops_the_agent_cleanly(agent):
    agent.process.terminate()
    assert agent.process.wait(15) == 0, agent.log_tail()
