"""`textback demo`: the whole appliance on simulated hardware, with a throw-away database.

The simulated PBX speaks AMI and plays real Asterisk 22 event streams; the simulated modem
sits on a real pseudo-terminal and speaks the Quectel EC25's AT dialect. The agent is the
same code `textback run` starts: only the peers are simulated.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
import tempfile
import threading
from pathlib import Path

from appliance.agent import Agent
from appliance.config import Config, load_config
from appliance.sms.simulator import ControlServer, ModemSimulator, control_socket_for
from appliance.telephony.simulated_pbx import SimulatedPbx
from appliance.telephony.test_call import place_test_call
from appliance.telephony.calls import ami_settings

DEMO_CALLERS = ["+15125550123", "+15125550145", "+15125550178", "+15125550190", "+15125550111"]
SHOW_SENT_EVERY = 0.2


async def run_demo(data_dir: str | None = None, calls: int = 0, exit_after: float | None = None,
                   out=print) -> int:
    directory = Path(data_dir or tempfile.mkdtemp(prefix="textback-demo-"))
    directory.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(18)
    async with SimulatedPbx(username="textback", secret=secret, ring_seconds=1.0) as pbx:
        with ModemSimulator(directory, "ec25") as modem:
            control = ControlServer(modem, control_socket_for(modem.path)).start()
            try:
                config = load_config(write_demo_config(directory, pbx.port, secret, modem.path, _free_port()))
                admin = AdminServer(config)
                try:
                    await _run(config, modem, admin, calls, exit_after, out)
                finally:
                    admin.close()
            finally:
                control.stop()
    return 0


def write_demo_config(directory: Path, ami_port: int, secret: str, modem_port: Path, web_port: int) -> Path:
    path = directory / "textback.toml"
    path.write_text(f"""# Written by `textback demo`: a simulated PBX and modem, a throw-away database.
[business]
name = "Demo Plumbing & Heating"
trade = "plumbing"
timezone = "America/Chicago"
phone = "+15125550100"
hours = "mon-sun 00:00-23:59"

[asterisk]
host = "127.0.0.1"
port = {ami_port}
username = "textback"
secret = "{secret}"
cdr_path = ""

[modem]
port = "{modem_port}"
seconds_between_sends = 1

[storage]
database = "{directory / 'textback.db'}"

[web]
bind = "127.0.0.1"
port = {web_port}
""")
    path.chmod(0o600)
    return path


class AdminServer:
    """The admin page, served by waitress in a thread of the demo process."""

    def __init__(self, config: Config) -> None:
        from waitress import create_server

        from web.app import create_app

        app = create_app(config)
        self.setup_code = app.extensions["textback"].setup_code
        self._server = create_server(app, host=config.web.bind, port=config.web.port, threads=4)
        self.url = f"http://{config.web.bind}:{config.web.port}/"
        self._thread = threading.Thread(target=self._server.run, name="admin", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.close()


def _free_port(preferred: int = 8080) -> int:
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise OSError("no free TCP port on 127.0.0.1")


async def _run(config: Config, modem: ModemSimulator, admin: AdminServer, calls: int,
               exit_after: float | None, out) -> None:
    agent = Agent(config)
    tasks = [asyncio.create_task(agent.run(), name="agent"),
             asyncio.create_task(_show_sent(modem, out), name="show-sent")]
    _print_instructions(config, admin, out)
    for number in DEMO_CALLERS[:calls]:
        out(await place_test_call(ami_settings(config), number, did=config.business.phone))
    try:
        if exit_after is None:
            await asyncio.gather(*tasks)
        else:
            await asyncio.sleep(exit_after)
    finally:
        agent.stop()
        await asyncio.gather(tasks[0], return_exceptions=True)
        tasks[1].cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await tasks[1]


def _print_instructions(config: Config, admin: AdminServer, out) -> None:
    cli = f".venv/bin/textback --config {config.source}"
    out(f"""
textback demo is running: a simulated PBX on 127.0.0.1:{config.asterisk.port} and a simulated
EC25 modem on {config.modem.port}. Its database is {config.storage.database}.

The admin page: {admin.url}setup/?code={admin.setup_code}
(create the owner account there; the setup code is {admin.setup_code})

In another terminal, be a customer whose call the shop missed:
    {cli} simulate-call +15125550123
then answer the text the shop sends you:
    {cli} simulate-text +15125550123 "STOP"

Every text the modem sends is shown below. Ctrl-C stops the demo.
""")


async def _show_sent(modem: ModemSimulator, out) -> None:
    shown = 0
    while True:
        sent = modem.sent_messages()
        for message in sent[shown:]:
            out(f"[modem] text to {message.number} ({message.parts} part(s)): {message.text}")
        shown = len(sent)
        await asyncio.sleep(SHOW_SENT_EVERY)
