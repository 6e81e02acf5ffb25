"""Missed call -> text-back latency, end to end, on the real Asterisk and the pty modem.

    .venv/bin/python -m bench.missed_call_latency [CALLS]        (as root; default 50 calls)

For each missed call: the time from the call's root channel Hangup event (seen on the bench's
own AMI session) to the AT+CMGS line arriving on the simulated modem's serial port, with the
agent (`textback run`) as a separate process in between. The per-SIM rate limit is switched
off here (seconds_between_sends = 0): this measures reaction time, not the carrier throttle.
Also prints the agent's resident memory. A measurement, not a test: it prints numbers.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from appliance.sms.simulator import ModemSimulator
from tests.asterisk.harness import AmiSession, AsteriskInstance, ensure_root
from tests.asterisk.scenarios import BY_NAME, place
from tests.integration.agent_rig import AgentRig

SPACING = 0.7   # seconds between calls: several are ringing at any moment


class HangupClock:
    """Records when each caller's root channel hung up, on an AMI session of its own."""

    def __init__(self, pbx: AsteriskInstance) -> None:
        self.session = AmiSession(pbx.admin, events="call")
        self.hangups: dict[str, float] = {}
        self._stop = False
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop:
            event = self.session.next_event(0.2)
            if event and event.get("Event") == "Hangup" and event.get("Uniqueid") == event.get("Linkedid"):
                self.hangups.setdefault(event.get("CallerIDNum", ""), time.monotonic())

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.session.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(calls: int = 50) -> None:
    with tempfile.TemporaryDirectory() as directory, AsteriskInstance(ensure_root()) as pbx, \
            ModemSimulator(directory, "ec25") as modem:
        rig = AgentRig(Path(directory), pbx.port, pbx.agent.username, pbx.agent.secret, pbx.cdr_path,
                       modem).start()
        clock = HangupClock(pbx)
        try:
            callers = [f"512555{3000 + i:04d}" for i in range(calls)]
            for number in callers:
                place(pbx, BY_NAME["textback_no_answer"], f"<{number}>")
                time.sleep(SPACING)
            modem.wait_for_sent(calls, timeout=120)
            rss_kb = _rss_kb(rig.process.pid)
        finally:
            clock.close()
            rig.stop()
        sent = {message.number: message.command_at[0] for message in modem.sent_messages()}
        latencies = [(sent["+1" + number] - clock.hangups[number]) * 1000
                     for number in callers if "+1" + number in sent and number in clock.hangups]
    print(machine_line())
    print(f"missed calls placed: {calls}, texted: {len(sent)}, measured: {len(latencies)}")
    print(f"hangup -> AT+CMGS  median {statistics.median(latencies):.1f} ms   "
          f"p95 {percentile(latencies, 0.95):.1f} ms   max {max(latencies):.1f} ms")
    print(f"agent RSS after the run: {rss_kb / 1024:.0f} MB")


def machine_line() -> str:
    load = os.getloadavg()[0]
    return (f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load:.1f} at start of printing")


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
