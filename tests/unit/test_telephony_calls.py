"""The agent's telephony adapter: config in, EndedCall out, AMI health in the store.

Runs against the demo's simulated PBX over loopback and a real SQLite file.
"""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import pytest

from appliance.clock import SystemClock
from appliance.config import ConfigError
from appliance.pipeline.missed_calls import EndedCall
from appliance.store import health
from appliance.telephony.calls import CallWatcher, ami_settings
from appliance.telephony.simulated_pbx import SimulatedPbx
from appliance.telephony.test_call import place_test_call_from_config
from tests.asterisk.watching import run, running
from tests.conftest import make_config


def test_the_placeholder_secret_is_refused(tmp_path: Path) -> None:
    for secret in ("", "TEXTBACK_AMI_SECRET_NOT_SET"):
        with pytest.raises(ConfigError, match="asterisk.secret"):
            ami_settings(make_config(tmp_path, asterisk={"secret": secret}))


def test_simulate_call_reaches_the_agent_as_a_missed_ended_call_and_health_says_connected(tmp_path: Path, db) -> None:
    async def scenario() -> list[EndedCall]:
        secret = secrets.token_urlsafe(16)
        async with SimulatedPbx(username="textback", secret=secret, ring_seconds=0.1) as pbx:
            config = make_config(tmp_path, asterisk={"port": pbx.port, "secret": secret, "cdr_path": ""})
            ended: list[EndedCall] = []
            calls = CallWatcher(config, db, SystemClock(), on_ended_call=ended.append)
            async with running(calls.run()):
                await calls.watcher.client.wait_connected(5)
                detail = await place_test_call_from_config(config, "+1 512 555 0126")
                assert "+15125550126" in detail
                while not ended:
                    await asyncio.sleep(0.02)
            await calls.close()
        return ended

    [call] = run(scenario(), timeout=20)
    assert (call.caller, call.missed, call.reason, call.source) == ("+15125550126", True, "no_answer", "userevent")
    assert call.did == "+15125550100"  # the shop's number, from [business] phone
    assert call.ended_at.tzinfo is not None and call.started_at <= call.ended_at
    reading = health.read_all(db)["asterisk"]["value"]
    assert reading["connected"] is True and "connected to 127.0.0.1" in reading["detail"]

