"""A simulated GSM modem's AT interpreter and SIM storage. Pure: no threads, no I/O, no clock.

The owner feeds it bytes and the time (``receive``, ``tick``), and takes the bytes it answers
(``take_output``). ``simulator.ModemSimulator`` runs it behind a real pseudo-terminal.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from appliance.sms import pdu as pdus
from appliance.sms.at import arguments
from appliance.sms.sim_dialects import Dialect

_COMMAND = re.compile(r"^AT(?:(?P<ext>[+^][A-Z]+)(?P<op>=\?|\?|=)?(?P<args>.*)|(?P<basic>[A-Z&]?)(?P<value>\d*))$",
                      re.IGNORECASE | re.DOTALL)
_CRLF = b"\r\n"
_CTRL_Z = 0x1A
_ESC = 0x1B
_STATUS_REPORTS = "SR"
_REGISTERED = {1, 5}
_SIM_COMMANDS = {"+CPMS", "+CMGR", "+CMGL", "+CMGD", "+CMGS", "+CSCA"}


@dataclass(frozen=True)
class Instant:
    monotonic: float
    wall: datetime


@dataclass(frozen=True)
class SentSms:
    """A message the driver sent, as the network saw it."""

    number: str
    text: str
    parts: int
    refs: tuple[int, ...]                 # TP-MR given to each part, in part order
    command_at: tuple[float, ...]         # time.monotonic() when each AT+CMGS line arrived
    command_wall: tuple[datetime, ...]    # the same moments, wall clock
    status_report_requested: bool


@dataclass
class _Slot:
    pdu: str
    tpdu_length: int
    stat: int = 0  # 0 received unread, 1 received read


@dataclass
class _SentPart:
    text: str
    ref: int
    at: Instant


@dataclass
class _PduInput:
    length: int
    started: Instant
    buffer: bytearray = field(default_factory=bytearray)


class SimulatedModem:
    def __init__(self, dialect: Dialect, *, pin: str | None = None, smsc: str = "+15555550100",
                 sim_busy_commands: int = 0, boot_delay: float = 0.05,
                 noise_interval: float = 1.0, report_delay: float = 0.05) -> None:
        self.dialect = dialect
        self._pin = pin
        self._smsc = smsc
        self._sim_busy_commands = sim_busy_commands
        self._boot_delay = boot_delay
        self._noise_interval = noise_interval
        self._report_delay = report_delay
        # What survives a power cycle: the SIM, its messages, the network.
        self._storages: dict[str, dict[int, _Slot]] = {dialect.storage: {}, _STATUS_REPORTS: {}}
        self._capacity = {dialect.storage: dialect.capacity, _STATUS_REPORTS: 10}
        self._sim_present = True
        self._registration = 1
        self._csq = 20
        self._operator = "Simulated Wireless"
        self._delivery_status = 0x00
        self._waiting_at_smsc: deque[tuple[str, int]] = deque()
        self._fail_sends: deque[int | None] = deque()  # None lets one send through
        self._corrupt_reads = 0
        self._hang_after_send = False
        self._garble_send_reply = False
        self._next_mr = 0
        self._next_concat_ref = 0
        self._sent: list[SentSms] = []
        self._partial_sends: dict[tuple[str, int, int], dict[int, _SentPart]] = {}
        self._output = bytearray()
        self._scheduled: list[tuple[float, Callable[[Instant], None]]] = []
        self._power = "off"
        self._reset_volatile()

    def _reset_volatile(self) -> None:
        """What a power cycle clears: settings, the PIN unlock, half-typed input."""
        self._echo = self.dialect.echo_default
        self._cmee = 0
        self._cmgf = 0
        self._cnmi = (0, 0, 0, 0, 0)
        self._cpms = [self.dialect.storage] * 3
        self._pin_locked = self._pin is not None
        self._sim_busy_left = self._sim_busy_commands
        self._wedged = False
        self._input = bytearray()
        self._pdu_input: _PduInput | None = None
        self._scheduled = []

    # ------------------------------------------------------------ driving

    def receive(self, data: bytes, at: Instant) -> None:
        for byte in data:
            if self._power != "on":
                return  # off or booting (maybe reset by this very chunk): it hears nothing
            if self._pdu_input is not None:
                self._pdu_byte(byte, at)
            elif byte == 0x0D:
                line, self._input = self._input.decode("latin-1").strip(), bytearray()
                if self._echo and not self._wedged:
                    self._output += line.encode("latin-1") + b"\r"
                if line:
                    self._command_line(line, at)
            elif byte != 0x0A:
                self._input.append(byte)

    def tick(self, at: Instant) -> None:
        due = [entry for entry in self._scheduled if entry[0] <= at.monotonic]
        self._scheduled = [entry for entry in self._scheduled if entry[0] > at.monotonic]
        for _, action in sorted(due, key=lambda entry: entry[0]):
            action(at)

    def next_due(self) -> float | None:
        return min((due for due, _ in self._scheduled), default=None)

    def take_output(self) -> bytes:
        data, self._output = bytes(self._output), bytearray()
        return data

    # ------------------------------------------------------------ power

    def power_on(self, at: Instant) -> None:
        self._power = "booting"
        self._reset_volatile()
        self._schedule(at, self._boot_delay, self._finish_boot)

    def power_off(self) -> None:
        self._power = "off"
        self._reset_volatile()
        self._output.clear()

    def _finish_boot(self, at: Instant) -> None:
        self._power = "on"
        for urc in self.dialect.boot_urcs:
            if urc.startswith("+CPIN:") and self._pin_locked:
                urc = "+CPIN: SIM PIN"
            self._urc(urc)
        if self.dialect.noise:
            self._schedule(at, self._noise_interval, self._make_noise)
        self._deliver_waiting()

    def _make_noise(self, at: Instant) -> None:
        if self._power == "on" and not self._wedged:
            self._urc(self.dialect.noise[int(at.monotonic * 10) % len(self.dialect.noise)])
        self._schedule(at, self._noise_interval, self._make_noise)

    # ------------------------------------------------------------ control (faults and the network)

    def inject_sms(self, sender: str, text: str, when: datetime) -> None:
        ref = self._next_concat_ref
        self._next_concat_ref = (ref + 1) % 256
        for pdu_hex in pdus.build_deliver_pdus(sender, text, when, smsc=self._smsc, concat_ref=ref):
            self.inject_pdu(pdu_hex)

    def inject_pdu(self, pdu_hex: str) -> None:
        """A raw SMS-DELIVER (with SMSC field) from the network."""
        data = bytes.fromhex(pdu_hex)
        self._waiting_at_smsc.append((pdu_hex.upper(), len(data) - 1 - data[0]))
        self._deliver_waiting()

    def set_signal(self, csq: int) -> None:
        self._csq = csq

    def set_registration(self, stat: int) -> None:
        self._registration = stat

    def set_delivery_status(self, status_code: int) -> None:
        self._delivery_status = status_code

    def remove_sim(self) -> None:
        self._sim_present = False

    def insert_sim(self) -> None:
        self._sim_present = True
        self._pin_locked = self._pin is not None
        self._sim_busy_left = self._sim_busy_commands

    def fail_next_sends(self, code: int, count: int = 1, after: int = 0) -> None:
        self._fail_sends.extend([None] * after + [code] * count)

    def corrupt_next_reads(self, count: int) -> None:
        """Line noise on the next ``count`` PDUs read with AT+CMGR (the stored copy stays intact)."""
        self._corrupt_reads += count

    def hang_after_next_send(self) -> None:
        """The next message goes out to the network, then the modem wedges before answering."""
        self._hang_after_send = True

    def garble_next_send_reply(self) -> None:
        """The next message goes out to the network; line noise eats the reference in its +CMGS."""
        self._garble_send_reply = True

    def hang(self) -> None:
        """Wedge the AT interpreter: it reads but answers nothing (no echo, no URCs) until
        AT+CFUN=1,1 resets it or the power is cycled."""
        self._wedged = True

    def garbage(self, data: bytes) -> None:
        self._output += data

    def sent_messages(self) -> list[SentSms]:
        return list(self._sent)

    def stored(self, storage: str | None = None) -> dict[int, str]:
        """index -> PDU of every message held in ``storage`` (the receive storage by default)."""
        slots = self._storages.get(storage or self.dialect.storage, {})
        return {index: slot.pdu for index, slot in sorted(slots.items())}

    # ------------------------------------------------------------ helpers

    def _schedule(self, at: Instant, delay: float, action: Callable[[Instant], None]) -> None:
        self._scheduled.append((at.monotonic + delay, action))

    def _urc(self, line: str) -> None:
        if self._power == "on" and not self._wedged:
            self._output += _CRLF + line.encode() + _CRLF

    def _reply(self, *lines: str, final: str = "OK") -> None:
        for line in lines:
            self._output += _CRLF + line.encode() + _CRLF
        self._output += _CRLF + final.encode() + _CRLF

    def _cme(self, code: int) -> None:
        self._reply(final=f"+CME ERROR: {code}" if self._cmee else "ERROR")

    def _cms(self, code: int) -> None:
        self._reply(final=f"+CMS ERROR: {code}")

    def _free_index(self, storage: str) -> int | None:
        slots = self._storages[storage]
        first = self.dialect.first_index
        for index in range(first, first + self._capacity[storage]):
            if index not in slots:
                return index
        return None

    def _deliver_waiting(self) -> None:
        """Hand messages from the SMSC to the modem while it is on, has a SIM and has room."""
        storage = self._cpms[2]
        while self._waiting_at_smsc and self._power == "on" and self._sim_present:
            index = self._free_index(storage)
            if index is None:
                return  # storage full: the SMSC keeps it and retries
            pdu_hex, length = self._waiting_at_smsc.popleft()
            self._storages[storage][index] = _Slot(pdu=pdu_hex, tpdu_length=length)
            mode, mt = self._cnmi[0], self._cnmi[1]
            if mode in (1, 2) and mt == 1:
                self._urc(f'+CMTI: "{storage}",{index}')

    # ------------------------------------------------------------ the AT interpreter

    def _command_line(self, line: str, at: Instant) -> None:
        if self._wedged:
            if line.upper().replace(" ", "") == "AT+CFUN=1,1":
                self.power_on(at)  # a reset gets through even to a wedged interpreter
            return
        match = _COMMAND.match(line)
        if not match:
            self._reply(final="ERROR")
            return
        if match.group("ext"):
            self._extended(match.group("ext").upper(), match.group("op") or "", match.group("args"), at)
        else:
            self._basic(match.group("basic").upper(), match.group("value"))

    def _basic(self, name: str, value: str) -> None:
        if name == "":
            self._reply()
        elif name == "E":
            self._echo = value == "1"
            self._reply()
        elif name == "I":
            self._reply(*self.dialect.ati)
        else:
            self._reply(final="ERROR")

    def _extended(self, name: str, op: str, args: str, at: Instant) -> None:
        if name in _SIM_COMMANDS and self._sim_unavailable():
            return
        handler = {
            "+CMEE": self._cmd_cmee, "+CPIN": self._cmd_cpin, "+CMGF": self._cmd_cmgf,
            "+CNMI": self._cmd_cnmi, "+CPMS": self._cmd_cpms, "+CREG": self._cmd_creg,
            "+CEREG": self._cmd_cereg, "+CSQ": self._cmd_csq, "+COPS": self._cmd_cops,
            "+CSCA": self._cmd_csca, "+CMGR": self._cmd_cmgr, "+CMGL": self._cmd_cmgl,
            "+CMGD": self._cmd_cmgd, "+CMGS": self._cmd_cmgs, "+CFUN": self._cmd_cfun,
        }.get(name)
        if handler is None:
            self._reply(final="ERROR")
            return
        try:
            handler(op, args, at)
        except (ValueError, IndexError):
            self._reply(final="ERROR")

    def _sim_unavailable(self) -> bool:
        """Answer for the SIM when it is absent, busy or locked; False when it can serve."""
        if not self._sim_present:
            self._cms(310)
        elif self._sim_busy_left > 0:
            self._sim_busy_left -= 1
            self._cms(314)
        elif self._pin_locked:
            self._cms(311)
        else:
            return False
        return True

    def _cmd_cmee(self, op: str, args: str, at: Instant) -> None:
        self._cmee = int(args)
        self._reply()

    def _cmd_cpin(self, op: str, args: str, at: Instant) -> None:
        if not self._sim_present:
            self._cme(10)
        elif self._sim_busy_left > 0:
            self._sim_busy_left -= 1
            self._cme(14)
        elif op == "?":
            self._reply("+CPIN: SIM PIN" if self._pin_locked else "+CPIN: READY")
        elif not self._pin_locked:
            self._cme(3)
        elif arguments(args, "")[0] == self._pin:
            self._pin_locked = False
            self._reply()
        else:
            self._cme(16)

    def _cmd_cmgf(self, op: str, args: str, at: Instant) -> None:
        if op == "?":
            self._reply(f"+CMGF: {self._cmgf}")
            return
        self._cmgf = int(args)
        self._reply()

    def _cmd_cnmi(self, op: str, args: str, at: Instant) -> None:
        if op == "?":
            self._reply("+CNMI: " + ",".join(map(str, self._cnmi)))
            return
        values = [int(value) for value in arguments(args, "")]
        values += [0] * (5 - len(values))
        mode, mt, bm, ds, bfr = values[:5]
        if mode not in (0, 1, 2) or mt not in (0, 1) or bm != 0 or ds not in self.dialect.cnmi_ds:
            self._cms(303)
            return
        self._cnmi = (mode, mt, bm, ds, bfr)
        self._reply()

    def _cmd_cpms(self, op: str, args: str, at: Instant) -> None:
        if op == "?":
            triples = [f'"{mem}",{len(self._storages[mem])},{self._capacity[mem]}' for mem in self._cpms]
            self._reply("+CPMS: " + ",".join(triples))
            return
        mems = arguments(args, "")
        if not mems or any(mem not in self._storages for mem in mems):
            self._cms(302)
            return
        self._cpms[:len(mems)] = mems
        counts = [f"{len(self._storages[mem])},{self._capacity[mem]}" for mem in self._cpms]
        self._reply("+CPMS: " + ",".join(counts))

    def _cmd_creg(self, op: str, args: str, at: Instant) -> None:
        stat = self._registration
        if self.dialect.lte_only_attach and stat in _REGISTERED:
            stat = 0
        self._reply(f"+CREG: 0,{stat}")

    def _cmd_cereg(self, op: str, args: str, at: Instant) -> None:
        if not self.dialect.has_cereg:
            self._reply(final="ERROR")
            return
        self._reply(f"+CEREG: 0,{self._registration}")

    def _cmd_csq(self, op: str, args: str, at: Instant) -> None:
        self._reply(f"+CSQ: {self._csq},{self.dialect.csq_ber if self._csq != 99 else 99}")

    def _cmd_cops(self, op: str, args: str, at: Instant) -> None:
        if self._registration in _REGISTERED:
            self._reply(f'+COPS: 0,0,"{self._operator}"{self.dialect.cops_act}')
        else:
            self._reply("+COPS: 0")

    def _cmd_csca(self, op: str, args: str, at: Instant) -> None:
        self._reply(f'+CSCA: "{self._smsc}",145')

    def _read_storage(self) -> dict[int, _Slot]:
        return self._storages[self._cpms[0]]

    def _cmd_cmgr(self, op: str, args: str, at: Instant) -> None:
        if self._cmgf != 0:
            self._cms(302)
            return
        slot = self._read_storage().get(int(args))
        if slot is None:
            self._reply()  # an empty slot: just OK, as SIM800 and Quectel do
            return
        stat, slot.stat = slot.stat, 1
        pdu_line = slot.pdu
        if self._corrupt_reads:
            self._corrupt_reads -= 1
            pdu_line = pdu_line[:10] + "#~" + pdu_line[12:]
        self._reply(f"+CMGR: {stat},,{slot.tpdu_length}", pdu_line)

    def _cmd_cmgl(self, op: str, args: str, at: Instant) -> None:
        wanted = int(args) if args else 4
        if self._cmgf != 0 or wanted not in (0, 1, 4):
            self._cms(302)
            return
        lines: list[str] = []
        for index, slot in sorted(self._read_storage().items()):
            if wanted == 4 or slot.stat == wanted:
                lines += [f"+CMGL: {index},{slot.stat},,{slot.tpdu_length}", slot.pdu]
                slot.stat = 1
        self._reply(*lines)

    def _cmd_cmgd(self, op: str, args: str, at: Instant) -> None:
        values = [int(value) for value in arguments(args, "")]
        slots = self._read_storage()
        first = self.dialect.first_index
        if not first <= values[0] < first + self._capacity[self._cpms[0]]:
            self._cms(321)
            return
        if len(values) > 1 and values[1] == 4:
            slots.clear()
        else:
            slots.pop(values[0], None)
        self._reply()
        self._deliver_waiting()

    def _cmd_cfun(self, op: str, args: str, at: Instant) -> None:
        if op == "?":
            self._reply("+CFUN: 1")
            return
        self._reply()
        if args.replace(" ", "") == "1,1":
            self.power_on(at)

    def _cmd_cmgs(self, op: str, args: str, at: Instant) -> None:
        if self._cmgf != 0:
            self._cms(302)
            return
        self._pdu_input = _PduInput(length=int(args), started=at)
        self._output += self.dialect.prompt

    # ------------------------------------------------------------ sending

    def _pdu_byte(self, byte: int, at: Instant) -> None:
        entry = self._pdu_input
        assert entry is not None
        if self._echo:
            self._output.append(byte)
        if byte == _ESC:
            self._pdu_input = None
            self._reply()
        elif byte == _CTRL_Z:
            self._pdu_input = None
            self._submit(entry.buffer.decode("latin-1").strip(), entry, at)
        elif byte not in (0x0D, 0x0A):
            entry.buffer.append(byte)

    def _submit(self, pdu_hex: str, entry: _PduInput, at: Instant) -> None:
        failure = self._fail_sends.popleft() if self._fail_sends else None
        if failure is not None:
            self._cms(failure)
            return
        if self._registration not in _REGISTERED:
            self._cms(331)
            return
        try:
            data = bytes.fromhex(pdu_hex)
            if len(data) - 1 - data[0] != entry.length:
                raise pdus.PduError("length does not match AT+CMGS")
            submit = pdus.decode_submit(pdu_hex, entry.length)
        except (ValueError, IndexError):
            self._cms(304)
            return
        ref = self._next_mr
        self._next_mr = (ref + 1) % 256
        self._record_sent(submit, ref, entry.started)
        if self._hang_after_send:
            self._hang_after_send = False
            self._wedged = True
            return
        self._reply("+CMGS: \ufffd" if self._garble_send_reply else f"+CMGS: {ref}")
        self._garble_send_reply = False
        if submit.status_report_requested:
            self._schedule(at, self._report_delay,
                           lambda now: self._status_report(ref, submit.number, entry.started, now))

    def _record_sent(self, submit: pdus.Submit, ref: int, at: Instant) -> None:
        # A single SMS is a one-part message of its own (a negative key no real reference has).
        concat = submit.concat or pdus.ConcatInfo(ref=-1 - ref, total=1, seq=1)
        key = (submit.number, concat.ref, concat.total)
        parts = self._partial_sends.setdefault(key, {})
        parts[concat.seq] = _SentPart(text=submit.text, ref=ref, at=at)
        if len(parts) < concat.total:
            return
        del self._partial_sends[key]
        ordered = [parts[seq] for seq in sorted(parts)]
        self._sent.append(SentSms(
            number=submit.number, text="".join(part.text for part in ordered), parts=concat.total,
            refs=tuple(part.ref for part in ordered),
            command_at=tuple(part.at.monotonic for part in ordered),
            command_wall=tuple(part.at.wall for part in ordered),
            status_report_requested=submit.status_report_requested))

    def _status_report(self, ref: int, number: str, submitted: Instant, now: Instant) -> None:
        report = pdus.encode_status_report(ref, number, submitted.wall, now.wall,
                                           self._delivery_status, smsc=self._smsc)
        data = bytes.fromhex(report)
        length = len(data) - 1 - data[0]
        ds = self._cnmi[3]
        if ds == 1:
            self._urc(f"+CDS: {length}\r\n{report}")
        elif ds == 2:
            index = self._free_index(_STATUS_REPORTS)
            if index is not None:
                self._storages[_STATUS_REPORTS][index] = _Slot(pdu=report, tpdu_length=length)
                self._urc(f'+CDSI: "{_STATUS_REPORTS}",{index}')
