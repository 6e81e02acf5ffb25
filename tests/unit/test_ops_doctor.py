"""Doctor's judgements: each turns what a probe saw into a pass/fail line with a plain fix."""

from __future__ import annotations

import signal
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from appliance.clock import iso
from appliance.ops import report
from appliance.ops.ami_check import (Listener, judge_bind, judge_dialplan, judge_login, judge_permissions,
                                     judge_reachable, parse_proc_net_tcp)
from appliance.ops.database_check import judge_integrity, judge_schema, judge_writable
from appliance.ops.doctor import judge_config
from appliance.ops.host_checks import (GIB, STA_UNSYNC, TIME_ERROR, KernelClock, judge_clock, judge_disk,
                                       judge_web_bind, parse_fib_trie, parse_if_inet6)
from appliance.ops.model_check import Inference, judge_inference, judge_model_file
from appliance.ops.modem_check import Reading, agent_reading, judge_open_error, judge_port, judge_reading
from appliance.ops.report import Status

NOW = datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc)

# As the kernel prints them (this machine's format): AMI on loopback, a web server on every
# address, and an established connection that is not a listener.
PROC_NET_TCP = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:13BA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   107        0 1124 1 0 100 0 0 10 0
   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 1125 1 0 100 0 0 10 0
   2: 0100007F:C1C6 0100007F:13BA 01 00000000:00000000 03:00000803 00000000     0        0 0 3 0
"""
PROC_NET_TCP6 = """\
  sl  local_address                         remote_address                        st tx_queue rx_queue
   0: 00000000000000000000000001000000:13BA 00000000000000000000000000000000:0000 0A 00000000:00000000
   1: 00000000000000000000000000000000:13BA 00000000000000000000000000000000:0000 0A 00000000:00000000
