"""A real Asterisk 22 for tests, run from the Debian sid root that build-root.sh makes.

`AsteriskInstance` writes a private config tree inside the root (its own etc,
run, log, spool and db directories, so several instances and other people's
runs never share state), starts `chroot ROOT asterisk -f` in a private mount
namespace (the /proc mount it needs vanishes with the process, even if the
test run is killed), and waits until AMI answers and Asterisk is FullyBooted.

The dialplan is OUR asterisk-config/extensions_textback.conf plus the
test-only tests/asterisk/extensions_test.conf (carrier, phones, queue). The
agent's AMI account is asterisk-config/manager.conf's [textback] user with a
random secret; the harness adds an all-rights [harness] user for itself.

Calls are placed with `place_call`, which plays the carrier: an AMI Originate
of Local/<DID>@<context> whose first half is the caller.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from appliance.telephony.wire import (
    AmiMessage,
    format_message,
    parse_message,
    split_messages,
    variable_header,
)

REPO = Path(__file__).resolve().parents[2]
CONFIG_DIR = REPO / "asterisk-config"
TEST_DIALPLAN = Path(__file__).with_name("extensions_test.conf")
BUILD_SCRIPT = Path(__file__).with_name("build-root.sh")
DEFAULT_ROOT = Path("/var/cache/textback/asterisk-root")
MARKER = ".textback-root-ready"
SECRET_PLACEHOLDER = "TEXTBACK_AMI_SECRET_NOT_SET"
AGENT_USER = "textback"
HARNESS_USER = "harness"

# Only what the dialplans use: no SIP stack, no HTTP, nothing listening but AMI.
MODULES = [
    "pbx_config.so",
    "app_dial.so",
    "app_stack.so",  # Gosub/Return: hangup handlers
    "app_userevent.so",
    "app_read.so",  # the on-call bridge waits for the technician to press 1
    "app_senddtmf.so",  # the test technician presses 1
    "app_queue.so",
    "app_voicemail.so",
    "func_callerid.so",
    "func_channel.so",
    "func_strings.so",
    "func_logic.so",
    "func_cdr.so",
    "res_cdrel_custom.so",  # cdr_custom needs it since Asterisk 22.x
    "cdr_custom.so",
    "bridge_simple.so",  # connects a caller to the phone that answered
    "format_wav.so",  # voicemail recordings
    "format_gsm.so",  # the prompts VoiceMail plays
    "codec_gsm.so",
]

# Always open unless a test says otherwise; the phones of extensions_test.conf.
TEST_GLOBALS = {
    "TEXTBACK_RINGGROUP": "Local/ring@phones&Local/ring2@phones",
    "TEXTBACK_RINGTIME": "3",
    "TEXTBACK_OPEN_HOURS": "*,*,*,*",
    "TEXTBACK_VOICEMAIL": "",
    "TEXTBACK_OUTBOUND_CONTEXT": "from-internal",
}
# GotoIfTime spec that never matches (the 31st of February): always after hours.
NEVER_OPEN = "*,*,31,feb"


class AsteriskError(RuntimeError):
    pass


def asterisk_root() -> Path:
    return Path(os.environ.get("TEXTBACK_ASTERISK_ROOT", DEFAULT_ROOT))


def ensure_root(root: Path | None = None) -> Path:
    """Build the sid root if needed (instant when it exists) and return it."""
    root = root or asterisk_root()
    if not (root / MARKER).exists():
        env = dict(os.environ, TEXTBACK_ASTERISK_ROOT=str(root))
        subprocess.run(["bash", str(BUILD_SCRIPT)], check=True, env=env, timeout=900)
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class AmiAccount:
    host: str
    port: int
    username: str
    secret: str


class AmiSession:
    """A small blocking AMI session for the harness: readiness and Originate.

    Kept apart from the appliance's AmiClient so that the client under test
    never drives its own scenarios.
    """

    def __init__(self, account: AmiAccount, timeout: float = 5.0, events: str = "system") -> None:
        self._sock = socket.create_connection((account.host, account.port), timeout=timeout)
        self._buffer = ""
        self._pending: list[AmiMessage] = []
        self.banner = self._read_line()
        self._action_counter = 0
        # The harness's own session takes system events only (FullyBooted) and
        # switches them off once booted: unread events would pile up and make
        # Asterisk drop the session.
        response = self.action(
            {"Action": "Login", "Username": account.username, "Secret": account.secret, "Events": events}
        )
        if response.get("Response") != "Success":
            self.close()
            raise AsteriskError(f"harness login as {account.username} failed: {response}")

    def _read_line(self) -> str:
        while "\r\n" not in self._buffer:
            self._receive()
        line, self._buffer = self._buffer.split("\r\n", 1)
        return line

    def _receive(self) -> None:
        chunk = self._sock.recv(65536)
        if not chunk:
            raise AsteriskError("AMI closed the connection")
        self._buffer += chunk.decode("utf-8", "replace")

    def _next_message(self) -> AmiMessage:
        while not self._pending:
            blocks, self._buffer = split_messages(self._buffer)
            self._pending = [parse_message(block) for block in blocks]
            if not self._pending:
                self._receive()
        return self._pending.pop(0)

    def action(self, fields: dict[str, str], variables: dict[str, str] | None = None) -> AmiMessage:
        self._action_counter += 1
        action_id = f"harness-{self._action_counter}"
        pairs = [*fields.items(), ("ActionID", action_id)]
        pairs += [("Variable", variable_header(name, value)) for name, value in (variables or {}).items()]
        self._sock.sendall(format_message(pairs).encode())
        while True:
            message = self._next_message()
            if message.get("ActionID") == action_id and "Response" in message:
                return message

    def next_event(self, timeout: float) -> AmiMessage | None:
        """The next event, or None after `timeout` seconds without one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                message = self._next_message()
            except TimeoutError:
                return None
            if "Event" in message:
                return message
        return None

    def wait_event(self, name: str, timeout: float) -> AmiMessage:
        deadline = time.monotonic() + timeout
        while (event := self.next_event(max(0.0, deadline - time.monotonic()))) is not None:
            if event.get("Event") == name:
                return event
        raise AsteriskError(f"no {name} event within {timeout} s")

    def close(self) -> None:
        self._sock.close()


