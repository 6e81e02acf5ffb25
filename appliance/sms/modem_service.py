"""One thread owns the modem; the asyncio agent talks to it through this service.

pyserial is blocking and a modem does one thing at a time, so a single thread opens it,
sends what the outbox asks, reads what arrives between sends, and reconnects when the port
hangs or vanishes. Received parts are written to the database (through the handed-in
``store_part``) *before* they are deleted from the SIM.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from appliance.sms.inbox import Part
from appliance.sms.errors import ModemError
from appliance.sms.events import IncomingPart, UnreadableMessage
from appliance.sms.modem import Modem
from appliance.sms.pdu import StatusReport
from appliance.store.db import StoreError, describe
from appliance.sms.outbox import SendFailed

log = logging.getLogger(__name__)

RECONNECT_DELAYS = (1, 2, 5, 10, 30)   # seconds; the last repeats
HEALTH_EVERY = 30.0                    # seconds between signal/registration readings
STORE_RETRY_EVERY = 5.0               # seconds between tries to store texts the database refused
IDLE_POLL = 0.05                       # seconds one read waits: bounds how long a send waits its turn


@dataclass
class _SendRequest:
    phone: str
    text: str
    future: concurrent.futures.Future


class ModemService:
    def __init__(self, make_modem: Callable[[], Modem], *,
                 store_part: Callable[[Part], bool],
                 on_parts_stored: Callable[[], None],
                 on_status_report: Callable[[StatusReport], None],
                 on_unreadable: Callable[[UnreadableMessage], None],
                 on_health: Callable[[dict], None]) -> None:
        self._make_modem = make_modem
        self._store_part = store_part
        self._on_parts_stored = on_parts_stored
        self._on_status_report = on_status_report
        self._on_unreadable = on_unreadable
        self._on_health = on_health
        self._requests: queue.Queue[_SendRequest] = queue.Queue()
        self._unstored: list[IncomingPart] = []    # on the SIM, not yet in the database (disk full)
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="modem", daemon=True)

    # -- the asyncio side ---------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def is_ready(self) -> bool:
        return self._ready.is_set()

    async def send(self, phone: str, text: str) -> list[int]:
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._requests.put(_SendRequest(phone, text, future))
        return await asyncio.wrap_future(future)

    # -- the modem thread ---------------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            modem = self._make_modem()
            try:
                modem.open()
                failures = 0
                self._ready.set()
                self._report_health(modem, "ok")
                self._drain_sim(modem)
                self._serve(modem)
            except ModemError as exc:
                self._ready.clear()
                self._fail_waiting_sends(exc)
                delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
                failures += 1
                log.error("modem problem: %s (trying again in %d s)", exc, delay)
                self._on_health({"state": "down", "error": str(exc), "retry_in": delay})
                self._stop.wait(delay)
            finally:
                self._ready.clear()
                modem.close()

    def _serve(self, modem: Modem) -> None:
        next_health = time.monotonic() + HEALTH_EVERY
        next_store_retry = time.monotonic() + STORE_RETRY_EVERY
        while not self._stop.is_set():
            self._send_waiting(modem)
            self._handle_events(modem, modem.poll(IDLE_POLL))
            if self._unstored and time.monotonic() >= next_store_retry:
                waiting, self._unstored = self._unstored, []
                self._handle_events(modem, waiting)
                next_store_retry = time.monotonic() + STORE_RETRY_EVERY
            if time.monotonic() >= next_health:
                self._report_health(modem, "ok")
                next_health = time.monotonic() + HEALTH_EVERY

    def _send_waiting(self, modem: Modem) -> None:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            if not request.future.set_running_or_notify_cancel():
                continue
            try:
                request.future.set_result(modem.send_sms(request.phone, request.text))
            except ModemError as exc:
                request.future.set_exception(SendFailed(str(exc), temporary=exc.temporary,
                                                        maybe_sent=exc.maybe_sent))
                if exc.port_lost:
                    raise

    def _drain_sim(self, modem: Modem) -> None:
        """Texts that arrived while the agent was down wait on the SIM: take them first."""
        self._handle_events(modem, modem.stored_messages())

    def _handle_events(self, modem: Modem, events: list) -> None:
        stored = False
        for event in events:
            if isinstance(event, IncomingPart):
                stored |= self._keep(modem, event)
            elif isinstance(event, StatusReport):
                self._on_status_report(event)
            elif isinstance(event, UnreadableMessage):
                self._on_unreadable(event)          # its raw PDU is kept in the event log
                modem.delete(event.index, event.storage)
        if stored:
            self._on_parts_stored()

    def _keep(self, modem: Modem, incoming: IncomingPart) -> bool:
        """Store the part, then free its SIM slot. A database that cannot take it (disk full,
        read-only) leaves the part on the SIM, where the driver's next sweep finds it again."""
        try:
            self._store_part(Part.from_incoming(incoming))
        except (sqlite3.Error, StoreError) as exc:
            cause = describe(exc, "the database") if isinstance(exc, sqlite3.Error) else str(exc)
            log.error("a text from %s stays on the SIM until it can be stored: %s", incoming.sender, cause)
            self._unstored.append(incoming)
            return False
        modem.delete(incoming.index, incoming.storage)   # only now: the part is committed
        return True

    def _report_health(self, modem: Modem, state: str) -> None:
        try:
            reading = modem.health()
        except ModemError as exc:
            self._on_health({"state": "degraded", "error": str(exc)})
            return
        self._on_health({"state": state, **reading.as_dict()})

    def _fail_waiting_sends(self, exc: ModemError) -> None:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            if request.future.set_running_or_notify_cancel():
                request.future.set_exception(SendFailed(f"modem unavailable: {exc}", temporary=True))
