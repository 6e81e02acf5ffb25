"""The whole agent as a real process (`textback run`), wired to a real Asterisk and the pty modem.

Tests drive calls through the Asterisk harness, read what the simulated modem sent, and read
the agent's SQLite file. The agent is a subprocess so that tests can kill -9 it.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from appliance.sms.simulator import ModemSimulator
from tests.asterisk.tcp_proxy import StallingProxy

SHOP_NUMBER = "+15125550100"
FAKETIME_LIBRARY = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1")   # Debian: libfaketime


@dataclass
class AgentRig:
    directory: Path
    ami_port: int
    ami_user: str
    ami_secret: str
    cdr_path: Path
    modem: ModemSimulator
    extra_config: str = ""
    process: subprocess.Popen | None = None
    log_file: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_file = self.directory / "agent.log"
        self.config_path = self.directory / "textback.toml"
        self.database = self.directory / "textback.db"
        self.config_path.write_text(f"""
[business]
name = "Lone Star Plumbing"
trade = "plumbing"
timezone = "America/Chicago"
phone = "{SHOP_NUMBER}"
hours = "mon-sun 00:00-23:59"

[asterisk]
host = "127.0.0.1"
port = {self.ami_port}
username = "{self.ami_user}"
secret = "{self.ami_secret}"
cdr_path = "{self.cdr_path}"
watchdog_seconds = 2

[modem]
port = "{self.modem.path}"
seconds_between_sends = 0

[storage]
database = "{self.database}"
{self.extra_config}
""")

    # -- the process ----------------------------------------------------------------

    def start(self, wait: float = 30.0, env: dict[str, str] | None = None) -> AgentRig:
        log = open(self.log_file, "a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "appliance", "--config", str(self.config_path), "run"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **(env or {})},
        )
        self.wait_until(self.ready, wait, "the agent to connect to AMI and the modem")
        return self

    def kill(self) -> None:
        """kill -9: no chance to clean up, as a power cut or OOM kill would do."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_file.exists():
            return ""
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])

    # -- what the agent says about itself ------------------------------------------

    def query(self, sql: str, params: tuple = ()) -> list[dict]:
        if not self.database.exists():
            return []
        conn = sqlite3.connect(self.database, timeout=10)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(row) for row in conn.execute(sql, params)]
        except sqlite3.OperationalError:
            return []          # the agent has not created its schema yet
        finally:
            conn.close()

    def health(self, key: str) -> dict | None:
        rows = self.query("SELECT value FROM health WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else None

    def ready(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"the agent exited with {self.process.returncode}:\n{self.log_tail()}")
        ami, modem = self.health("asterisk"), self.health("modem")
        return bool(ami and ami.get("connected") and modem and modem.get("state") == "ok")

    def texts_to(self, number: str) -> list:
        return [sent for sent in self.modem.sent_messages() if sent.number == number]

    def wait_until(self, predicate, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}\n--- agent log ---\n"
                                     f"{self.log_tail()}")
            time.sleep(0.05)

def rig_for(pbx, modem: ModemSimulator, directory: Path, **kw) -> AgentRig:
    """An agent wired to the harness's Asterisk ``pbx`` with its AMI account and CDR file."""
    return AgentRig(directory, pbx.port, pbx.agent.username, pbx.agent.secret, pbx.cdr_path, modem, **kw)



class AmiLink:
    """The agent's AMI connection runs through here, so a test can take AMI away and bring it
    back while Asterisk itself keeps taking calls: the proxy closes every connection and
    refuses new ones, then listens again on the same port."""

    def __init__(self, target_port: int) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._proxy = StallingProxy("127.0.0.1", target_port)
        self.port = self._call(self._proxy.start())

    def down(self) -> None:
        self._call(self._proxy.close())

    def up(self) -> None:
        self._proxy = StallingProxy("127.0.0.1", self._proxy.target[1], port=self.port)
        self._call(self._proxy.start())

    def close(self) -> None:
        self._call(self._proxy.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(10)


class MovableTime:
    """The agent's wall clock, moved by the test: pass ``env()`` to ``AgentRig.start``.

    libfaketime (Debian's libfaketime) is preloaded into the agent process and adds the offset in
    ``file`` to every wall-clock read: datetime.now, time.time, SQLite, log lines. The agent's code
    is the production code, untouched. The file is re-read on every read (FAKETIME_NO_CACHE), so
    rewriting it moves the clock at once; monotonic time is left real, so asyncio timers, serial
    timeouts and the AMI watchdog keep running at real speed. The offset should stay positive: a
    clock in the future keeps the Asterisk CDR (real times) older than anything the agent knows,
    so nothing in it looks like a call to text back.
    """

    def __init__(self, directory: Path, start: datetime) -> None:
        if not FAKETIME_LIBRARY.exists():
            raise AssertionError(f"{FAKETIME_LIBRARY} is missing: apt-get install libfaketime")
        self.file = directory / "faketime.offset"
        self._offset = timedelta(0)
        self.set(start)

    def set(self, moment: datetime) -> None:
        seconds = round((moment - datetime.now(timezone.utc)).total_seconds())
        staged = self.file.with_suffix(".new")
        staged.write_text(f"{seconds:+d}\n")
        os.replace(staged, self.file)          # never a half-written file: that would read as no offset
        self._offset = timedelta(seconds=seconds)

    def advance(self, **delta: float) -> None:
        self.set(self.now() + timedelta(**delta))

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self._offset

    def env(self) -> dict[str, str]:
        return {"LD_PRELOAD": str(FAKETIME_LIBRARY), "FAKETIME_TIMESTAMP_FILE": str(self.file),
                "FAKETIME_NO_CACHE": "1", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
