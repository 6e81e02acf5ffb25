"""Control a running modem simulator from another process, over a UNIX socket, in JSON lines.

Each request is one JSON object on one line with an "op"; each answer is one line:
{"ok": true, ...} or {"ok": false, "error": "..."}. Operations:

    {"op": "inject", "from": "+15125550123", "text": "Hi", "when": "2026-01-01T10:00:00+00:00"}
    {"op": "inject_pdu", "pdu": "07911326..."}
    {"op": "sent"}                       -> {"ok": true, "sent": [{"number":..., "text":...}, ...]}
    {"op": "stored"}                     -> {"ok": true, "stored": {"1": "0791..."}}
    {"op": "set_signal", "csq": 12}      {"op": "set_registration", "stat": 2}
    {"op": "set_delivery_status", "code": 70}
    {"op": "fail_next_sends", "code": 38, "count": 1, "after": 0}
    {"op": "remove_sim"} {"op": "insert_sim"} {"op": "hang"} {"op": "hang_after_next_send"}
    {"op": "reboot"}
    {"op": "corrupt_next_reads", "count": 1}
    {"op": "vanish"} {"op": "reappear"}
    {"op": "garbage", "hex": "fffe00"}

The socket is created mode 0600: only its owner may drive the simulator.
"""

from __future__ import annotations

import json
import os
import socket
import socketserver
import threading
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from appliance.sms.simulator import ModemSimulator


def control_socket_for(port: str | Path) -> Path:
    """Where a simulator serves its control socket by default: next to its port symlink."""
    port = Path(port)
    return port.with_name(port.name + ".control")


def _sent_as_json(simulator: ModemSimulator) -> dict[str, Any]:
    sent = []
    for message in simulator.sent_messages():
        record = asdict(message)
        record["command_wall"] = [moment.isoformat() for moment in message.command_wall]
        sent.append(record)
    return {"sent": sent}


def _inject(simulator: ModemSimulator, request: dict[str, Any]) -> dict[str, Any]:
    when = datetime.fromisoformat(request["when"]) if request.get("when") else None
    simulator.inject_sms(str(request["from"]), str(request["text"]), when)
    return {}


_OPERATIONS = {
    "inject": _inject,
    "inject_pdu": lambda sim, req: sim.inject_pdu(str(req["pdu"])),
    "sent": lambda sim, req: _sent_as_json(sim),
    "stored": lambda sim, req: {"stored": {str(k): v for k, v in sim.stored(req.get("storage")).items()}},
    "set_signal": lambda sim, req: sim.set_signal(int(req["csq"])),
    "set_registration": lambda sim, req: sim.set_registration(int(req["stat"])),
    "set_delivery_status": lambda sim, req: sim.set_delivery_status(int(req["code"])),
    "fail_next_sends": lambda sim, req: sim.fail_next_sends(int(req["code"]), int(req.get("count", 1)),
                                                            int(req.get("after", 0))),
    "reboot": lambda sim, req: sim.reboot(),
    "corrupt_next_reads": lambda sim, req: sim.corrupt_next_reads(int(req.get("count", 1))),
    "remove_sim": lambda sim, req: sim.remove_sim(),
    "insert_sim": lambda sim, req: sim.insert_sim(),
    "hang": lambda sim, req: sim.hang(),
    "hang_after_next_send": lambda sim, req: sim.hang_after_next_send(),
    "vanish": lambda sim, req: sim.vanish(),
    "reappear": lambda sim, req: sim.reappear(),
    "garbage": lambda sim, req: sim.garbage(bytes.fromhex(str(req["hex"]))),
}


def handle_request(simulator: ModemSimulator, line: bytes) -> dict[str, Any]:
    """One request line to one answer; a bad request gets an error answer, never an exception."""
    try:
        request = json.loads(line)
        operation = _OPERATIONS[request["op"]]
    except (ValueError, KeyError, TypeError):
        return {"ok": False, "error": f"not a known request: {line[:200]!r}; ops: {sorted(_OPERATIONS)}"}
    try:
        return {"ok": True, **(operation(simulator, request) or {})}
    except (KeyError, ValueError, TypeError) as error:
        return {"ok": False, "error": f"bad arguments for {request['op']}: {error}"}


class ControlServer:
    def __init__(self, simulator: ModemSimulator, socket_path: str | Path) -> None:
        self.socket_path = Path(socket_path)
        self._simulator = simulator

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                for line in self.rfile:
                    if line.strip():
                        answer = handle_request(simulator, line)
                        self.wfile.write(json.dumps(answer).encode() + b"\n")

        self.socket_path.unlink(missing_ok=True)
        old_umask = os.umask(0o177)
        try:
            self._server = socketserver.ThreadingUnixStreamServer(str(self.socket_path), Handler)
        finally:
            os.umask(old_umask)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="modem-sim-control",
                                        daemon=True)

    def start(self) -> ControlServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.socket_path.unlink(missing_ok=True)


class ControlClient:
    """Drives a simulator in another process: what `textback simulate-text` and tests use."""

    def __init__(self, socket_path: str | Path, timeout: float = 5.0) -> None:
        self.socket_path = Path(socket_path)
        self._timeout = timeout

    def request(self, message: dict[str, Any]) -> dict[str, Any]:
        """Send one request, return the answer. RuntimeError with the simulator's explanation
        when it refuses; OSError when no simulator listens there."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(self._timeout)
            connection.connect(str(self.socket_path))
            connection.sendall(json.dumps(message).encode() + b"\n")
            answer = json.loads(connection.makefile("rb").readline())
        if not answer.get("ok"):
            raise RuntimeError(answer.get("error", "the simulator refused the request"))
        return answer

    def inject(self, sender: str, text: str) -> None:
        """A customer texts the shop."""
        self.request({"op": "inject", "from": sender, "text": text})

    def sent(self) -> list[dict[str, Any]]:
        """Every message the driver sent, decoded: number, text, parts, refs, command_at ..."""
        return self.request({"op": "sent"})["sent"]
