"""The GSM modem driver: blocking, for one dedicated thread, on pyserial.

Contract: every public method either does its job or raises a ModemError whose text a person
can act on. The driver never loops forever on its own: after a failure it remembers what is
wrong and repairs it at the start of the next call:

* the port vanished (USB pulled)   -> PortGone now; the next call reopens the path when it is back
* a command got no answer in time  -> ModemTimeout now; the next call reopens the port, probes
                                      with AT, and if the modem stays silent resets it with
                                      AT+CFUN=1,1 and waits for it to boot
* the modem restarted by itself    -> noticed from its boot messages; the next call re-initialises

Received messages stay in the modem until the caller has committed them and calls delete().
"""

from __future__ import annotations

import logging
import random
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from appliance.sms import at
from appliance.sms.at import Line, Prompt
from appliance.sms.errors import (
    CommandFailed,
    InvalidMessage,
    ModemError,
    ModemTimeout,
    PortGone,
    SendFailed,
    SimNotReady,
)
from appliance.sms.events import IncomingPart, ModemEvent, ModemHealth, UnreadableMessage
from appliance.sms.pdu import (
    PduError,
    StatusReport,
    SubmitPdu,
    build_submit_pdus,
    decode_received,
    decode_status_report,
)
from appliance.sms.serial_link import SerialLink

log = logging.getLogger(__name__)

# AT+CNMI settings to try, best first: new messages stored and announced with +CMTI; status
# reports either sent straight as +CDS (ds=1) or stored and announced with +CDSI (ds=2).
_CNMI_CHOICES = ("2,1,0,1,0", "2,1,0,2,0", "1,1,0,1,0", "2,1,0,0,0", "1,1,0,0,0")
_STATUS_REPORT_STORAGE = "SR"
_CTRL_Z = b"\x1a"
_ESC = b"\x1b"


@dataclass(frozen=True)
class ModemTimings:
    """How long to wait for things. The defaults suit real modems; tests shorten them."""

    send: float = 60.0            # AT+CMGS: the network may take this long to accept one part
    probe: float = 1.0            # one "AT?" while checking whether the modem is alive
    sim_ready: float = 30.0       # keep asking while the SIM says "busy" after boot
    registration: float = 60.0    # wait this long for the network at start, then carry on
    reset: float = 60.0           # after AT+CFUN=1,1, wait this long for the modem to be back
    sweep_interval: float = 60.0  # re-list storage, so a message whose +CMTI was lost arrives
    retry_pause: float = 0.5      # between two polls of SIM or network state


