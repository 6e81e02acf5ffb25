"""A GSM modem simulator on a real pseudo-terminal, for tests, benches and `textback demo`.

The driver reaches it through pyserial exactly like a USB modem, at a stable path: a symlink
``<directory>/<name>`` -> /dev/pts/N. Unplugging is simulated by removing the symlink and
closing the pty; plugging back in by a new pty behind the same symlink.

All control methods are thread-safe. Run it as a process with
``python -m appliance.sms.simulator --dir DIR [--dialect sim800] [--control SOCKET]``.
"""

from __future__ import annotations

import argparse
import os
import select
import signal
import threading
import time
import tty
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from appliance.sms.sim_control import ControlClient, ControlServer, control_socket_for
from appliance.sms.sim_device import Instant, SentSms, SimulatedModem
from appliance.sms.sim_dialects import DIALECTS, Dialect

__all__ = ["ControlClient", "ControlServer", "ModemSimulator", "control_socket_for", "main"]

_IDLE_WAIT = 0.5  # the loop wakes at least this often; real work is woken by data or a request
_MAX_BUFFERED = 65536


def _now() -> Instant:
    return Instant(monotonic=time.monotonic(), wall=datetime.now(timezone.utc))


class ModemSimulator:
    def __init__(self, directory: str | Path, dialect: str | Dialect = "sim800", *,
                 name: str = "modem", pin: str | None = None, sim_busy_commands: int = 0,
                 boot_delay: float = 0.05, noise_interval: float = 1.0,
                 report_delay: float = 0.05) -> None:
        chosen = DIALECTS[dialect] if isinstance(dialect, str) else dialect
        self.path = Path(directory) / name
        self.dialect = chosen
        self._device = SimulatedModem(chosen, pin=pin, sim_busy_commands=sim_busy_commands,
                                      boot_delay=boot_delay, noise_interval=noise_interval,
                                      report_delay=report_delay)
        self._lock = threading.Lock()
        self._sent_changed = threading.Condition(self._lock)
        self._master: int | None = None
        self._slave: int | None = None  # held open so the master never sees EIO between opens
        self._outgoing = bytearray()
        self._requests: list[tuple[Callable[[], None], threading.Event]] = []
        self._wake_read, self._wake_write = os.pipe()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=f"modem-sim-{chosen.name}", daemon=True)

    # ------------------------------------------------------------ lifecycle

    def start(self) -> ModemSimulator:
        self._plug_in()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping = True
        self._wake()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self._unplug()
        os.close(self._wake_read)
        os.close(self._wake_write)

    def __enter__(self) -> ModemSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ control API

    def inject_sms(self, sender: str, text: str, when: datetime | None = None) -> None:
        """A text from ``sender`` reaches the modem (several parts if long)."""
        with self._lock:
            self._device.inject_sms(sender, text, when or datetime.now(timezone.utc))
        self._wake()

    def inject_pdu(self, pdu_hex: str) -> None:
        """A raw SMS-DELIVER PDU (with its SMSC field) reaches the modem."""
        with self._lock:
            self._device.inject_pdu(pdu_hex)
        self._wake()

    def sent_messages(self) -> list[SentSms]:
        with self._lock:
            return self._device.sent_messages()

    def wait_for_sent(self, count: int, timeout: float) -> list[SentSms]:
        """Block until at least ``count`` messages were sent (or ``timeout``); return them all."""
        deadline = time.monotonic() + timeout
        with self._sent_changed:
            while len(self._device.sent_messages()) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._sent_changed.wait(remaining)
            return self._device.sent_messages()

    def stored(self, storage: str | None = None) -> dict[int, str]:
        """index -> PDU of what the modem holds (the receive storage by default)."""
        with self._lock:
            return self._device.stored(storage)

    def set_signal(self, csq: int) -> None:
        with self._lock:
            self._device.set_signal(csq)

    def set_registration(self, stat: int) -> None:
        """27.007 <stat>: 1 home, 5 roaming, 2 searching, 0 not searching, 3 denied."""
        with self._lock:
            self._device.set_registration(stat)

    def set_delivery_status(self, status_code: int) -> None:
        """TP-ST of the status reports to come (0x00 delivered, 0x46 expired, ...)."""
        with self._lock:
            self._device.set_delivery_status(status_code)

    def remove_sim(self) -> None:
        with self._lock:
            self._device.remove_sim()

    def insert_sim(self) -> None:
        with self._lock:
            self._device.insert_sim()
        self._wake()

    def fail_next_sends(self, code: int, count: int = 1, after: int = 0) -> None:
        """After ``after`` good ones, the next ``count`` AT+CMGS answer +CMS ERROR: ``code``
        (38 network out of order, 500 unknown, 304 invalid PDU ...)."""
        with self._lock:
            self._device.fail_next_sends(code, count, after)

    def corrupt_next_reads(self, count: int = 1) -> None:
        """Noise garbles the next ``count`` PDUs the modem prints for AT+CMGR."""
        with self._lock:
            self._device.corrupt_next_reads(count)

    def hang_after_next_send(self) -> None:
        """The next message reaches the network, then the modem wedges before answering +CMGS."""
        with self._lock:
            self._device.hang_after_next_send()

    def garble_next_send_reply(self) -> None:
        """The next message reaches the network; its +CMGS answer arrives without a readable reference."""
        with self._lock:
            self._device.garble_next_send_reply()

    def hang(self) -> None:
        """Wedge the modem until AT+CFUN=1,1 or a power cycle (vanish + reappear)."""
        with self._lock:
            self._device.hang()

    def reboot(self) -> None:
        """The modem restarts on its own (brown-out, firmware crash) while the port stays."""
        with self._lock:
            self._device.power_on(_now())
        self._wake()

    def garbage(self, data: bytes) -> None:
        """Put raw bytes on the line, now."""
        with self._lock:
            self._device.garbage(data)
        self._wake()

    def vanish(self) -> None:
        """USB cable pulled: the path disappears, open descriptors fail, the modem loses power."""
        self._in_thread(self._unplug)

    def reappear(self) -> None:
        """USB cable plugged back: a new pty behind the same path; the modem boots."""
        self._in_thread(self._plug_in)

    # ------------------------------------------------------------ the pty

    def _plug_in(self) -> None:
        master, slave = os.openpty()
        tty.setraw(slave)  # no CR/LF translation, no line-discipline echo: bytes pass untouched
        os.set_blocking(master, False)
        temporary = self.path.with_name(self.path.name + ".new")
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(os.ttyname(slave))
        os.replace(temporary, self.path)
        with self._lock:
            self._master, self._slave = master, slave
            self._outgoing.clear()
            self._device.power_on(_now())

    def _unplug(self) -> None:
        self.path.unlink(missing_ok=True)
        with self._lock:
            self._device.power_off()
            for descriptor in (self._master, self._slave):
                if descriptor is not None:
                    os.close(descriptor)
            self._master = self._slave = None
            self._outgoing.clear()

    def _in_thread(self, action: Callable[[], None]) -> None:
        """Run ``action`` on the simulator thread (it owns the descriptors) and wait for it."""
        done = threading.Event()
        with self._lock:
            self._requests.append((action, done))
        self._wake()
        if not done.wait(timeout=5):
            raise TimeoutError("modem simulator thread did not respond")

    def _wake(self) -> None:
        try:
            os.write(self._wake_write, b"!")
        except OSError:
            pass  # stopped: nothing to wake

    # ------------------------------------------------------------ the loop

    def _run(self) -> None:
        while not self._stopping:
            self._serve_requests()
            with self._lock:
                master = self._master
                due = self._device.next_due()
            wait = _IDLE_WAIT if due is None else max(0.0, min(_IDLE_WAIT, due - time.monotonic()))
            readers = [self._wake_read] + ([master] if master is not None else [])
            writers = [master] if master is not None and self._outgoing else []
            readable, writable, _ = select.select(readers, writers, [], wait)
            if self._wake_read in readable:
                os.read(self._wake_read, 4096)
            if master is not None and master in readable:
                self._read_from_driver(master)
            with self._lock:
                sent_before = len(self._device.sent_messages())
                self._device.tick(_now())
                self._outgoing += self._device.take_output()
                del self._outgoing[:-_MAX_BUFFERED]  # nobody reading for ages: keep the latest only
                if len(self._device.sent_messages()) != sent_before:
                    self._sent_changed.notify_all()
            if master is not None and (writable or self._outgoing):
                self._write_to_driver(master)

    def _serve_requests(self) -> None:
        with self._lock:
            requests, self._requests = self._requests, []
        for action, done in requests:
            action()
            done.set()

    def _read_from_driver(self, master: int) -> None:
        try:
            data = os.read(master, 4096)
        except (BlockingIOError, OSError):
            return
        with self._lock:
            sent_before = len(self._device.sent_messages())
            self._device.receive(data, _now())
            if len(self._device.sent_messages()) != sent_before:
                self._sent_changed.notify_all()

    def _write_to_driver(self, master: int) -> None:
        with self._lock:
            if not self._outgoing:
                return
            try:
                written = os.write(master, self._outgoing)
            except (BlockingIOError, OSError):
                return  # nobody reading and the pty buffer is full: keep it for later
            del self._outgoing[:written]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run a simulated GSM modem on a pseudo-terminal.")
    parser.add_argument("--dir", required=True, help="directory for the port symlink")
    parser.add_argument("--dialect", choices=sorted(DIALECTS), default="sim800")
    parser.add_argument("--name", default="modem", help="symlink name inside --dir")
    parser.add_argument("--control", help="UNIX socket for the JSON-lines control server "
                                          "(default: <port>.control next to the port)")
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with ModemSimulator(args.dir, args.dialect, name=args.name) as simulator:
        server = ControlServer(simulator, args.control or control_socket_for(simulator.path)).start()
        print(f"{args.dialect} modem on {simulator.path}, control socket {server.socket_path}", flush=True)
        stop.wait()
        server.stop()


if __name__ == "__main__":
    main()
