"""The systemd watchdog: READY once, pings only while AMI and modem are healthy, over a real socket."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from appliance.ops.watchdog import NotifySocket, Watchdog, notifications, ping_interval


@pytest.mark.parametrize("ready, ami, modem, expected", [
    (False, True, True, []),
    (True, True, True, ["WATCHDOG=1", "STATUS=AMI and modem healthy"]),
    (True, False, True, ["STATUS=waiting for the AMI link; not pinging the watchdog"]),
    (True, True, False, ["STATUS=waiting for the modem; not pinging the watchdog"]),
    (True, False, False, ["STATUS=waiting for the AMI link and the modem; not pinging the watchdog"]),
])
def test_pings_only_when_both_are_healthy(ready, ami, modem, expected):
    assert notifications(ready, ami, modem) == expected


def test_ping_interval_is_half_of_watchdog_sec_and_only_for_us():
    assert ping_interval({"WATCHDOG_USEC": "90000000"}) == 45.0
    assert ping_interval({"WATCHDOG_USEC": "90000000", "WATCHDOG_PID": str(os.getpid())}) == 45.0
    assert ping_interval({"WATCHDOG_USEC": "90000000", "WATCHDOG_PID": "1"}) is None   # meant for another process
    assert ping_interval({}) is None
    assert ping_interval({"WATCHDOG_USEC": "0"}) is None


class FakeSystemd:
    """A real datagram socket where systemd's would be: what the agent sends is what we read."""

    def __init__(self, address: str) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(address)
        self.sock.settimeout(2)

    def received(self) -> list[str]:
        messages = []
        self.sock.setblocking(False)
        try:
            while True:
                messages.append(self.sock.recv(4096).decode())
        except BlockingIOError:
            pass
        self.sock.settimeout(2)
        return messages


@pytest.mark.parametrize("abstract", [False, True])
def test_messages_reach_notify_socket(tmp_path: Path, abstract: bool):
    path = f"\0textback-test-{os.getpid()}" if abstract else str(tmp_path / "notify")
    systemd = FakeSystemd(path)
    environ = {"NOTIFY_SOCKET": "@" + path[1:] if abstract else path, "WATCHDOG_USEC": "20000000"}
    watchdog = Watchdog(NotifySocket.from_environ(environ), environ)
    assert watchdog.interval() == 10.0
    watchdog.heartbeat(ami_ok=True, modem_ok=True)   # before READY: nothing
    watchdog.ready()
    watchdog.ready()                                  # READY goes once
    watchdog.heartbeat(ami_ok=True, modem_ok=True)
    watchdog.heartbeat(ami_ok=False, modem_ok=True)
    watchdog.stopping()
    assert systemd.received() == [
        "READY=1\nSTATUS=started",
        "WATCHDOG=1\nSTATUS=AMI and modem healthy",
        "STATUS=waiting for the AMI link; not pinging the watchdog",
        "STOPPING=1",
    ]
    systemd.sock.close()


def test_outside_systemd_everything_is_a_no_op(tmp_path):
    watchdog = Watchdog(NotifySocket.from_environ({}), {})
    assert watchdog.interval() is None
    watchdog.ready()
    watchdog.heartbeat(ami_ok=True, modem_ok=True)


def test_a_vanished_systemd_socket_does_not_crash_the_agent(tmp_path):
    watchdog = Watchdog(NotifySocket(str(tmp_path / "gone")), {})
    watchdog.ready()
    watchdog.heartbeat(ami_ok=True, modem_ok=True)
