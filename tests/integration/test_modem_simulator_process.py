"""The simulator as a separate process, driven over its UNIX control socket (what the demo does)."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from appliance.sms.events import IncomingPart
from appliance.sms.simulator import ControlClient, control_socket_for
from tests.sms_fixtures import fast_modem_at, poll_until

pytestmark = pytest.mark.timeout(60)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def simulator_process(tmp_path):
    control = control_socket_for(tmp_path / "modem")  # the default: what `textback simulate-text` finds
    process = subprocess.Popen(
        [sys.executable, "-m", "appliance.sms.simulator", "--dir", str(tmp_path), "--dialect", "ec25"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        banner = process.stdout.readline()
        assert "ec25 modem on" in banner, banner
        yield tmp_path / "modem", ControlClient(control)
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_another_process_injects_texts_and_reads_what_was_sent(simulator_process):
    port, control = simulator_process
    assert stat.S_IMODE(control.socket_path.stat().st_mode) == 0o600
    modem = fast_modem_at(str(port))
    try:
        modem.open()
        control.inject("+15125550123", "Is this Lone Star Plumbing?")
        [part] = [e for e in poll_until(modem, lambda seen: any(isinstance(e, IncomingPart) for e in seen))
                  if isinstance(e, IncomingPart)]
        assert (part.sender, part.text) == ("+15125550123", "Is this Lone Star Plumbing?")
        refs = modem.send_sms("+15125550123", "Yes! What can we fix for you?")
    finally:
        modem.close()
    [sent] = control.sent()
    assert sent["number"] == "+15125550123"
    assert sent["text"] == "Yes! What can we fix for you?"
    assert sent["refs"] == refs
    assert len(sent["command_at"]) == len(sent["command_wall"]) == 1


def test_a_bad_request_gets_an_explanation_not_a_crash(simulator_process):
    _, control = simulator_process
    with pytest.raises(RuntimeError, match="not a known request"):
        control.request({"op": "explode"})
    with pytest.raises(RuntimeError, match="bad arguments for inject"):
        control.request({"op": "inject", "text": "no sender"})
    assert control.request({"op": "stored"}) == {"ok": True, "stored": {}}