"""


def test_report_lines_fixes_and_exit_code():
    checks = [report.passed("configuration", "valid"),
              report.failed("AMI login", "refused", "fix the secret"),
              report.skipped("AMI permissions", "the AMI login failed")]
    text = report.render(checks)
    assert text.splitlines()[0].startswith("ok    configuration")
    assert text.splitlines()[1].startswith("FAIL  AMI login")
    assert text.splitlines()[2].strip() == "fix: fix the secret"
    assert text.splitlines()[3].startswith("skip  AMI permissions")
    assert text.splitlines()[-1] == "1 check failed: see the fix under each"
    assert report.exit_code(checks) == 1
    assert report.exit_code(checks[:1] + checks[2:]) == 0   # a skip alone is not a failure


# -- configuration and database -----------------------------------------------------------------

def test_config_must_parse_and_must_not_be_world_readable(config):
    path = Path("/etc/textback/textback.toml")
    assert judge_config(path, config, None, stat.S_IFREG | 0o640).status is Status.PASS
    loose = judge_config(path, config, None, stat.S_IFREG | 0o644)
    assert loose.failed and "chmod 640" in loose.fix
    broken = judge_config(path, None, "business.phone: 'x' is not a phone number", None)
    assert broken.failed and "business.phone" in broken.detail


def test_database_judgements():
    assert judge_integrity(["ok"]).status is Status.PASS
    damaged = judge_integrity(["*** in database main ***", "Page 5 is never used"])
    assert damaged.failed and "textback restore" in damaged.fix
    assert judge_writable(Path("/x/t.db"), None).status is Status.PASS
    assert "read-only" in judge_writable(Path("/x/t.db"), "read-only").fix
    assert judge_schema(4, 4).status is Status.PASS
    behind = judge_schema(1, 4)
    assert behind.failed and "textback migrate" in behind.fix
    assert judge_schema(5, 4).failed


# -- AMI ----------------------------------------------------------------------------------------

def test_listening_sockets_are_read_from_proc_net_tcp():
    assert parse_proc_net_tcp(PROC_NET_TCP) == [Listener("127.0.0.1", 5050), Listener("0.0.0.0", 8080)]
    assert parse_proc_net_tcp(PROC_NET_TCP6) == [Listener("::1", 5050), Listener("::", 5050)]


def test_ami_must_listen_on_loopback_only():
    assert judge_bind("127.0.0.1", 5050, [Listener("127.0.0.1", 5050)]).status is Status.PASS
    exposed = judge_bind("127.0.0.1", 5050, [Listener("127.0.0.1", 5050), Listener("::", 5050)])
    assert exposed.failed and "bindaddr = 127.0.0.1" in exposed.fix
    assert judge_bind("127.0.0.1", 5050, [Listener("0.0.0.0", 8080)]).status is Status.SKIP
    remote = judge_bind("192.168.1.5", 5038, [])
    assert remote.failed and "unencrypted" in remote.detail


def test_ami_login_and_permission_judgements():
    assert judge_reachable("127.0.0.1", 5038, "Asterisk Call Manager/11.0.0", None).status is Status.PASS
    assert judge_reachable("127.0.0.1", 5038, None, "Connection refused").failed
    assert judge_reachable("127.0.0.1", 5038, "SSH-2.0-OpenSSH_9.2", None).failed
    assert judge_login("textback", "s3cret", {"Response": "Success"}).status is Status.PASS
    refused = judge_login("textback", "wrong", {"Response": "Error", "Message": "Authentication failed"})
    assert refused.failed and "Authentication failed" in refused.detail and "manager reload" in refused.fix
    assert judge_login("textback", "TEXTBACK_AMI_SECRET_NOT_SET", None).failed
    assert judge_login("textback", "", None).failed
    assert judge_permissions("textback", {"Response": "Error", "Message": "Permission denied"}).status is Status.PASS
    too_much = judge_permissions("textback", {"Response": "Follows", "Message": "Command output follows"})
    assert too_much.failed and "write = originate" in too_much.fix


def test_dialplan_probe_judgement():
    queued = {"Response": "Success", "ActionID": "textback-doctor-3"}
    assert judge_dialplan(queued, {"Event": "OriginateResponse", "Reason": "3"}).status is Status.PASS
    missing = judge_dialplan(queued, {"Event": "OriginateResponse", "Reason": "0"})
    assert missing.failed and 'include "extensions_textback.conf"' in missing.fix
    assert judge_dialplan({"Response": "Error", "Message": "Permission denied"}, None).failed
    assert judge_dialplan(queued, None).failed


# -- modem --------------------------------------------------------------------------------------

GOOD = Reading(model="Quectel EC25", csq=20, rssi_dbm=-73, registered=True, roaming=False,
               operator="T-Mobile", smsc="+12063130004")


def test_modem_port_judgement():
    assert judge_port("/dev/textback-modem", True, "/dev/ttyUSB2").detail == "/dev/textback-modem -> /dev/ttyUSB2"
    missing = judge_port("/dev/textback-modem", False, None)
    assert missing.failed and "/dev/serial/by-id" in missing.fix


def test_modem_reading_judgements():
    assert all(check.status is Status.PASS for check in judge_reading(GOOD, "on /dev/x"))
    by_name = {c.name: c for c in judge_reading(
        Reading(model=None, csq=2, rssi_dbm=-109, registered=False, roaming=False, operator=None, smsc=None), "x")}
    assert by_name["signal"].failed and "-109 dBm" in by_name["signal"].detail
    assert by_name["network registration"].failed and by_name["SMS centre"].failed
    assert {c.name: c for c in judge_reading(
        Reading("m", None, None, True, True, "Op", "+1"), "x")}["signal"].failed
    assert "roaming on Op" in {c.name: c for c in judge_reading(
        Reading("m", 15, -83, True, True, "Op", "+1"), "x")}["network registration"].detail


def test_sim_and_port_errors_fail_the_right_line():
    sim = {c.name: c for c in judge_open_error("SimNotReady", "the SIM card needs its PIN", True)}
    assert sim["modem answers"].status is Status.PASS and sim["SIM and PIN"].failed
    assert "modem.pin" in sim["SIM and PIN"].fix and sim["signal"].status is Status.SKIP
    silent = {c.name: c for c in judge_open_error("ModemTimeout", "the modem did not answer AT", False)}
    assert silent["modem answers"].failed and silent["SIM and PIN"].status is Status.SKIP


def test_the_agents_reading_is_trusted_only_while_fresh():
    row = {"value": {"state": "ok", "csq": 20}, "updated_at": iso(NOW - timedelta(seconds=40))}
    assert agent_reading(row, NOW) == {"state": "ok", "csq": 20}
    assert agent_reading({**row, "updated_at": iso(NOW - timedelta(minutes=10))}, NOW) is None
    assert agent_reading(None, NOW) is None


# -- model --------------------------------------------------------------------------------------

def test_model_file_and_inference_judgements(tmp_path):
    path = tmp_path / "models" / "m.gguf"
    assert judge_model_file(path, 98 * 1024 * 1024, b"GGUF").status is Status.PASS
    assert "re-run install.sh" in judge_model_file(path, None, b"").fix
    assert judge_model_file(path, 10, b"<htm").failed
    assert judge_inference(Inference(answer='{"ok": true}', seconds=0.4)).status is Status.PASS
    crashed = judge_inference(Inference(signal=signal.SIGILL))
    assert crashed.failed and "illegal instruction" in crashed.detail and "--llama-portable" in crashed.fix
    assert judge_inference(Inference(signal=signal.SIGSEGV)).failed
    assert judge_inference(Inference(error="model m.gguf failed to load")).failed
    assert judge_inference(Inference(answer=None, seconds=0.01)).failed
    assert judge_inference(Inference(answer='{"ok": tr')).failed


# -- the machine --------------------------------------------------------------------------------

def test_free_disk_needs_a_gigabyte_and_room_for_backups():
    assert judge_disk(Path("/var/lib/textback"), 50 * GIB, 100 * GIB, 10 * 1024 ** 2).status is Status.PASS
    assert judge_disk(Path("/var/lib/textback"), GIB // 2, 100 * GIB, 0).failed
    big = judge_disk(Path("/var/lib/textback"), 2 * GIB, 100 * GIB, GIB)   # 1 GiB database: needs 3
    assert big.failed and "journalctl --vacuum-size" in big.fix


@pytest.mark.parametrize("clock, synced", [
    (KernelClock(state=0, status=0x2001, max_error_us=12_000), True),
    (KernelClock(state=TIME_ERROR, status=STA_UNSYNC, max_error_us=16_000_000), False),
    (KernelClock(state=0, status=STA_UNSYNC, max_error_us=1000), False),
    (KernelClock(state=0, status=0, max_error_us=16_000_000), False),
])
def test_clock_sync(clock, synced):
    check = judge_clock(clock)
    assert (check.status is Status.PASS) == synced
    if not synced:
        assert "timedatectl set-ntp true" in check.fix


FIB_TRIE = """\
Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 192.168.1.0/24 2 0 2
           |-- 192.168.1.20
              /32 host LOCAL
        |-- 192.168.1.255
           /32 link BROADCAST
