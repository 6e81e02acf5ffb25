"""`textback doctor` against real peers: a real Asterisk 22, the modem simulator on a real
pseudo-terminal, the bundled model, real SQLite files. A healthy setup, then the broken ones
an installer meets: a wrong AMI secret, no modem, no model, a read-only database, and a
modem held by the running agent."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from appliance.brain.llm import ensure_default_model
from appliance.ops.host_checks import judge_clock, read_kernel_clock
from appliance.sms.modem import Modem
from appliance.sms.simulator import ModemSimulator
from appliance.store.db import connect, transaction
from appliance.store.health import publish
from tests.asterisk.harness import AsteriskInstance, ensure_root

pytestmark = [pytest.mark.asterisk, pytest.mark.timeout(600)]

REPO = Path(__file__).resolve().parents[2]
MODEL_CACHE = Path("/var/cache/textback/doctor-test-data")   # the bundled model, copied once


@pytest.fixture(scope="module")
def asterisk():
    ensure_root()
    with AsteriskInstance() as instance:
        yield instance


@pytest.fixture(scope="module")
def modem(tmp_path_factory):
    with ModemSimulator(tmp_path_factory.mktemp("modem"), "ec25") as simulator:
        yield simulator


@pytest.fixture(scope="module")
def model() -> Path:
    return ensure_default_model(MODEL_CACHE)


def setup(tmp_path: Path, asterisk: AsteriskInstance, modem_port: str, model: Path | None,
          secret: str | None = None) -> Path:
    """A data folder (database, and the model unless None) and a config pointing at the peers."""
    data = tmp_path / "data"
    connect(data / "textback.db").conn.close()
    if model is not None:
        (data / "models").mkdir()
        (data / "models" / model.name).symlink_to(model)
    config = tmp_path / "textback.toml"
    config.write_text(f"""\
[business]
name = "Lone Star Plumbing"
trade = "plumbing"
timezone = "America/Chicago"
phone = "+15125550100"

[asterisk]
port = {asterisk.port}
secret = "{secret or asterisk.agent.secret}"

[modem]
port = "{modem_port}"

[storage]
database = "{data / 'textback.db'}"
""")
    config.chmod(0o640)
    return config


def doctor(config: Path, read_only: Path | None = None) -> tuple[int, dict[str, tuple[str, str]], str]:
    """Run `textback doctor` as an admin would; optionally with ``read_only`` mounted read-only."""
    command = [str(Path(sys.executable).parent / "textback"), "--config", str(config), "doctor"]
    if read_only is not None:
        command = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                   'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"',
                   "sh", str(read_only), *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=400, cwd=REPO)
    lines = {}
    for line in done.stdout.splitlines():
        if line[:4] in ("ok  ", "FAIL", "skip"):
            lines[line[6:28].strip()] = (line[:4].strip(), line[30:])
    return done.returncode, lines, done.stdout


def clock_status() -> str:
    """This machine's clock, judged on its own: the one check a test cannot arrange."""
    return "ok" if not judge_clock(read_kernel_clock()).failed else "FAIL"


def test_a_healthy_setup_passes_every_check(tmp_path, asterisk, modem, model):
    code, lines, output = doctor(setup(tmp_path, asterisk, str(modem.path), model))
    assert lines.pop("clock sync")[0] == clock_status()
    failing = {name: detail for name, (status, detail) in lines.items() if status != "ok"}
    assert failing == {}, output
    assert len(lines) == 19
    assert code == (0 if clock_status() == "ok" else 1)
    assert "Quectel EC25" in lines["modem answers"][1]
    assert "dBm" in lines["signal"][1]
    assert "rang" in lines["dialplan include"][1]


def test_a_wrong_ami_secret(tmp_path, asterisk, modem, model):
    code, lines, output = doctor(setup(tmp_path, asterisk, str(modem.path), model, secret="not-the-secret"))
    assert code == 1
    assert lines["AMI reachable"][0] == "ok"
    assert lines["AMI login"] == ("FAIL", "Asterisk refused user 'textback': Authentication failed")
    assert "fix: make asterisk.secret in the textback config equal secret = under [textback]" in output
    assert lines["AMI permissions"][0] == lines["dialplan include"][0] == "skip"
    assert lines["modem answers"][0] == lines["database writable"][0] == "ok"


def test_the_modem_port_missing(tmp_path, asterisk, model):
    code, lines, output = doctor(setup(tmp_path, asterisk, str(tmp_path / "textback-modem"), model))
    assert code == 1
    assert lines["modem port"][0] == "FAIL" and "does not exist" in lines["modem port"][1]
    assert "ls -l /dev/serial/by-id/" in output
    assert all(lines[name][0] == "skip" for name in ("modem answers", "SIM and PIN", "signal", "SMS centre"))
    assert lines["AMI login"][0] == "ok"


def test_no_model(tmp_path, asterisk, modem):
    code, lines, output = doctor(setup(tmp_path, asterisk, str(modem.path), model=None))
    assert code == 1
    assert lines["model file"][0] == "FAIL" and "no model at" in lines["model file"][1]
    assert "re-run install.sh" in output
    assert lines["model test inference"][0] == "skip"


def test_a_read_only_database(tmp_path, asterisk, modem, model):
    config = setup(tmp_path, asterisk, str(modem.path), model)
    code, lines, output = doctor(config, read_only=tmp_path / "data")
    assert code == 1
    assert lines["database integrity"][0] == "ok"
    assert lines["database writable"][0] == "FAIL" and "read-only" in lines["database writable"][1]
    assert "chown -R textback:" in output
    assert lines["database schema"][0] == "ok"


def test_a_modem_held_by_the_running_agent_is_judged_from_its_report(tmp_path, asterisk, modem, model):
    config = setup(tmp_path, asterisk, str(modem.path), model)
    agent_side = Modem(str(modem.path))
    agent_side.open()                                 # holds the port exclusively, as the agent does
    try:
        reading = agent_side.health()
        db = connect(tmp_path / "data" / "textback.db")
        with transaction(db):
            publish(db, datetime.now(timezone.utc), "modem",
                    {"state": "ok", "model": reading.model, "csq": reading.csq, "rssi_dbm": reading.rssi_dbm,
                     "registered": reading.registered, "roaming": reading.roaming,
                     "operator": reading.operator, "smsc": reading.smsc})
        db.conn.close()
        _, lines, _ = doctor(config)
    finally:
        agent_side.close()
    assert lines["modem answers"] == ("ok", f"{reading.model} (as the running agent reported it)")
    assert lines["signal"][0] == lines["SMS centre"][0] == "ok"
