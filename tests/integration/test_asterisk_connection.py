"""The AMI connection against a real Asterisk 22: refused logins, restarts, a stalled link, the
agent being down, and the AMI account's least privilege."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from appliance.telephony.ami import (
    AmiActionFailed,
    AmiClient,
    AmiNotConnected,
    AmiSettings,
)
from appliance.telephony.test_call import place_test_call
from appliance.telephony.watcher import AmiWatcher
from tests.asterisk.fixtures import asterisk, fresh_asterisk  # noqa: F401
from tests.asterisk.harness import AmiSession, AsteriskInstance
from tests.asterisk.scenarios import BY_NAME, place
from tests.asterisk.tcp_proxy import StallingProxy
from tests.asterisk.watching import Recorder, run, running

pytestmark = pytest.mark.asterisk


def settings(pbx: AsteriskInstance, **overrides) -> AmiSettings:
    account = pbx.agent
    values = {"host": account.host, "port": account.port, "username": account.username, "secret": account.secret}
    return AmiSettings(**{**values, **overrides})


def test_a_wrong_secret_is_reported_loudly_and_retried(asterisk: AsteriskInstance, caplog) -> None:  # noqa: F811
    async def scenario() -> None:
        seen = Recorder()
        client = AmiClient(
            settings(asterisk, secret="not-the-secret", backoff_initial=0.1, backoff_max=0.2),
            on_event=lambda event: None, on_state=seen.state,
        )  # fmt: skip
        async with running(client.run()):
            await seen.until(lambda: seen.states)
            with pytest.raises(AmiNotConnected, match="AMI login refused for user textback"):
                await client.wait_connected(1.0)
        connected, detail = seen.states[0]
        assert not connected and "check the [textback] secret" in detail

    run(scenario())
    assert any(record.levelname == "ERROR" and "AMI login refused" in record.message for record in caplog.records)


def test_the_client_reconnects_after_asterisk_restarts_and_the_call_it_cut_off_is_reported(
    fresh_asterisk: AsteriskInstance,  # noqa: F811
) -> None:
    pbx = fresh_asterisk

    async def scenario() -> Recorder:
        seen = Recorder()
        watcher = AmiWatcher(
            settings(pbx, backoff_initial=0.2, backoff_max=0.5), on_outcome=seen.outcome, on_state=seen.state,
            cdr_path=pbx.cdr_path, reconcile_from=time.time(),
        )  # fmt: skip
        async with running(watcher.run()):
            await watcher.client.wait_connected(10)
            # The phones ring for a minute; Asterisk restarts under the call.
            place(pbx, BY_NAME["stock_caller_hangs_up"], "<5125550401>")
            await asyncio.sleep(1.0)
            assert watcher.classifier.calls_in_progress == 1
            await asyncio.to_thread(pbx.restart)
            await seen.until(lambda: len(seen.states) >= 3 and watcher.client.connected, timeout=20)
            await seen.until(lambda: seen.of_caller("5125550401"), timeout=10)
            await asyncio.sleep(1.0)
        return seen

    seen = run(scenario())
    outcomes = seen.of_caller("5125550401")
    assert {outcome.linkedid for outcome in outcomes} == {outcomes[0].linkedid}  # one call, however reported
    assert all(outcome.missed for outcome in outcomes)
    # Why the connection went, then why it could not come back at once.
    assert seen.states[1] == (False, f"lost AMI connection to 127.0.0.1:{pbx.port}: Asterisk closed the connection")
    assert seen.states[-1][0] is True


def test_calls_missed_while_the_agent_was_down_come_from_the_cdr(asterisk: AsteriskInstance) -> None:  # noqa: F811
    async def scenario() -> Recorder:
        down_since = time.time()
        place(asterisk, BY_NAME["textback_busy"], "<5125550402>")  # nobody is listening
        await asyncio.sleep(2.0)
        seen = Recorder()
        watcher = AmiWatcher(
            settings(asterisk), on_outcome=seen.outcome, cdr_path=asterisk.cdr_path, reconcile_from=down_since
        )
        async with running(watcher.run()):
            await seen.until(lambda: seen.of_caller("5125550402"), timeout=10)
        return seen

    [outcome] = run(scenario()).of_caller("5125550402")
    assert (outcome.missed, outcome.reason, outcome.source, outcome.did) == (True, "busy", "cdr", "5125550000")


def test_a_call_already_ringing_when_the_agent_connects_is_still_reported(
    asterisk: AsteriskInstance,  # noqa: F811
) -> None:
    async def scenario() -> Recorder:
        place(asterisk, BY_NAME["stock_no_answer"], "<5125550403>")  # rings 3 s
        await asyncio.sleep(1.0)
        seen = Recorder()
        watcher = AmiWatcher(settings(asterisk), on_outcome=seen.outcome, cdr_path=asterisk.cdr_path,
                              reconcile_from=time.time())  # fmt: skip
        async with running(watcher.run()):
            await seen.until(lambda: seen.of_caller("5125550403"), timeout=15)
            await asyncio.sleep(1.0)
        return seen

    [outcome] = run(scenario()).of_caller("5125550403")
    assert (outcome.missed, outcome.reason, outcome.source) == (True, "no_answer", "cdr")


def test_a_stalled_connection_is_detected_by_the_watchdog(asterisk: AsteriskInstance) -> None:  # noqa: F811
    async def scenario() -> None:
        proxy = StallingProxy(asterisk.agent.host, asterisk.agent.port)
        await proxy.start()
        seen = Recorder()
        client = AmiClient(
            settings(asterisk, port=proxy.port, idle_ping_after=0.5, ping_timeout=0.5, login_timeout=1.0,
                     backoff_initial=0.1, backoff_max=0.3),
            on_event=lambda event: None, on_state=seen.state,
        )  # fmt: skip
        async with running(client.run()):
            await client.wait_connected(10)
            await asyncio.sleep(1.5)  # quiet PBX, Pings answered: still connected
            assert client.connected
            proxy.stall()
            started = time.monotonic()
            await seen.until(lambda: not client.connected, timeout=5)
            detected_after = time.monotonic() - started
            assert "did not answer Ping" in seen.states[-1][1]
            proxy.resume()
            await seen.until(lambda: client.connected, timeout=10)
        await proxy.close()
        assert detected_after < 1.5  # idle_ping_after + ping_timeout, plus scheduling

    run(scenario())


def test_simulate_call_on_the_real_asterisk_is_a_missed_call(asterisk: AsteriskInstance) -> None:  # noqa: F811
    async def scenario() -> Recorder:
        seen = Recorder()
        watcher = AmiWatcher(settings(asterisk), on_outcome=seen.outcome, cdr_path=None, reconcile_from=time.time())
        async with running(watcher.run()):
            await place_test_call(watcher.client, "+15125550404", did="+15125550100")
            await seen.until(lambda: seen.of_caller("+15125550404"), timeout=15)
            await asyncio.sleep(1.0)
        return seen

    [outcome] = run(scenario()).of_caller("+15125550404")
    assert (outcome.missed, outcome.source, outcome.did) == (True, "userevent", "+15125550100")


def test_the_agent_account_can_originate_but_nothing_more(asterisk: AsteriskInstance) -> None:  # noqa: F811
    session = AmiSession(asterisk.agent, events="off")
    try:
        denied = session.action({"Action": "Command", "Command": "core show channels"})
        assert (denied["Response"], denied["Message"]) == ("Error", "Permission denied")
        for action in ("GetConfig", "UpdateConfig", "Reload", "Hangup"):
            assert session.action({"Action": action, "Filename": "manager.conf", "Channel": "x"})["Response"] == "Error"
        shell = session.action(
            {"Action": "Originate", "Channel": "Local/1@phones", "Application": "System", "Data": "id", "Async": "true"}
        )
        assert shell["Response"] == "Error"
    finally:
        session.close()

    async def originate_system_through_our_client() -> None:
        client = AmiClient(settings(asterisk), on_event=lambda event: None)
        async with running(client.run()):
            await client.wait_connected(10)
            with pytest.raises(AmiActionFailed, match="refused Originate"):
                await client.originate(channel="Local/1@phones", caller_id="<1>", application="System", data="id")

    run(originate_system_through_our_client())


def test_ami_listens_on_loopback_only(asterisk: AsteriskInstance) -> None:  # noqa: F811
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == asterisk.port:  # 0A: LISTEN
                listening.append(local.rsplit(":", 1)[0])
    assert listening == ["0100007F"]  # 127.0.0.1, nothing else
