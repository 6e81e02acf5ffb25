"""How long from a caller hanging up to the agent holding the missed call?

    python -m tests.asterisk.bench_latency [calls]

Places calls on a real Asterisk (our dialplan, phones ringing) whose caller
gives up after GIVE_UP seconds (the Originate's timeout), and measures, for
each, the time from that moment to the CallOutcome reaching on_outcome
through the real client and classifier. Also times the pure classifier on the
recorded transcripts. A measurement, not a test: it prints numbers.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

from appliance.telephony.ami import AmiSettings
from appliance.telephony.classifier import MissedCallClassifier
from appliance.telephony.transcript import read_transcript
from appliance.telephony.watcher import AmiWatcher
from tests.asterisk.harness import AsteriskInstance, ensure_root
from tests.asterisk.scenarios import BY_NAME, place
from tests.asterisk.watching import Recorder, running

GIVE_UP = 2.5
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ami"


async def live(pbx: AsteriskInstance, scenario_name: str, calls: int) -> list[float]:
    account = pbx.agent
    seen = Recorder()
    arrived: dict[str, float] = {}

    def outcome(result) -> None:
        arrived.setdefault(result.caller_number, time.time())
        seen.outcome(result)

    settings = AmiSettings(host=account.host, port=account.port, username=account.username, secret=account.secret)
    watcher = AmiWatcher(settings, on_outcome=outcome, cdr_path=None, reconcile_from=time.time())
    latencies = []
    async with running(watcher.run()):
        await watcher.client.wait_connected(10)
        for index in range(calls):
            number = f"5125{len(scenario_name):02d}06{index:02d}"
            placed = time.time()
            place(pbx, BY_NAME[scenario_name], f"<{number}>")
            await seen.until(lambda number=number: number in arrived, timeout=15)
            latencies.append(arrived[number] - (placed + GIVE_UP))
    return latencies


def classifier_throughput() -> float:
    streams = [read_transcript(path) for path in sorted(FIXTURES.glob("*.ami"))]
    events = sum(len(stream) for stream in streams)
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        classifier = MissedCallClassifier()
        for stream in streams:
            for event in stream:
                classifier.feed(event, 0.0)
    return rounds * events / (time.perf_counter() - started)


def main(calls: int) -> None:
    print(f"pure classifier: {classifier_throughput():,.0f} events/s")
    with AsteriskInstance(ensure_root()) as pbx:
        # Our dialplan (the UserEvent decides), then a stock one (AMI events alone).
        for scenario_name in ("textback_caller_hangs_up", "stock_caller_hangs_up"):
            latencies = asyncio.run(live(pbx, scenario_name, calls))
            print(
                f"{scenario_name}: caller hangs up -> CallOutcome, {calls} calls on Asterisk 22: "
                f"median {statistics.median(latencies) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
                "(includes Asterisk's own timer for the caller's give-up)"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