class Modem:
    def __init__(self, port: str, baudrate: int = 115200, pin: str | None = None,
                 command_timeout: float = 5.0, timings: ModemTimings = ModemTimings()) -> None:
        if pin is not None and not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
            raise ValueError("the SIM PIN must be 4 to 8 digits")
        self.port = port
        self._link = SerialLink(port, baudrate)
        self._pin = pin
        self._pin_rejected = False      # never offer a rejected PIN again: the SIM would lock
        self._command_timeout = command_timeout
        self._timings = timings
        self._ready = False             # port open and modem initialised
        self._wedged = False            # a command timed out: probe (and reset) before trusting it
        self._urcs: deque[Line] = deque()
        self._storage = "SM"            # where the modem stores new messages (mem3)
        self._read_storage = "SM"       # where AT+CMGR/CMGL/CMGD look (mem1)
        self._reported: set[tuple[str, int]] = set()
        self._next_sweep = 0.0
        self._concat_ref = random.randrange(256)
        self._model: str | None = None

    # ------------------------------------------------------------ public API

    def open(self) -> None:
        """Open the port and initialise the modem (SIM, PDU mode, notifications, network)."""
        with self._session():
            pass

    def close(self) -> None:
        self._link.close()
        self._ready = False

    def send_sms(self, number_e164: str, text: str) -> list[int]:
        """Send ``text`` (split into parts as needed, each asking for a status report).
        Returns the TP-MR of each part, which StatusReport.reference will carry.

        Raises InvalidMessage before touching the modem for a bad number or text, and SendFailed
        (with sent_refs and maybe_sent) when a part did not certainly go out."""
        try:
            pdus = build_submit_pdus(number_e164, text, concat_ref=self._concat_ref)
        except PduError as error:
            raise InvalidMessage(str(error)) from error
        if len(pdus) > 1:
            self._concat_ref = (self._concat_ref + 1) % 256
        refs: list[int] = []
        submitted = False
        try:
            with self._session():
                for pdu in pdus:
                    submitted = False
                    command = self._start_submit(pdu)
                    submitted = True
                    refs.append(self._finish_submit(command, pdu))
        except ModemError as error:
            raise SendFailed(error, part=len(refs) + 1, parts=len(pdus), sent_refs=refs,
                             maybe_sent=submitted and not isinstance(error, CommandFailed)) from error
        log.info("sent %d part(s) to %s, references %s", len(pdus), number_e164, refs)
        return refs

    def poll(self, timeout: float) -> list[ModemEvent]:
        """Wait up to ``timeout`` seconds for something to arrive; return what did (maybe nothing)."""
        with self._session():
            deadline = time.monotonic() + timeout
            events = self._handle_urcs()
            while not events and self._ready:  # a restart seen: re-initialise on the next call
                token = self._link.next_token(deadline)
                if token is None:
                    break
                self._take_unsolicited(token)
                events = self._handle_urcs()
            if self._ready and time.monotonic() >= self._next_sweep:
                events += self._sweep()
            return events

    def stored_messages(self) -> list[ModemEvent]:
        """Everything received and still in storage (AT+CMGL=4): call once at start, so messages
        that came while the agent was down are handled. Status reports found are deleted."""
        with self._session():
            events = self._list_storage()
            self._next_sweep = time.monotonic() + self._timings.sweep_interval
            return events

    def delete(self, index: int | None, storage: str | None = None) -> None:
        """Free a storage slot. Call only after the message is committed. Pass the part's
        ``storage`` too (a modem may hold messages in more than one); index None (a message
        the modem never stored) has nothing to delete."""
        if index is None:
            return
        storage = storage or self._storage
        with self._session():
            self._use_storage(storage)
            self._command(f"AT+CMGD={index}")
            self._reported.discard((storage, index))

    def health(self) -> ModemHealth:
        with self._session():
            csq = at.parse_csq(self._query("AT+CSQ", "+CSQ:"))
            stat = self._registration_stat()
            operator = at.parse_cops(self._query("AT+COPS?", "+COPS:"))
            storages = at.parse_cpms_query(self._query("AT+CPMS?", "+CPMS:"))
            used, total = next(((u, t) for name, u, t in storages if name == self._storage),
                               (None, None))
            return ModemHealth(
                port=self.port, model=self._model, csq=csq, rssi_dbm=at.csq_to_dbm(csq),
                registered=stat in at.REGISTERED_HOME | at.REGISTERED_ROAMING,
                roaming=stat in at.REGISTERED_ROAMING, operator=operator,
                storage=self._storage, storage_used=used, storage_total=total,
                smsc=self._smsc())

    # ------------------------------------------------------------ recovery

    @contextmanager
    def _session(self) -> Iterator[None]:
        """Bring the modem up if needed; on failure remember what to repair next time."""
        try:
            if not self._ready:
                self._start()
            yield
        except ModemTimeout:
            self._wedged = True
            self.close()
            raise
        except PortGone:
            self.close()
            raise
        except CommandFailed as error:
            if not self._ready or error.sim_missing:
                self.close()  # re-initialise (and re-check the SIM) on the next call
            raise
        except ModemError:
            if not self._ready:
                self.close()
            raise

    def _start(self) -> None:
        self._link.open()
        if self._wedged:
            self._revive()
        self._initialise()
        self._wedged = False
        self._ready = True

    def _revive(self) -> None:
        """The modem stopped answering: see if it is back, else reset it and wait for the boot."""
        if self._probe():
            return
        log.warning("modem on %s does not answer: resetting it with AT+CFUN=1,1", self.port)
        try:
            self._command("AT+CFUN=1,1", timeout=self._timings.probe)
        except ModemError:
            pass  # a wedged modem may reset without answering, or drop off USB while it does
        deadline = time.monotonic() + self._timings.reset
        while time.monotonic() < deadline:
            try:
                if not self._link.is_open:
                    self._link.open()  # some modems re-enumerate on USB while they reboot
                if self._probe():
                    return
            except PortGone:
                self._link.close()
                time.sleep(self._timings.retry_pause)
        raise ModemTimeout("AT+CFUN=1,1 (reset)", self._timings.reset)

    def _probe(self) -> bool:
        try:
            self._command("AT", timeout=self._timings.probe)
        except ModemTimeout:
            return False
        except CommandFailed:
            pass  # it answered: alive
        return True

    # ------------------------------------------------------------ initialisation

    def _initialise(self) -> None:
        self._sync()
        self._command("ATE0")
        self._command("AT+CMEE=1")
        self._model = at.model_name([line.text for line in self._command("ATI")])
        self._unlock_sim()
        self._command("AT+CMGF=0")
        self._select_storage()
        self._enable_notifications()
        self._await_registration()
        # Boot chatter that came in while we set up is not news; a message announcement is.
        self._urcs = deque(line for line in self._urcs if not at.is_boot_marker(line.text))
        self._next_sweep = time.monotonic()  # the next poll looks for what came while we were away
        log.info("modem on %s ready: %s, storage %s", self.port, self._model, self._storage)

    def _sync(self) -> None:
        """Get a clean OK to a bare AT, past boot noise, garbage and replies to older commands."""
        # A process killed between AT+CMGS and its PDU leaves the modem reading everything as PDU
        # text, "AT" included, until ESC; in command mode the ESC line is at worst an ERROR.
        self._link.write(_ESC + b"\r")
        attempts = max(1, round(self._command_timeout / self._timings.probe))
        for _ in range(attempts):
            if self._probe():
                return
        raise ModemTimeout("AT", self._timings.probe * attempts)

    def _unlock_sim(self) -> None:
        deadline = time.monotonic() + self._timings.sim_ready
        while True:
            try:
                state = at.parse_cpin(self._query("AT+CPIN?", "+CPIN:"))
            except CommandFailed as error:
                if error.sim_busy and time.monotonic() < deadline:
                    time.sleep(self._timings.retry_pause)
                    continue
                raise
            if state == "READY":
                return
            if state == "SIM PIN":
                self._enter_pin()
            elif state in ("SIM PUK", "SIM PUK2", "PH-SIM PUK"):
                raise SimNotReady("the SIM card is blocked and needs its PUK code: unblock it in a phone",
                                  temporary=False)
            elif time.monotonic() >= deadline:
                raise SimNotReady(f"the SIM card is not ready ({state})", temporary=True)
            else:
                time.sleep(self._timings.retry_pause)

    def _enter_pin(self) -> None:
        if self._pin is None:
            raise SimNotReady("the SIM card needs its PIN: set sms.pin in the configuration",
                              temporary=True)
        if self._pin_rejected:
            raise SimNotReady("the SIM card refused the configured PIN; fix sms.pin and restart "
                              "(not retried: a few wrong tries block the SIM)", temporary=False)
        try:
            self._command(f"AT+CPIN={at.quote(self._pin)}")
        except CommandFailed as error:
            if not error.sim_busy:
                self._pin_rejected = True
            raise

    def _select_storage(self) -> None:
        """Read and delete where the modem puts new messages (mem3), so +CMTI indexes match."""
        storages = at.parse_cpms_query(self._query("AT+CPMS?", "+CPMS:"))
        self._storage = storages[-1][0] if storages else "SM"
        self._read_storage = storages[0][0] if storages else "SM"
        self._use_storage(self._storage)

    def _use_storage(self, storage: str) -> None:
        if storage != self._read_storage:
            self._command(f"AT+CPMS={at.quote(storage)}", prefix="+CPMS:")
            self._read_storage = storage

    def _enable_notifications(self) -> None:
        for setting in _CNMI_CHOICES:
            try:
                self._command(f"AT+CNMI={setting}")
                return
            except CommandFailed:
                continue
        log.warning("modem on %s takes no AT+CNMI setting we know: new messages will only be "
                    "found by the storage sweep every %g s", self.port, self._timings.sweep_interval)

    def _await_registration(self) -> None:
        deadline = time.monotonic() + self._timings.registration
        while True:
            stat = self._registration_stat()
            if stat in at.REGISTERED_HOME | at.REGISTERED_ROAMING:
                return
            if stat in (0, 3) or time.monotonic() >= deadline:
                # Not searching / denied: waiting will not help. Carry on so that stored messages
                # can still be read; sends fail with a clear error and health() shows it.
                log.warning("modem on %s is not registered on a network (stat %s)", self.port, stat)
                return
            time.sleep(self._timings.retry_pause)

    def _registration_stat(self) -> int:
        """Circuit-switched registration (+CREG), or LTE (+CEREG) for modems attached on LTE only."""
        stat = at.parse_registration(self._query("AT+CREG?", "+CREG:"), "+CREG:")
        if stat in at.REGISTERED_HOME | at.REGISTERED_ROAMING:
            return stat
        try:
            lte = at.parse_registration(self._query("AT+CEREG?", "+CEREG:"), "+CEREG:")
        except CommandFailed:
            return stat  # a 2G/3G modem without LTE
        return lte if lte in at.REGISTERED_HOME | at.REGISTERED_ROAMING else stat

    def _smsc(self) -> str | None:
        try:
            return at.parse_csca(self._query("AT+CSCA?", "+CSCA:"))
        except CommandFailed:
            return None

    # ------------------------------------------------------------ sending

    def _start_submit(self, pdu: SubmitPdu) -> str:
        command = f"AT+CMGS={pdu.tpdu_length}"
        self._drain()
        self._link.write(command.encode() + b"\r")
        deadline = time.monotonic() + self._command_timeout
        while True:
            token = self._link.next_token(deadline)
            if token is None:
                self._link.write(_ESC)  # leave PDU input mode in case the prompt was lost
                raise ModemTimeout(command, self._command_timeout)
            if isinstance(token, Prompt):
                return command
            final = at.parse_final(token.text)
            if final is not None:
                raise CommandFailed(command, final)
            self._take_unsolicited(token, expected_prefix=None)

    def _finish_submit(self, command: str, pdu: SubmitPdu) -> int:
        self._link.write(pdu.hex.encode() + _CTRL_Z)
        lines = self._collect(command, "+CMGS:", self._timings.send, echoes=(command, pdu.hex))
        for line in lines:
            if line.text.startswith("+CMGS:"):
                try:
                    return at.parse_cmgs(line.text)
                except (ValueError, IndexError):   # sent, but noise ate the reference: a person decides
                    raise ModemError(f"the modem answered {command} with an unreadable message reference "
                                     f"{line.text!r}", temporary=True) from None
        raise ModemError(f"the modem accepted {command} without giving a message reference",
                         temporary=True)

    # ------------------------------------------------------------ receiving

    def _take_unsolicited(self, token: Line | Prompt, expected_prefix: str | None = None) -> None:
        if isinstance(token, Line) and at.is_urc(token.text, expected_prefix):
            self._urcs.append(token)
        else:
            log.debug("ignored from modem: %r", token)

    def _handle_urcs(self) -> list[ModemEvent]:
        events: list[ModemEvent] = []
        while self._urcs and self._ready:
            line = self._urcs.popleft()
            try:
                events += self._handle_urc(line)
            except (ValueError, IndexError) as error:
                # A garbled announcement: the storage sweep still finds the message.
                log.warning("could not read %r from the modem: %s", line.text, error)
        return events

    def _handle_urc(self, line: Line) -> list[ModemEvent]:
        text = line.text
        if text.startswith("+CMTI:"):
            return self._read_new(*at.parse_storage_index(text, "+CMTI:"))
        if text.startswith("+CDSI:"):
            return self._read_new(*at.parse_storage_index(text, "+CDSI:"))
        if text.startswith("+CDS:") and line.pdu:
            return [decode_status_report(line.pdu, at.parse_length(text, "+CDS:"))]
        if text.startswith("+CMT:") and line.pdu:
            return [self._to_event("", None, line.pdu, at.parse_length(text, "+CMT:"))]
        if at.is_boot_marker(text):
            log.warning("modem on %s restarted by itself (%s): re-initialising", self.port, text)
            self._ready = False
        return []

    def _read_new(self, storage: str, index: int) -> list[ModemEvent]:
        if (storage, index) in self._reported:
            return []
        event = self._read_stored(storage, index)
        return [event] if event is not None else []

    def _read_stored(self, storage: str, index: int) -> ModemEvent | None:
        """AT+CMGR one slot. A PDU that does not decode is read once more (line noise), then
        handed out as UnreadableMessage. Status reports are deleted at once: they are receipts."""
        self._use_storage(storage)
        problem = ""
        pdu = ""
        for _ in range(2):
            try:
                lines = self._command(f"AT+CMGR={index}", prefix="+CMGR:")
            except CommandFailed as error:
                if error.code == 321:  # empty slot: already deleted
                    return None
                raise
            header = next((line for line in lines if line.text.startswith("+CMGR:")), None)
            if header is None:
                return None  # some modems answer a bare OK for an empty slot
            pdu = header.pdu or ""
            try:
                stored = at.parse_cmgr(header.text)
                return self._stored_event(storage, index, stored.stat, pdu, stored.length)
            except (PduError, ValueError, IndexError) as error:
                problem = str(error)
        self._reported.add((storage, index))
        return UnreadableMessage(index=index, storage=storage, raw_pdu=pdu, reason=problem)

    def _stored_event(self, storage: str, index: int, stat: int, pdu: str,
                      length: int) -> ModemEvent | None:
        if stat in (2, 3):
            return None  # an outgoing message someone stored: not ours to report
        event = self._to_event(storage, index, pdu, length)
        if isinstance(event, StatusReport):
            self._command(f"AT+CMGD={index}")
        else:
            self._reported.add((storage, index))
        return event

    @staticmethod
    def _to_event(storage: str, index: int | None, pdu: str, length: int) -> ModemEvent:
        message = decode_received(pdu, length)
        if isinstance(message, StatusReport):
            return message
        return IncomingPart(index=index, storage=storage, sender=message.sender, text=message.text,
                            timestamp=message.timestamp, concat=message.concat, raw_pdu=pdu)

    def _list_storage(self) -> list[ModemEvent]:
        events: list[ModemEvent] = []
        for storage in dict.fromkeys((self._storage, _STATUS_REPORT_STORAGE)):
            try:
                self._use_storage(storage)
                lines = self._command("AT+CMGL=4", prefix="+CMGL:", timeout=3 * self._command_timeout)
            except CommandFailed:
                continue  # this modem has no separate status report storage
            for line in lines:
                event = self._listed_event(storage, line)
                if event is not None:
                    events.append(event)
        self._use_storage(self._storage)
        return events

    def _listed_event(self, storage: str, line: Line) -> ModemEvent | None:
        if not line.text.startswith("+CMGL:"):
            return None
        try:
            header = at.parse_cmgl(line.text)
        except (ValueError, IndexError):
            log.warning("unreadable listing line from modem: %r", line.text)
            return None
        try:
            return self._stored_event(storage, header.index or 0, header.stat, line.pdu or "",
                                      header.length)
        except (PduError, ValueError, IndexError):
            return self._read_stored(storage, header.index or 0)  # re-read: maybe line noise

    def _sweep(self) -> list[ModemEvent]:
        """Messages in storage we never heard about (a +CMTI lost to noise or a restart)."""
        self._next_sweep = time.monotonic() + self._timings.sweep_interval
        before = set(self._reported)
        events = self._list_storage()
        return [event for event in events
                if not (isinstance(event, (IncomingPart, UnreadableMessage))
                        and (event.storage, event.index) in before)]

    # ------------------------------------------------------------ commands

    def _query(self, command: str, prefix: str) -> str:
        for line in self._command(command, prefix=prefix):
            if line.text.startswith(prefix):
                return line.text
        raise ModemError(f"the modem answered {command} without a {prefix} line", temporary=True)

    def _command(self, command: str, *, prefix: str | None = None,
                 timeout: float | None = None) -> list[Line]:
        self._drain()
        self._link.write(command.encode() + b"\r")
        return self._collect(command, prefix, timeout or self._command_timeout, echoes=(command,))

    def _collect(self, command: str, prefix: str | None, timeout: float,
                 echoes: tuple[str, ...]) -> list[Line]:
        """The response lines up to the final result; URCs met on the way are queued."""
        deadline = time.monotonic() + timeout
        lines: list[Line] = []
        while True:
            token = self._link.next_token(deadline)
            if token is None:
                raise ModemTimeout(command, timeout)
            if isinstance(token, Prompt):
                continue
            final = at.parse_final(token.text)
            if final is not None:
                if final.ok:
                    return lines
                raise CommandFailed(command, final)
            if at.is_urc(token.text, prefix):
                self._urcs.append(token)
            elif token.text not in echoes:
                lines.append(token)

    def _drain(self) -> None:
        """Before a command: queue URCs already received, drop late replies to older commands."""
        now = time.monotonic()
        while (token := self._link.next_token(now)) is not None:
            self._take_unsolicited(token)
