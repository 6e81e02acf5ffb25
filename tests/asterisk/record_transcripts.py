"""Record AMI transcripts from the real Asterisk into tests/fixtures/ami/.

    python -m tests.asterisk.record_transcripts

Places every scenario of tests/asterisk/scenarios.py, one at a time, and keeps
some as transcripts in tests/fixtures/ami/: the complete event stream (classes
call, user, agent: what the agent's AMI account reads), in the format
appliance.telephony.transcript reads. The CDR file of the whole run goes to
tests/fixtures/cdr/textback.csv. Re-run it after changing the dialplan; the
classifier's and the CDR reconciler's unit tests replay these files.
"""

from __future__ import annotations

import time
from pathlib import Path

from appliance.telephony.transcript import format_transcript
from appliance.telephony.wire import AmiMessage
from tests.asterisk.harness import AmiSession, AsteriskInstance, ensure_root
from tests.asterisk.scenarios import BY_NAME, SCENARIOS, Scenario, place

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# The caller of each scenario; distinct numbers tell the calls apart in the CDR.
CALLERS = {
    "stock_no_answer": '"Pat Smith" <5125550201>',
    "stock_caller_hangs_up": "<5125550202>",
    "stock_answered": "<5125550203>",
    "stock_voicemail": "<5125550204>",
    "stock_ring_group_one_answers": "<5125550205>",
    "stock_busy": '"Busy Caller" <5125550206>',
    "stock_queue_abandon": '"Queue Caller" <5125550207>',
    "internal_call": '"Front Desk" <200>',
    "textback_no_answer": "<5125550209>",
    "textback_caller_hangs_up": '"Jane, Doe" <5125550210>',
    "textback_answered": "<5125550211>",
    "textback_ring_group_one_answers": "<5125550212>",
    "textback_busy": "<5125550213>",
    "textback_voicemail": "<5125550214>",
    "textback_after_hours": '"Night Owl" <5125550215>',
    "textback_simulate": "<5125550216>",
}
# Scenarios kept as .ami transcripts (the others are in the shared set already,
# or add nothing new), and an extra anonymous call.
TRANSCRIPTS = {
    "stock_busy", "stock_queue_abandon", "internal_call",
    "textback_caller_hangs_up", "textback_after_hours", "textback_simulate",
}  # fmt: skip
ANONYMOUS = "Anonymous <anonymous>"


def record(pbx: AsteriskInstance, scenario: Scenario, caller_id: str, timeout: float = 30.0) -> list[AmiMessage]:
    """Every event from placing the call until its root channel hung up (plus a second)."""
    session = AmiSession(pbx.agent, events="on")
    try:
        place(pbx, scenario, caller_id)
        events: list[AmiMessage] = []
        deadline = time.monotonic() + timeout
        root_gone_at = None
        while time.monotonic() < deadline and (root_gone_at is None or time.monotonic() < root_gone_at + 1.0):
            event = session.next_event(0.2)
            if event is None:
                continue
            events.append(event)
            if event.get("Event") == "Hangup" and event.get("Uniqueid") == event.get("Linkedid"):
                root_gone_at = time.monotonic()
        if root_gone_at is None:
            raise RuntimeError(f"{scenario.name}: the call did not end within {timeout} s")
        return events
    finally:
        session.close()


def main() -> None:
    (FIXTURES / "ami").mkdir(parents=True, exist_ok=True)
    (FIXTURES / "cdr").mkdir(parents=True, exist_ok=True)
    with AsteriskInstance(ensure_root()) as pbx:
        runs = [(scenario, CALLERS[scenario.name], scenario.name.replace("_", "-")) for scenario in SCENARIOS]
        runs.append((BY_NAME["stock_no_answer"], ANONYMOUS, "anonymous-no-answer"))
        for scenario, caller_id, file_name in runs:
            events = record(pbx, scenario, caller_id)
            if scenario.name not in TRANSCRIPTS and file_name != "anonymous-no-answer":
                continue
            description = [
                f"Asterisk 22 AMI events recorded by tests/asterisk/record_transcripts.py. Scenario: {scenario.name}.",
                (
                    f"Caller {caller_id} dials {scenario.did} in [{scenario.context}]"
                    f" (Originate of Local/{scenario.did}@{scenario.context} plays the carrier);"
                    f" channel variables {scenario.variables or 'none'};"
                    f" the caller gives up after {scenario.give_up_after} s."
                ),
            ]
            path = FIXTURES / "ami" / f"{file_name}.ami"
            path.write_text(format_transcript(events, description))
            print(f"{path}: {len(events)} events")
        time.sleep(1)  # the last CDR rows
        cdr_copy = FIXTURES / "cdr" / "textback.csv"
        cdr_copy.write_bytes(pbx.cdr_path.read_bytes())
        print(f"{cdr_copy}: {len(cdr_copy.read_text().splitlines())} rows")


if __name__ == "__main__":
    main()