@dataclass
class AsteriskInstance:
    """One private Asterisk. Use as a context manager, or start()/close()."""

    root: Path = field(default_factory=asterisk_root)
    extra_globals: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)

    def __post_init__(self) -> None:
        self.name = f"textback-test-{os.getpid()}-{secrets.token_hex(3)}"
        self.inner_dir = Path("/") / "textback-tests" / self.name  # as Asterisk sees it
        self.dir = self.root / self.inner_dir.relative_to("/")  # as we see it
        self.agent = AmiAccount("127.0.0.1", self.port, AGENT_USER, secrets.token_urlsafe(24))
        self.admin = AmiAccount("127.0.0.1", self.port, HARNESS_USER, secrets.token_urlsafe(24))
        self.process: subprocess.Popen | None = None
        self._session: AmiSession | None = None

    # -- files -------------------------------------------------------------

    @property
    def cdr_path(self) -> Path:
        return self.dir / "log" / "cdr-custom" / "textback.csv"

    def agent_config(self) -> dict[str, object]:
        """The agent's [asterisk] config section for this instance (for make_config(asterisk=...))."""
        return {
            "host": self.agent.host,
            "port": self.agent.port,
            "username": self.agent.username,
            "secret": self.agent.secret,
            "cdr_path": str(self.cdr_path),
        }

    @property
    def log_path(self) -> Path:
        return self.dir / "asterisk.out"

    def _write_config(self) -> None:
        etc = self.dir / "etc"
        for sub in ("etc", "run", "log/cdr-custom", "spool", "db", "cache"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        inner = self.inner_dir
        (etc / "asterisk.conf").write_text(
            "[directories]\n"
            f"astetcdir => {inner}/etc\n"
            "astmoddir => /usr/lib/x86_64-linux-gnu/asterisk/modules\n"
            f"astvarlibdir => {inner}/db\n"
            f"astdbdir => {inner}/db\n"
            f"astkeydir => {inner}/db\n"
            "astdatadir => /usr/share/asterisk\n"
            "astagidir => /usr/share/asterisk/agi-bin\n"
            f"astspooldir => {inner}/spool\n"
            f"astrundir => {inner}/run\n"
            f"astlogdir => {inner}/log\n"
            f"astcachedir => {inner}/cache\n"
            "astsbindir => /usr/sbin\n"
            "[options]\n"
            "verbose = 3\n"
        )
        (etc / "modules.conf").write_text(
            "[modules]\nautoload = no\n" + "".join(f"load = {module}\n" for module in MODULES)
        )
        (etc / "logger.conf").write_text("[general]\n[logfiles]\nmessages.log => notice,warning,error,verbose\n")
        (etc / "manager.conf").write_text(self._manager_conf())
        for name in ("extensions_textback.conf", "extensions_textback_globals.conf", "cdr.conf", "cdr_custom.conf"):
            shutil.copy(CONFIG_DIR / name, etc / name)
        shutil.copy(TEST_DIALPLAN, etc / "extensions_test.conf")
        settings = {**TEST_GLOBALS, **self.extra_globals}
        (etc / "extensions.conf").write_text(
            "[general]\nstatic = yes\nwriteprotect = yes\nclearglobalvars = yes\n\n"
            "[globals]\n"
            '#include "extensions_textback_globals.conf"\n'
            + "".join(f"{name}={value}\n" for name, value in settings.items())
            + '\n#include "extensions_textback.conf"\n#include "extensions_test.conf"\n'
        )
        (etc / "voicemail.conf").write_text(
            f"[general]\nformat = wav\nmaxsecs = 30\n\n[default]\n100 => {secrets.randbelow(10**6):06d},Shop\n"
        )
        (etc / "queues.conf").write_text(
            "[general]\n\n[support]\nstrategy = ringall\ntimeout = 5\nretry = 1\nmember => Local/ring@phones\n"
        )

    def _manager_conf(self) -> str:
        """asterisk-config/manager.conf as shipped, with our port and secret, plus our own user."""
        shipped = (CONFIG_DIR / "manager.conf").read_text()
        if SECRET_PLACEHOLDER not in shipped or "port = 5038" not in shipped:
            raise AsteriskError("asterisk-config/manager.conf lost its secret placeholder or port line")
        rendered = shipped.replace(SECRET_PLACEHOLDER, self.agent.secret).replace(
            "port = 5038", f"port = {self.port}"
        )
        return rendered + (
            f"\n[{HARNESS_USER}]\nsecret = {self.admin.secret}\n"
            "deny = 0.0.0.0/0.0.0.0\npermit = 127.0.0.1/255.255.255.255\n"
            "read = all\nwrite = all\n"
        )

    # -- process -----------------------------------------------------------

    def start(self, timeout: float = 60.0) -> AsteriskInstance:
        if not (self.root / MARKER).exists():
            raise AsteriskError(f"no Asterisk root at {self.root}: run tests/asterisk/build-root.sh")
        self._write_config()
        with open(self.log_path, "ab") as log:
            # A private mount namespace: the /proc mount lives and dies with Asterisk.
            self.process = subprocess.Popen(
                [
                    "unshare", "--mount", "--propagation", "private", "--",
                    "sh", "-c", 'mount -t proc proc "$1/proc" && exec chroot "$1" asterisk -f -n -C "$2"',
                    "sh", str(self.root), f"{self.inner_dir}/etc/asterisk.conf",
                ],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            self._wait_fully_booted(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_fully_booted(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AsteriskError(f"Asterisk exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                session = AmiSession(self.admin, timeout=2.0)
            except OSError:
                time.sleep(0.1)
                continue
            try:
                session.wait_event("FullyBooted", timeout=max(0.1, deadline - time.monotonic()))
                session.action({"Action": "Events", "EventMask": "off"})
            except BaseException:
                session.close()
                raise
            self._session = session
            return
        raise AsteriskError(f"Asterisk did not answer AMI within {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 15.0) -> None:
        if self._session:
            self._session.close()
            self._session = None
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def restart(self, timeout: float = 60.0) -> None:
        """Stop and start again on the same port with the same accounts."""
        self.stop()
        self.start(timeout)

    def close(self) -> None:
        self.stop()
        if not os.environ.get("TEXTBACK_KEEP_ASTERISK"):
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def log_tail(self, lines: int = 40) -> str:
        text = ""
        for path in (self.log_path, self.dir / "log" / "messages.log"):
            if path.exists():
                text += "".join(path.read_text(errors="replace").splitlines(keepends=True)[-lines:])
        return text

    # -- calls -------------------------------------------------------------

    def admin_session(self) -> AmiSession:
        if self._session is None:
            raise AsteriskError("Asterisk is not running")
        return self._session

    def place_call(
        self,
        did: str,
        caller_id: str,
        *,
        context: str = "from-trunk",
        give_up_after: float = 30.0,
        variables: dict[str, str] | None = None,
    ) -> None:
        """Play the carrier: a call from `caller_id` to `did` in `context`.

        The caller hangs up after `give_up_after` seconds if nobody (person or
        voicemail) has answered by then; once answered, it stays 3 s.
        `variables` become channel variables of the call (they override the
        TEXTBACK_* globals). Returns as soon as Asterisk has queued the call.
        """
        response = self.admin_session().action(
            {
                "Action": "Originate",
                "Channel": f"Local/{did}@{context}",
                "Context": "caller",
                "Exten": "s",
                "Priority": "1",
                "CallerID": caller_id,
                "Timeout": str(int(give_up_after * 1000)),
                "Async": "true",
            },
            variables,
        )
        if response.get("Response") != "Success":
            raise AsteriskError(f"Originate refused: {response}")

    def place_trunk_call(
        self, did: str, caller_id: str, *, context: str, hang_up_after: float, variables: dict[str, str] | None = None
    ) -> None:
        """A call whose root channel runs `context` itself, as a SIP trunk's channel
        would (place_call's root is the caller's half of a Local channel instead).

        The root is answered from the start (the caller's handset, in
        [from-trunk-line], picks up at once), so only our dialplan's UserEvent
        and caller ID are meaningful here, not answer-based reasons. Caller ID
        presentation set through `variables` (CALLERID(num-pres)) applies to the
        root, as a trunk's would.
        """
        response = self.admin_session().action(
            {
                "Action": "Originate",
                "Channel": "Local/s@from-trunk-line",
                "Context": context,
                "Exten": did,
                "Priority": "1",
                "CallerID": caller_id,
                "Async": "true",
            },
            {"CALLER_PATIENCE": str(hang_up_after), **(variables or {})},
        )
        if response.get("Response") != "Success":
            raise AsteriskError(f"Originate refused: {response}")
