"""Every call scenario on a real Asterisk 22, seen through our AMI client, classifier and CDR reader.

All scenarios ring at once on one PBX (each from its own caller number), which is how a busy
shop's calls arrive anyway and keeps the suite to seconds. Each must yield exactly the expected
outcome; the internal call none. Then the CDR Asterisk wrote must reconcile to the same calls.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import pytest

from appliance.telephony import cdr
from appliance.telephony.outcome import CallOutcome
from appliance.telephony.watcher import AmiWatcher
from tests.asterisk.fixtures import asterisk  # noqa: F401
from tests.asterisk.harness import AsteriskInstance
from tests.asterisk.scenarios import BY_NAME, RING_GROUP, SCENARIOS, Scenario, place
from tests.asterisk.watching import Recorder, run, running

pytestmark = pytest.mark.asterisk

CALLER = {scenario.name: f"51255503{index:02d}" for index, scenario in enumerate(SCENARIOS)}
WITHHELD_DID = "5125550001"


@dataclass
class Batch:
    started_at: float
    outcomes: list[CallOutcome]

    def of(self, scenario_name: str) -> list[CallOutcome]:
        return [outcome for outcome in self.outcomes if outcome.caller_number == CALLER[scenario_name]]


@pytest.fixture(scope="module")
def batch(asterisk: AsteriskInstance) -> Batch:  # noqa: F811
    async def place_all() -> Batch:
        seen = Recorder()
        started_at = time.time()
        watcher = AmiWatcher(
            _settings(asterisk), on_outcome=seen.outcome, cdr_path=asterisk.cdr_path, reconcile_from=started_at
        )
        async with running(watcher.run()):
            await watcher.client.wait_connected(10)
            for scenario in SCENARIOS:
                place(asterisk, scenario, f'"Caller {scenario.name}" <{CALLER[scenario.name]}>')
            # A withheld number arrives on the trunk's own channel, as from a SIP trunk.
            asterisk.place_trunk_call(
                WITHHELD_DID, "<5125550399>", context="textback-inbound", hang_up_after=2.5,
                variables={"TEXTBACK_RINGGROUP": RING_GROUP, "TEXTBACK_RINGTIME": "20", "CALLERID(num-pres)": "prohib"},
            )  # fmt: skip
            inbound = sum(scenario.missed is not None for scenario in SCENARIOS) + 1
            await seen.until(lambda: len(seen.outcomes) >= inbound, timeout=40)
            await asyncio.sleep(2)  # anything extra would show up now
        return Batch(started_at, seen.outcomes)

    return run(place_all(), timeout=90)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_each_call_yields_exactly_its_outcome(batch: Batch, scenario: Scenario) -> None:
    outcomes = batch.of(scenario.name)
    if scenario.missed is None:
        assert outcomes == []
        return
    [outcome] = outcomes
    assert (outcome.missed, outcome.reason, outcome.source) == (scenario.missed, scenario.reason, scenario.source)
    assert outcome.did == scenario.did
    assert outcome.after_hours == scenario.after_hours
    assert outcome.caller_name == f"Caller {scenario.name}"
    assert batch.started_at < outcome.ended_at <= time.time()


def test_a_withheld_number_is_missed_but_not_kept(batch: Batch) -> None:
    [outcome] = [outcome for outcome in batch.outcomes if outcome.did == WITHHELD_DID]
    assert (outcome.missed, outcome.reason, outcome.source) == (True, "caller_hung_up", "userevent")
    assert outcome.caller_number is None and outcome.caller_name is None


def test_the_cdr_reconciles_to_the_same_calls(batch: Batch, asterisk: AsteriskInstance) -> None:  # noqa: F811
    time.sleep(0.5)
    from_cdr = {outcome.linkedid: outcome for outcome in cdr.read_outcomes(asterisk.cdr_path, batch.started_at)}
    for live in batch.outcomes:
        reconciled = from_cdr[live.linkedid]
        assert (reconciled.caller_number, reconciled.did, reconciled.missed) == (
            live.caller_number, live.did, live.missed,
        )  # fmt: skip
    # No call shows up in the CDR that the live path did not report (the internal call is not inbound).
    assert set(from_cdr) == {outcome.linkedid for outcome in batch.outcomes}


def test_an_anonymous_caller_on_a_stock_dialplan_is_missed_with_no_number(
    asterisk: AsteriskInstance,  # noqa: F811
) -> None:
    async def call() -> list[CallOutcome]:
        seen = Recorder()
        watcher = AmiWatcher(_settings(asterisk), on_outcome=seen.outcome, cdr_path=None, reconcile_from=time.time())
        async with running(watcher.run()):
            await watcher.client.wait_connected(10)
            place(asterisk, BY_NAME["stock_no_answer"], "Anonymous <anonymous>")
            await seen.until(lambda: seen.outcomes, timeout=20)
            await asyncio.sleep(1)
        return seen.outcomes

    [outcome] = run(call())
    assert (outcome.missed, outcome.reason, outcome.caller_number, outcome.did) == (True, "no_answer", None, "7000")


def _settings(pbx: AsteriskInstance):
    from appliance.telephony.ami import AmiSettings

    return AmiSettings(host=pbx.agent.host, port=pbx.agent.port, username=pbx.agent.username, secret=pbx.agent.secret)


def bridge_legs(asterisk: AsteriskInstance, tech_phone: str, customer: str) -> list:  # noqa: F811
    async def bridge() -> list[CallOutcome]:
        seen = Recorder()
        watcher = AmiWatcher(_settings(asterisk), on_outcome=seen.outcome, cdr_path=None, reconcile_from=time.time())
        async with running(watcher.run()):
            await watcher.client.wait_connected(10)
            # The tech's phone answers; textback-oncall waits for them to press 1, then dials the
            # customer through TEXTBACK_OUTBOUND_CONTEXT (the test's from-internal, where the
            # "customer" answers).
            await watcher.client.originate(
                channel=f"Local/{tech_phone}@phones", caller_id='"Lone Star Plumbing" <5125550100>',
                context="textback-oncall", exten=customer,
            )  # fmt: skip
            await asyncio.sleep(8)
        return seen.outcomes

    assert run(bridge()) == []  # an outbound call is never a missed call
    time.sleep(0.5)
    return [row for row in cdr.parse_rows(asterisk.cdr_path.read_text()) if row.dst == customer]


def test_the_on_call_bridge_dials_the_customer_once_the_tech_presses_1(asterisk: AsteriskInstance) -> None:  # noqa: F811
    legs = bridge_legs(asterisk, "press1", "5125550405")
    assert any(
        row.dcontext == "from-internal" and row.lastapp == "Dial" and row.disposition == "ANSWERED" for row in legs
    ), legs


def test_a_voicemail_answering_the_techs_cell_never_calls_the_customer(asterisk: AsteriskInstance) -> None:  # noqa: F811
    legs = bridge_legs(asterisk, "answer", "5125550406")
    assert not any(row.dcontext == "from-internal" for row in legs), legs
