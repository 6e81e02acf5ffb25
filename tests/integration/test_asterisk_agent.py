"""The agent's telephony adapter on the real Asterisk: what the lead's end-to-end tests build on.

    config = make_config(tmp_path, asterisk=pbx.agent_config())
    place(pbx, BY_NAME["textback_no_answer"], "<5125550127>")
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from appliance.clock import SystemClock
from appliance.pipeline.missed_calls import EndedCall
from appliance.telephony.calls import CallWatcher
from tests.asterisk.fixtures import asterisk  # noqa: F401
from tests.asterisk.harness import AsteriskInstance
from tests.asterisk.scenarios import BY_NAME, place
from tests.asterisk.watching import run, running
from tests.conftest import make_config

pytestmark = pytest.mark.asterisk


def test_a_missed_call_reaches_the_agent_once(tmp_path: Path, db, asterisk: AsteriskInstance) -> None:  # noqa: F811
    config = make_config(tmp_path, asterisk=asterisk.agent_config())

    async def scenario() -> list[EndedCall]:
        ended: list[EndedCall] = []
        calls = CallWatcher(config, db, SystemClock(), on_ended_call=ended.append)
        async with running(calls.run()):
            await calls.watcher.client.wait_connected(10)
            place(asterisk, BY_NAME["textback_no_answer"], "<5125550127>")
            while not ended:
                await asyncio.sleep(0.02)
            await asyncio.sleep(1.0)  # nothing more for this call
        return ended

    [call] = run(scenario(), timeout=30)
    assert (call.caller, call.missed, call.reason, call.source) == ("5125550127", True, "no_answer", "userevent")
    assert (call.did, call.after_hours) == ("5125550000", False)