Local:
  +-- 0.0.0.0/0 3 0 5
           |-- 127.0.0.1
              /32 host LOCAL
"""
IF_INET6 = """\
fd000000000000000000000000000002 04 40 00 82     eth0
00000000000000000000000000000001 01 80 10 80       lo
"""


def test_local_addresses_from_proc():
    assert parse_fib_trie(FIB_TRIE) == ["127.0.0.1", "192.168.1.20"]
    assert parse_if_inet6(IF_INET6) == ["fd00::2", "::1"]


def test_web_bind_judgements():
    local = ["127.0.0.1", "192.168.1.20", "::1"]
    assert judge_web_bind("127.0.0.1", 8080, local).status is Status.PASS
    assert judge_web_bind("192.168.1.20", 8080, local).status is Status.PASS
    moved = judge_web_bind("192.168.1.21", 8080, local)
    assert moved.failed and "DHCP" in moved.fix
    assert judge_web_bind("0.0.0.0", 8080, local, allow_all_interfaces=True).status is Status.PASS
    refused = judge_web_bind("0.0.0.0", 8080, local)
    assert refused.failed and "allow_all_interfaces" in refused.fix
    exposed = judge_web_bind("0.0.0.0", 8080, [*local, "203.0.113.9", "8.8.4.4"], allow_all_interfaces=True)
    assert exposed.failed and "8.8.4.4" in exposed.detail
    assert judge_web_bind("8.8.4.4", 8080, ["8.8.4.4"]).failed
    assert judge_web_bind("shop-pc", 8080, local).failed
