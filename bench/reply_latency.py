"""Customer text -> the shop's reply, end to end, with the local model loaded in the agent.

    .venv/bin/python -m bench.reply_latency [TEXTS]        (as root; default 30)

For each text: the time from the simulated modem raising +CMTI to the reply's AT+CMGS on the
serial line, through the agent process (`textback run`: inbox, compliance, pipeline, rules,
the model with its timeout, the policy, the outbox). Rate limit off, as in
missed_call_latency. Also prints the agent's RSS with the model loaded. Prints numbers only.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from appliance.sms.simulator import ModemSimulator
from bench.missed_call_latency import _rss_kb, machine_line, percentile
from tests.asterisk.harness import AsteriskInstance, ensure_root
from tests.integration.agent_rig import AgentRig

OPENERS = [
    "hi my kitchen sink is clogged and backing up",
    "need a quote for a new water heater, 50 gallon",
    "the toilet keeps running all night",
    "hola, el calentador no calienta el agua",
    "can someone look at a leak under my bathroom vanity this week",
]


def main(texts: int = 30) -> None:
    with tempfile.TemporaryDirectory() as directory, AsteriskInstance(ensure_root()) as pbx, \
            ModemSimulator(directory, "ec25") as modem:
        rig = AgentRig(Path(directory), pbx.port, pbx.agent.username, pbx.agent.secret, pbx.cdr_path, modem).start()
        try:
            rig.wait_until(lambda: (rig.health("model") or {}).get("state") == "loaded", 300, "the model")
            latencies = []
            for i in range(texts):
                number = f"+1512556{i:04d}"
                injected = time.monotonic()
                modem.inject_sms(number, OPENERS[i % len(OPENERS)])
                rig.wait_until(lambda: rig.texts_to(number), 60, "the reply")
                latencies.append((rig.texts_to(number)[0].command_at[0] - injected) * 1000)
            rss_kb = _rss_kb(rig.process.pid)
            model = rig.health("model")
        finally:
            rig.stop()
    print(machine_line())
    print(f"model: {model.get('model')}, texts: {len(latencies)}")
    print(f"+CMTI -> reply AT+CMGS  median {statistics.median(latencies):.0f} ms   "
          f"p95 {percentile(latencies, 0.95):.0f} ms   max {max(latencies):.0f} ms")
    print(f"agent RSS with the model loaded: {rss_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
