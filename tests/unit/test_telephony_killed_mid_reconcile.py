"""An agent killed while it reads back the CDR must read the same calls again at its next start.

Found by tests/integration/test_reliability_kill9.py: the agent published its AMI health on
connect, before the CDR reconciliation had handed on the calls missed while it was down; the
next start read the CDR only from that moment on, and those callers were never texted.
Runs against the demo's simulated PBX over loopback, a real SQLite file and the CDR a real
Asterisk 22 wrote.
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from appliance.clock import SystemClock
from appliance.store import health
from appliance.store.db import transaction
from appliance.telephony import cdr
from appliance.telephony.calls import CallWatcher, last_seen_alive
from appliance.telephony.simulated_pbx import SimulatedPbx
from tests.asterisk.watching import run, running
from tests.conftest import make_config

RECORDED_CDR = Path(__file__).resolve().parents[1] / "fixtures" / "cdr" / "textback.csv"


def test_calls_still_being_read_back_when_the_agent_dies_are_read_again_at_the_next_start(tmp_path, db):
    cdr_path = tmp_path / "textback.csv"
    shutil.copy(RECORDED_CDR, cdr_path)
    missed_ends = [outcome.ended_at for outcome in cdr.classify(cdr.parse_rows(cdr_path.read_text()))
                   if outcome.missed]
    before_the_calls = datetime.fromtimestamp(min(missed_ends), UTC) - timedelta(minutes=1)
    with transaction(db):   # the previous run last knew the PBX state before these calls
        health.publish(db, before_the_calls, "asterisk", {"connected": True})

    async def start_and_die_while_reading_back() -> int:
        secret = secrets.token_urlsafe(16)
        handed_on = 0

        def killed_before_storing(call):
            nonlocal handed_on
            handed_on += 1
            return asyncio.Event().wait()     # never stored: the process dies here

        async with SimulatedPbx(username="textback", secret=secret) as pbx:
            config = make_config(tmp_path, asterisk={"port": pbx.port, "secret": secret,
                                                     "cdr_path": str(cdr_path)})
            calls = CallWatcher(config, db, SystemClock(), on_ended_call=killed_before_storing)
            async with running(calls.run()):
                await calls.watcher.client.wait_connected(5)
                while not handed_on:
                    await asyncio.sleep(0.02)
                calls.publish_health()        # housekeeping runs meanwhile
        return handed_on

    assert run(start_and_die_while_reading_back(), timeout=20) == 1
    next_start_reads_from = last_seen_alive(db)
    assert next_start_reads_from is not None
    assert next_start_reads_from.timestamp() < min(missed_ends), \
        "the next start would skip the calls this one never stored"
