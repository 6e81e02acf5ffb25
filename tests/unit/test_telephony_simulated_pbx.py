"""Our real AMI client and watcher against the demo's simulated PBX, over loopback TCP.

The same client + classifier path as on a real Asterisk (tests/integration/test_asterisk_*.py
cover that); here the PBX is the stand-in the demo uses, so these run in a second.
"""

from __future__ import annotations

import asyncio
import secrets
import socket
import time

import pytest

from appliance.telephony.ami import AmiClient, AmiNotConnected, AmiSettings
from appliance.telephony.simulated_pbx import SimulatedPbx
from appliance.telephony.test_call import place_test_call
from appliance.telephony.watcher import AmiWatcher
from tests.asterisk.tcp_proxy import StallingProxy
from tests.asterisk.watching import Recorder, run, running

SHOP_NUMBER = "+15125550100"


def settings_for(port: int, secret: str, **overrides) -> AmiSettings:
    return AmiSettings(host="127.0.0.1", port=port, username="textback", secret=secret, **overrides)


def test_a_test_call_on_the_simulated_pbx_is_a_missed_call_with_the_callers_number() -> None:
    async def scenario() -> None:
        secret = secrets.token_urlsafe(16)
        async with SimulatedPbx(username="textback", secret=secret, ring_seconds=0.2) as pbx:
            seen = Recorder()
            watcher = AmiWatcher(
                settings_for(pbx.port, secret), on_outcome=seen.outcome, cdr_path=None,
                reconcile_from=time.time(), on_state=seen.state,
            )  # fmt: skip
            async with running(watcher.run()):
                await place_test_call(watcher.client, "+1 (512) 555-0123", did=SHOP_NUMBER)
                await place_test_call(watcher.client, "5125550124", did=SHOP_NUMBER)
                await seen.until(lambda: len(seen.outcomes) == 2)
                await asyncio.sleep(0.5)  # and nothing more arrives
        first, second = seen.outcomes
        assert (first.caller_number, first.did, first.missed, first.source) == (
            "+15125550123", SHOP_NUMBER, True, "userevent"
        )
        assert second.caller_number == "5125550124"
        assert first.linkedid != second.linkedid
        assert len(seen.outcomes) == 2
        assert seen.states[0][0] is True and "connected to 127.0.0.1" in seen.states[0][1]
        assert watcher.client.status.last_event_at is not None

    run(scenario())


def test_a_test_call_through_settings_uses_a_short_lived_connection() -> None:
    async def scenario() -> None:
        secret = secrets.token_urlsafe(16)
        async with SimulatedPbx(username="textback", secret=secret, ring_seconds=0.1) as pbx:
            detail = await place_test_call(settings_for(pbx.port, secret), "5125550125", did=SHOP_NUMBER)
            assert "5125550125" in detail
            assert pbx.calls_placed == 1

    run(scenario())


def test_a_test_call_to_a_bad_number_is_refused_before_dialling() -> None:
    async def scenario() -> None:
        with pytest.raises(ValueError, match="not a phone number"):
            await place_test_call(settings_for(1, "x"), "call me maybe", did=SHOP_NUMBER)

    run(scenario())


def test_a_wrong_secret_is_reported_as_a_refused_login_and_retried() -> None:
    async def scenario() -> None:
        async with SimulatedPbx(username="textback", secret=secrets.token_urlsafe(16)) as pbx:
            seen = Recorder()
            client = AmiClient(
                settings_for(pbx.port, "wrong", backoff_initial=0.05, backoff_max=0.1),
                on_event=lambda event: None, on_state=seen.state,
            )  # fmt: skip
            async with running(client.run()):
                await seen.until(lambda: seen.states)
                with pytest.raises(AmiNotConnected, match="AMI login refused for user textback"):
                    await client.wait_connected(0.5)
        connected, detail = seen.states[0]
        assert not connected
        assert "AMI login refused for user textback" in detail and "secret" in detail

    run(scenario())


def test_nothing_listening_is_reported_as_such() -> None:
    async def scenario() -> None:
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        seen = Recorder()
        client = AmiClient(settings_for(port, "x"), on_event=lambda event: None, on_state=seen.state)
        async with running(client.run()):
            await seen.until(lambda: seen.states)
        assert seen.states[0] == (False, f"connection refused at 127.0.0.1:{port}: is Asterisk running?")

    run(scenario())


def test_a_silent_half_open_connection_is_detected_and_replaced() -> None:
    async def scenario() -> None:
        secret = secrets.token_urlsafe(16)
        async with SimulatedPbx(username="textback", secret=secret, ring_seconds=0.1) as pbx:
            proxy = StallingProxy("127.0.0.1", pbx.port)
            await proxy.start()
            seen = Recorder()
            client = AmiClient(
                settings_for(proxy.port, secret, idle_ping_after=0.3, ping_timeout=0.3, login_timeout=0.5,
                             backoff_initial=0.05, backoff_max=0.2),
                on_event=lambda event: None, on_state=seen.state,
            )  # fmt: skip
            async with running(client.run()):
                await client.wait_connected(5)
                await asyncio.sleep(1.0)  # idle but answering Pings: stays connected
                assert [state for state, _ in seen.states] == [True]
                proxy.stall()
                await seen.until(lambda: not client.connected, timeout=5)
                assert "did not answer Ping" in seen.states[-1][1]
                proxy.resume()
                await seen.until(lambda: client.connected, timeout=5)
            await proxy.close()
        assert proxy.connections >= 2

    run(scenario())


def test_the_simulated_pbx_refuses_anything_but_a_test_call() -> None:
    async def scenario() -> None:
        secret = secrets.token_urlsafe(16)
        async with SimulatedPbx(username="textback", secret=secret) as pbx:
            client = AmiClient(settings_for(pbx.port, secret), on_event=lambda event: None)
            async with running(client.run()):
                await client.wait_connected(5)
                with pytest.raises(Exception, match="only places test calls"):
                    await client.originate(channel="PJSIP/201", caller_id="<200>", application="Wait", data="1")
        assert pbx.calls_placed == 0

    run(scenario())


def test_the_simulated_pbx_needs_a_secret() -> None:
    with pytest.raises(ValueError, match="no default passwords"):
        SimulatedPbx(username="textback", secret="")
