"""systemd's watchdog for the agent: READY=1 once, then WATCHDOG=1 only while it is healthy.

textback-agent.service is Type=notify with WatchdogSec=. The agent tells a
:class:`Watchdog` when it is up and, every few seconds, whether its AMI link and the modem
are healthy. Pings go out only while both are: if either stays down (or the agent wedges
and stops calling), systemd kills and restarts it after WatchdogSec.

Wiring (in the agent)::

    watchdog = Watchdog(NotifySocket.from_environ())
    ...                                   # database open, tasks started
    watchdog.ready()
    every watchdog.interval() seconds:    # WATCHDOG_USEC / 2, or None outside systemd
        watchdog.heartbeat(ami_ok=..., modem_ok=...)
    on shutdown: watchdog.stopping()

Outside systemd (no $NOTIFY_SOCKET) every call is a no-op.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping


def notifications(ready_sent: bool, ami_ok: bool, modem_ok: bool) -> list[str]:
    """What to tell systemd on a heartbeat: a STATUS line always, WATCHDOG=1 only when healthy."""
    if not ready_sent:
        return []  # systemd counts from READY=1; nothing to say before it
    down = [name for name, ok in (("AMI link", ami_ok), ("modem", modem_ok)) if not ok]
    if down:
        return [f"STATUS=waiting for the {' and the '.join(down)}; not pinging the watchdog"]
    return ["WATCHDOG=1", "STATUS=AMI and modem healthy"]


def ping_interval(environ: Mapping[str, str]) -> float | None:
    """Seconds between heartbeats: half of WatchdogSec (as systemd advises), None without it."""
    usec = environ.get("WATCHDOG_USEC", "")
    pid = environ.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0 or (pid and pid != str(os.getpid())):
        return None
    return int(usec) / 2_000_000


class NotifySocket:
    """The thin sender: one datagram per message to $NOTIFY_SOCKET (sd_notify's protocol)."""

    def __init__(self, address: str) -> None:
        # '@' names a socket in the abstract namespace, written with a leading NUL.
        self.address = "\0" + address[1:] if address.startswith("@") else address

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> NotifySocket | None:
        address = (os.environ if environ is None else environ).get("NOTIFY_SOCKET")
        return cls(address) if address else None

    def send(self, message: str) -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(message.encode(), self.address)


class Watchdog:
    def __init__(self, sender: NotifySocket | Callable[[str], None] | None,
                 environ: Mapping[str, str] | None = None) -> None:
        self._send = sender.send if isinstance(sender, NotifySocket) else sender
        self._environ = os.environ if environ is None else environ
        self._ready_sent = False

    def interval(self) -> float | None:
        return ping_interval(self._environ) if self._send else None

    def ready(self) -> None:
        if not self._ready_sent:
            self._ready_sent = True
            self._notify("READY=1\nSTATUS=started")

    def heartbeat(self, ami_ok: bool, modem_ok: bool) -> None:
        messages = notifications(self._ready_sent, ami_ok, modem_ok)
        if messages:
            self._notify("\n".join(messages))

    def stopping(self) -> None:
        self._notify("STOPPING=1")

    def _notify(self, message: str) -> None:
        if self._send is None:
            return
        try:
            self._send(message)
        except OSError:
            pass  # systemd gone (shutdown) or not listening: nothing to tell, nothing to lose
