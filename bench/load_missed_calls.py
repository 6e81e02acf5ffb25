"""200 missed calls in 10 minutes through the real Asterisk, with the SIM's real rate limit.

    .venv/bin/python -m bench.load_missed_calls [CALLS] [MINUTES]     (as root; default 200 in 10)

The agent (`textback run`) runs with the shipped [modem] limits: one text every 6 s and 150 a
day. 200 calls in 10 minutes is more than that SIM may send: 10 minutes hold 100 texts, and
the day's cap stops at 150. What a shop owner would want to see, and what this prints:
every text-back that went out went to a distinct caller, once; consecutive sends never closer
than the limit; the queue drains down to exactly the texts the daily cap holds back (queued,
not lost, nor sent twice); and how long the last caller waited. Takes about 16 minutes.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from appliance.sms.simulator import ModemSimulator
from tests.asterisk.harness import AsteriskInstance, ensure_root
from tests.asterisk.scenarios import BY_NAME, place
from tests.integration.agent_rig import AgentRig
from tests.integration.reliability_support import with_sim_limits

SECONDS_BETWEEN_SENDS = 6.0     # appliance/config.py defaults: what a shop runs with
DAILY_LIMIT = 150


def main(calls: int = 200, minutes: float = 10.0) -> None:
    spacing = minutes * 60 / calls
    callers = [f"+1512565{index:04d}" for index in range(calls)]
    with tempfile.TemporaryDirectory() as directory, AsteriskInstance(ensure_root()) as pbx, \
            ModemSimulator(directory, "ec25") as modem:
        rig = with_sim_limits(AgentRig(Path(directory), pbx.port, pbx.agent.username, pbx.agent.secret,
                                       pbx.cdr_path, modem, extra_config="[brain]\nuse_model = false\n"),
                              SECONDS_BETWEEN_SENDS, DAILY_LIMIT).start()
        try:
            started = time.monotonic()
            for number in callers:
                place(pbx, BY_NAME["textback_no_answer"], f"<{number[2:]}>")
                time.sleep(spacing)
            expected = min(calls, DAILY_LIMIT)
            rig.wait_until(lambda: len(modem.sent_messages()) >= expected,
                           expected * SECONDS_BETWEEN_SENDS + 120, f"{expected} text-backs")
            time.sleep(SECONDS_BETWEEN_SENDS * 3)      # anything beyond the cap or a duplicate shows now
            report(rig, modem, callers, started, spacing)
        finally:
            rig.stop()


def report(rig: AgentRig, modem: ModemSimulator, callers: list[str], started: float, spacing: float) -> None:
    sent = modem.sent_messages()
    per_number = Counter(message.number for message in sent)
    moments = sorted(message.command_at[0] for message in sent)
    gaps = [later - earlier for earlier, later in zip(moments, moments[1:])]
    statuses = Counter(row["status"] for row in rig.query("SELECT status FROM messages WHERE kind = 'textback'"))
    calls = rig.query("SELECT phone FROM calls")
    print(f"{len(callers)} missed calls {spacing:.1f} s apart; SIM limit {SECONDS_BETWEEN_SENDS:.0f} s, "
          f"{DAILY_LIMIT} a day; load average {os.getloadavg()[0]:.1f}")
    print(f"calls recorded: {len(calls)} ({len({row['phone'] for row in calls})} distinct callers)")
    print(f"text-backs sent: {len(sent)} to {len(per_number)} callers; "
          f"texted twice: {sum(count > 1 for count in per_number.values())}; "
          f"to numbers that never called: {len(set(per_number) - set(callers))}")
    print(f"closest consecutive sends: {min(gaps):.2f} s; median gap {sorted(gaps)[len(gaps) // 2]:.2f} s")
    print(f"last text-back {moments[-1] - started:.0f} s after the first call")
    print(f"text-back statuses in the outbox: {dict(statuses)}")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    main(int(arguments[0]) if arguments else 200, float(arguments[1]) if len(arguments) > 1 else 10.0)
