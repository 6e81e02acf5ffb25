"""Doctor: the Asterisk Manager Interface, as the agent will use it.

One short AMI session with the agent's own account: reachable, the secret accepted, no more
rights than it needs (a CLI `Command` must be refused), AMI listening on loopback only, and
our dialplan loaded. The last is proven with the one right the account has: an Originate
into ``textback-nobody`` (a context of our include that rings nobody) for 1.5 s. Asterisk
answers OriginateResponse Reason 3 (rang, no answer) when the context exists and Reason 0
when it does not. The probe's caller ID is not a phone number, so no text-back follows.
"""

from __future__ import annotations

import ipaddress
import itertools
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass

from appliance.config import Asterisk
from appliance.ops.report import Check, failed, passed, skipped
from appliance.telephony.wire import AmiMessage, format_message, parse_message, split_messages

MANAGER_CONF = "/etc/asterisk/manager.conf"
PLACEHOLDER = "TEXTBACK_AMI_SECRET_NOT_SET"
PROBE_CONTEXT = "textback-nobody"
REASON_NO_SUCH_EXTENSION = "0"
TCP_LISTEN = "0A"


class AmiProbeError(OSError):
    pass


@dataclass(frozen=True)
class Listener:
    address: str
    port: int


# -- pure -----------------------------------------------------------------------------------

def judge_reachable(host: str, port: int, banner: str | None, error: str | None) -> Check:
    name = "AMI reachable"
    if error is not None:
        return failed(name, f"cannot connect to {host}:{port}: {error}",
                      "start Asterisk (systemctl start asterisk) and check [general] in "
                      f"{MANAGER_CONF}: enabled = yes, port = {port}, bindaddr = 127.0.0.1")
    if not banner or not banner.startswith("Asterisk Call Manager"):
        return failed(name, f"{host}:{port} answered {banner!r}, not Asterisk's manager interface",
                      f"set asterisk.port to the port in {MANAGER_CONF} (usually 5038)")
    return passed(name, f"{banner} on {host}:{port}")


def judge_login(username: str, secret: str, response: AmiMessage | None) -> Check:
    name = "AMI login"
    fix = (f"make asterisk.secret in the textback config equal secret = under [{username}] in "
           f"{MANAGER_CONF} (install.sh writes both), then: asterisk -rx 'manager reload'")
    if not secret or secret == PLACEHOLDER:
        return failed(name, "asterisk.secret is not set in the textback config", fix)
    if response is None:
        return failed(name, "Asterisk did not answer the login", fix)
    if response.get("Response") != "Success":
        return failed(name, f"Asterisk refused user {username!r}: {response.get('Message', 'no reason given')}", fix)
    return passed(name, f"logged in as {username}")


def judge_permissions(username: str, response: AmiMessage | None) -> Check:
    name = "AMI permissions"
    if response is not None and response.get("Message") == "Permission denied":
        return passed(name, f"{username} may not run CLI commands (least privilege)")
    return failed(name, f"{username} may run any Asterisk CLI command through AMI",
                  f"under [{username}] in {MANAGER_CONF} set: read = call,user,agent and write = originate")


def judge_bind(host: str, port: int, listeners: list[Listener]) -> Check:
    name = "AMI on loopback"
    if not ipaddress.ip_address(_resolve(host)).is_loopback:
        return failed(name, f"the agent reaches AMI at {host}, over the network: the secret travels unencrypted",
                      "run textback on the Asterisk machine and set asterisk.host = \"127.0.0.1\"")
    on_port = [listener.address for listener in listeners if listener.port == port]
    if not on_port:
        return skipped(name, f"Asterisk's listening socket for port {port} is not visible from here")
    exposed = [address for address in on_port if not ipaddress.ip_address(address).is_loopback]
    if exposed:
        return failed(name, f"AMI listens on {', '.join(exposed)}:{port}, reachable from the network",
                      f"set bindaddr = 127.0.0.1 under [general] in {MANAGER_CONF}, then restart Asterisk")
    return passed(name, f"listens on {', '.join(on_port)}:{port} only")


def judge_dialplan(queued: AmiMessage | None, outcome: AmiMessage | None) -> Check:
    name = "dialplan include"
    if queued is None or queued.get("Response") != "Success":
        message = (queued or {}).get("Message", "no answer")
        return failed(name, f"could not test it: Originate was refused ({message})",
                      f"allow the textback AMI user to originate: write = originate in {MANAGER_CONF}")
    if outcome is None:
        return failed(name, "Asterisk never reported how the test call went",
                      "check the Asterisk log (/var/log/asterisk/messages) for errors")
    if outcome.get("Reason") == REASON_NO_SUCH_EXTENSION:
        return failed(name, f"context {PROBE_CONTEXT} is missing: extensions_textback.conf is not loaded",
                      'add #include "extensions_textback.conf" to /etc/asterisk/extensions.conf '
                      "(FreePBX: extensions_custom.conf), then: asterisk -rx 'dialplan reload'")
    return passed(name, f"extensions_textback.conf is loaded (test call into {PROBE_CONTEXT} rang)")


