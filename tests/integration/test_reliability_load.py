"""Load, at CI size: a burst of missed calls through the real Asterisk, and a burst of inbound
texts through the pty modem simulator. The agent is a real process (AgentRig).

Full size (issue 7: 200 missed calls in 10 minutes, 1,000 inbound texts) is the same code with
bigger numbers: TEXTBACK_LOAD_CALLS=200 TEXTBACK_LOAD_TEXTS=1000 .venv/bin/python -m pytest
tests/integration/test_reliability_load.py
"""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest

from appliance.sms.simulator import ModemSimulator
from tests.asterisk.scenarios import BY_NAME, place
from tests.integration.agent_rig import rig_for

pytestmark = pytest.mark.asterisk

CALLS = int(os.environ.get("TEXTBACK_LOAD_CALLS", "40"))
CALL_SPACING = float(os.environ.get("TEXTBACK_LOAD_CALL_SPACING", "0.2"))
TEXTS = int(os.environ.get("TEXTBACK_LOAD_TEXTS", "200"))
SENDERS = 50


def test_a_burst_of_missed_calls_texts_every_caller_exactly_once(asterisk, modem, tmp_path):
    callers = [f"+1512560{index:04d}" for index in range(CALLS)]
    rig = rig_for(asterisk, modem, tmp_path).start()
    try:
        started = time.monotonic()
        for number in callers:
            place(asterisk, BY_NAME["textback_no_answer"], f"<{number[2:]}>")
            time.sleep(CALL_SPACING)
        rig.wait_until(lambda: len({sent.number for sent in modem.sent_messages()} & set(callers)) == CALLS,
                       60 + CALLS * 1.5, f"a text to each of {CALLS} missed callers")
        drained = time.monotonic() - started
        time.sleep(3)  # let a duplicate show itself
        counts = Counter(sent.number for sent in modem.sent_messages())
        assert {number: counts[number] for number in callers} == {number: 1 for number in callers}
        assert sum(counts.values()) == CALLS, f"texts to numbers that never called: {counts}"
        calls = rig.query("SELECT phone, textback FROM calls")
        assert sorted(row["phone"] for row in calls) == sorted(callers), "a call was lost or recorded twice"
        assert {row["textback"] for row in calls} == {"queued"}
        stuck = rig.query("SELECT phone, status FROM messages WHERE direction = 'out' "
                          "AND status IN ('queued', 'sending')")
        assert stuck == [], f"the outbox did not drain: {stuck}"
        print(f"\n{CALLS} missed calls {CALL_SPACING} s apart: last text sent {drained:.1f} s after the first call")
    finally:
        rig.stop()


@pytest.mark.parametrize("dialect", ["ec25", "sim800"])  # 255 SIM slots; 30 slots, so the SMSC must queue
def test_a_burst_of_inbound_texts_is_stored_exactly_once(asterisk, dialect, tmp_path):
    modem = ModemSimulator(tmp_path, dialect).start()
    rig = rig_for(asterisk, modem, tmp_path, extra_config="[brain]\nuse_model = false\n")
    try:
        rig.start()
        senders = [f"+1512561{index:04d}" for index in range(SENDERS)]
        bodies = {f"load test message {index} from {senders[index % SENDERS]}": senders[index % SENDERS]
                  for index in range(TEXTS)}
        started = time.monotonic()
        for body, sender in bodies.items():
            modem.inject_sms(sender, body)
        injected = time.monotonic() - started

        def stored() -> list[dict]:
            return rig.query("SELECT phone, body FROM messages WHERE direction = 'in'")

        rig.wait_until(lambda: len(stored()) >= TEXTS, 60 + TEXTS * 0.5, f"all {TEXTS} texts stored")
        took = time.monotonic() - started
        time.sleep(2)  # a text read twice from the SIM would show up now
        rows = stored()
        counts = Counter(row["body"] for row in rows)
        assert len(rows) == TEXTS, f"{len(rows)} inbound rows for {TEXTS} texts"
        assert set(counts) == set(bodies), "a text was lost or garbled"
        assert max(counts.values()) == 1, "a text was stored twice"
        assert all(bodies[row["body"]] == row["phone"] for row in rows), "a text was filed under the wrong number"
        rig.wait_until(lambda: modem.stored() == {}, 30, "the SIM storage to be emptied")
        print(f"\n{dialect}: {TEXTS} texts from {SENDERS} numbers injected in {injected:.2f} s, "
              f"all stored after {took:.1f} s")
    finally:
        rig.stop()
        modem.stop()