def parse_proc_net_tcp(text: str) -> list[Listener]:
    """Listening sockets from /proc/net/tcp or /proc/net/tcp6."""
    listeners = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 4 or fields[3] != TCP_LISTEN:
            continue
        address_hex, port_hex = fields[1].split(":")
        listeners.append(Listener(_kernel_address(address_hex), int(port_hex, 16)))
    return listeners


def _kernel_address(hex_text: str) -> str:
    """The kernel prints addresses as 32-bit words in host (little-endian) order."""
    raw = bytes.fromhex(hex_text)
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    return str(ipaddress.ip_address(words))


def _resolve(host: str) -> str:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return socket.gethostbyname(host)


# -- I/O ------------------------------------------------------------------------------------

class AmiProbe:
    """A small blocking AMI session: send an action, read its response, wait for one event."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self._sock = socket.create_connection((host, port), timeout=timeout)
        self._timeout = timeout
        self._buffer = ""
        self._messages: list[AmiMessage] = []
        self._ids = itertools.count(1)
        self.banner = self._read_banner()

    def action(self, fields: dict[str, str]) -> AmiMessage | None:
        action_id = f"textback-doctor-{next(self._ids)}"
        self._sock.sendall(format_message({**fields, "ActionID": action_id}).encode())
        return self.wait_for(lambda m: m.get("ActionID") == action_id and "Response" in m and "Event" not in m)

    def wait_for(self, wanted: Callable[[AmiMessage], bool], timeout: float | None = None) -> AmiMessage | None:
        deadline = time.monotonic() + (timeout or self._timeout)
        while True:
            for index, message in enumerate(self._messages):
                if wanted(message):
                    return self._messages.pop(index)
            self._messages.clear()   # events we do not need; keep memory flat on a busy PBX
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self._receive(remaining):
                return None

    def close(self) -> None:
        try:
            self._sock.sendall(format_message({"Action": "Logoff"}).encode())
        except OSError:
            pass
        self._sock.close()

    def _read_banner(self) -> str:
        while "\r\n" not in self._buffer:
            if not self._receive(self._timeout):
                raise AmiProbeError("no greeting")
        banner, self._buffer = self._buffer.split("\r\n", 1)
        return banner

    def _receive(self, wait: float) -> bool:
        self._sock.settimeout(wait)
        try:
            chunk = self._sock.recv(65536)
        except TimeoutError:
            return False
        if not chunk:
            raise AmiProbeError("Asterisk closed the connection")
        self._buffer += chunk.decode("utf-8", "replace")
        blocks, self._buffer = split_messages(self._buffer)
        self._messages += [parse_message(block) for block in blocks]
        return True


def listening_sockets() -> list[Listener]:
    found = []
    for path in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(path) as table:
                found += parse_proc_net_tcp(table.read())
        except OSError:
            continue
    return found


def check_ami(settings: Asterisk, timeout: float = 5.0) -> list[Check]:
    later = ("AMI login", "AMI permissions", "dialplan include")
    try:
        probe = AmiProbe(settings.host, settings.port, timeout)
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        return [judge_reachable(settings.host, settings.port, None, reason),
                *(skipped(name, "AMI is not reachable") for name in later),
                judge_bind(settings.host, settings.port, listening_sockets())]
    try:
        checks = [judge_reachable(settings.host, settings.port, probe.banner, None)]
        login = None
        if settings.secret and settings.secret != PLACEHOLDER:
            login = probe.action({"Action": "Login", "Username": settings.username,
                                  "Secret": settings.secret, "Events": "call"})
        checks.append(judge_login(settings.username, settings.secret, login))
        if checks[-1].failed:
            checks += [skipped(name, "the AMI login failed") for name in later[1:]]
        else:
            checks.append(judge_permissions(settings.username,
                                            probe.action({"Action": "Command", "Command": "core show version"})))
            checks.append(_probe_dialplan(probe))
    except OSError as error:
        checks.append(failed("AMI session", f"the connection broke: {error}",
                             "look at the Asterisk log (/var/log/asterisk/messages)"))
    finally:
        probe.close()
    checks.append(judge_bind(settings.host, settings.port, listening_sockets()))
    return checks


def _probe_dialplan(probe: AmiProbe) -> Check:
    queued = probe.action({"Action": "Originate", "Channel": f"Local/ring@{PROBE_CONTEXT}",
                           "Application": "Wait", "Data": "1", "Timeout": "1500", "Async": "true",
                           "CallerID": '"textback doctor" <0>'})
    outcome = None
    if queued is not None and queued.get("Response") == "Success":
        action_id = queued["ActionID"]
        outcome = probe.wait_for(lambda m: m.get("Event") == "OriginateResponse" and m.get("ActionID") == action_id,
                                 timeout=10)
    return judge_dialplan(queued, outcome)
