"""AT command responses and unsolicited result codes (3GPP TS 27.007/27.005). Pure.

``LineReader`` turns the byte stream into lines (and the ``>`` prompt of AT+CMGS); it never
fails on garbage: bytes that are not UTF-8 become U+FFFD and are trimmed from the line ends.
The parse_* helpers read one response line each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Lines followed by a PDU line in PDU mode; the reader hands the pair out as one Line.
_PDU_HEADERS = ("+CMGR:", "+CMGL:", "+CDS:", "+CMT:")

# Unsolicited result codes (and boot chatter) a modem may send at any moment, even in the
# middle of a response. Matched as prefixes.
_URC_PREFIXES = (
    "+CMTI:", "+CDSI:", "+CDS:", "+CMT:", "+CBM:", "RING", "+CRING:", "+CLIP:", "+CUSD:",
    "+CREG:", "+CEREG:", "+CGREG:", "+CPIN:", "+CFUN:", "+CTZV:", "+CTZE:", "*PSUTTZ", "DST:",
    "+QIND:", "+QUSIM:", "+PACSP", "RDY", "SMS Ready", "Call Ready", "NORMAL POWER DOWN",
    "UNDER-VOLTAGE", "OVER-VOLTAGE", "^RSSI:", "^HCSQ:", "^MODE:", "^SRVST:", "^SIMST:",
    "^BOOT:", "^DSFLOWRPT:", "^CEND:", "^ORIG:", "^CONF:", "^CONN:", "^STIN:", "^SYSSTART",
)

# URCs that mean the modem has just (re)started: all settings (echo, CNMI, PDU mode) are lost.
_BOOT_MARKERS = ("RDY", "SMS Ready", "+QIND: SMS DONE", "^SYSSTART", "^SIMST:")

_FINAL_WORDS = {"OK": True, "ERROR": False, "NO CARRIER": False, "BUSY": False,
                "NO ANSWER": False, "NO DIALTONE": False}
_FINAL_CODE = re.compile(r"^\+(CME|CMS) ERROR:\s*(\d+)\s*$")
_QUOTED_OR_PLAIN = re.compile(r'\s*("(?:[^"]*)"|[^,]*)\s*(?:,|$)')

_TRIM = "\ufffd\x00\r\n\t \x1a\x1b"
_MAX_LINE = 1024  # a PDU line is at most ~360 characters; anything longer is noise


@dataclass(frozen=True)
class Line:
    text: str
    pdu: str | None = None  # the PDU line that followed a +CMGR/+CMGL/+CDS/+CMT header


@dataclass(frozen=True)
class Prompt:
    """The '>' after AT+CMGS=<n>: the modem waits for the PDU and Ctrl-Z."""


Token = Line | Prompt


@dataclass(frozen=True)
class FinalResult:
    ok: bool
    kind: Literal["OK", "ERROR", "CME", "CMS"]
    code: int | None
    line: str


class LineReader:
    """Incremental tokenizer for what a modem sends. Feed bytes as they come."""

    def __init__(self) -> None:
        self._partial = bytearray()
        self._pdu_header: str | None = None

    def feed(self, data: bytes) -> list[Token]:
        tokens: list[Token] = []
        for byte in data:
            if byte in (0x0D, 0x0A):
                tokens.extend(self._end_line())
            elif len(self._partial) >= _MAX_LINE:
                self._partial.clear()  # endless noise without a line end: drop it, stay bounded
            else:
                self._partial.append(byte)
                tokens.extend(self._prompt())
        return tokens

    def _prompt(self) -> list[Token]:
        """The prompt is '>' at the start of a line, or '> ' after noise that never got its line
        end; either way no CR LF follows it, so it must be spotted inside the partial line."""
        if self._partial == b">":
            self._partial.clear()
            return [Prompt()]
        if self._partial.endswith(b"> "):
            del self._partial[-2:]
            return [*self._end_line(), Prompt()]
        return []

    def _end_line(self) -> list[Token]:
        text = self._partial.decode("utf-8", "replace").strip(_TRIM)
        self._partial.clear()
        if not text:
            return []
        if self._pdu_header is not None:
            header, self._pdu_header = self._pdu_header, None
            if parse_final(text) is None:
                return [Line(header, pdu=text)]
            return [Line(header), Line(text)]
        if text.startswith(_PDU_HEADERS):
            self._pdu_header = text
            return []
        return [Line(text)]


def parse_final(text: str) -> FinalResult | None:
    """OK / ERROR / +CME ERROR: n / +CMS ERROR: n (and the call results), else None."""
    if text in _FINAL_WORDS:
        return FinalResult(ok=_FINAL_WORDS[text], kind="OK" if text == "OK" else "ERROR",
                           code=None, line=text)
    match = _FINAL_CODE.match(text)
    if match:
        return FinalResult(ok=False, kind=match.group(1), code=int(match.group(2)), line=text)  # type: ignore[arg-type]
    return None


def is_urc(text: str, expected_prefix: str | None = None) -> bool:
    """Is this line unsolicited? A line starting with the prefix the pending command answers
    with is its response (so "+CPIN: READY" answers AT+CPIN? but is boot chatter elsewhere)."""
    if expected_prefix and text.startswith(expected_prefix):
        return False
    return text.startswith(_URC_PREFIXES)


def is_boot_marker(text: str) -> bool:
    return text.startswith(_BOOT_MARKERS)


def arguments(text: str, prefix: str) -> list[str]:
    """The comma-separated values after ``prefix``, quotes removed: '+CMTI: "SM",3' -> ['SM','3']."""
    body = text[len(prefix):].strip()
    values = [match.group(1) for match in _QUOTED_OR_PLAIN.finditer(body)]
    if values and values[-1] == "" and not body.endswith(","):
        values.pop()  # the regex's final empty match at the end of the string
    return [value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
            for value in values]


def _int(value: str, what: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{what} is not a number: {value!r}") from None


@dataclass(frozen=True)
class StoredHeader:
    index: int | None   # +CMGL gives it, +CMGR does not
    stat: int           # 0 received unread, 1 received read, 2 stored unsent, 3 stored sent
    length: int         # TPDU octets


def parse_cmgr(text: str) -> StoredHeader:
    """'+CMGR: <stat>,[<alpha>],<length>'."""
    values = arguments(text, "+CMGR:")
    return StoredHeader(index=None, stat=_int(values[0], "+CMGR stat"),
                        length=_int(values[-1], "+CMGR length"))


def parse_cmgl(text: str) -> StoredHeader:
    """'+CMGL: <index>,<stat>,[<alpha>],<length>'."""
    values = arguments(text, "+CMGL:")
    return StoredHeader(index=_int(values[0], "+CMGL index"), stat=_int(values[1], "+CMGL stat"),
                        length=_int(values[-1], "+CMGL length"))


def parse_storage_index(text: str, prefix: str) -> tuple[str, int]:
    """'+CMTI: "SM",3' or '+CDSI: "SR",1' -> (storage, index)."""
    values = arguments(text, prefix)
    return values[0], _int(values[1], f"{prefix} index")


def parse_length(text: str, prefix: str) -> int:
    """'+CDS: 25' / '+CMT: ,25' -> 25 (the TPDU length)."""
    return _int(arguments(text, prefix)[-1], f"{prefix} length")


def parse_cmgs(text: str) -> int:
    """'+CMGS: 12' -> the TP-MR the network will use in the status report."""
    return _int(arguments(text, "+CMGS:")[0], "+CMGS reference")


def parse_csq(text: str) -> int | None:
    """'+CSQ: 20,99' -> 20; None for 99 (not known or not detectable)."""
    rssi = _int(arguments(text, "+CSQ:")[0], "+CSQ rssi")
    return None if rssi == 99 else rssi


def csq_to_dbm(csq: int | None) -> int | None:
    """27.007 §8.5: 0 is -113 dBm or less, 31 is -51 dBm or more, 2 dB a step."""
    return None if csq is None else -113 + 2 * csq


def parse_registration(text: str, prefix: str) -> int:
    """'+CREG: 0,1' (answer to AT+CREG?) -> 1, the <stat>."""
    values = arguments(text, prefix)
    return _int(values[1] if len(values) > 1 else values[0], f"{prefix} stat")


REGISTERED_HOME = {1, 6}      # 6: registered for SMS only, home (27.007 §7.2, E-UTRAN)
REGISTERED_ROAMING = {5, 7}


def parse_cops(text: str) -> str | None:
    """'+COPS: 0,0,"T-Mobile",7' -> 'T-Mobile'; None when not on a network."""
    values = arguments(text, "+COPS:")
    if len(values) < 3 or not values[2]:
        return None
    return values[2]


def parse_cpms_query(text: str) -> list[tuple[str, int, int]]:
    """'+CPMS: "SM",3,30,"SM",3,30,"SM",3,30' -> [(storage, used, total)] for mem1..mem3."""
    values = arguments(text, "+CPMS:")
    return [(values[i], _int(values[i + 1], "+CPMS used"), _int(values[i + 2], "+CPMS total"))
            for i in range(0, len(values) - 2, 3)]


def parse_cpin(text: str) -> str:
    """'+CPIN: READY' -> 'READY' ('SIM PIN', 'SIM PUK', ...)."""
    return text[len("+CPIN:"):].strip()


def parse_csca(text: str) -> str | None:
    """'+CSCA: "+12063130004",145' -> '+12063130004'."""
    values = arguments(text, "+CSCA:")
    if not values or not values[0]:
        return None
    return values[0]


def model_name(ati_lines: list[str]) -> str | None:
    """ATI's first two lines without labels: 'Quectel EC25', 'huawei E173', 'SIM800 R14.18'."""
    words = [line.split(":", 1)[1].strip() if line.startswith(("Manufacturer:", "Model:")) else line
             for line in ati_lines[:2]]
    return " ".join(words) or None


def quote(value: str) -> str:
    """An AT string argument. Refuses characters that would end the command or the string."""
    if any(char in value for char in '"\r\n\x1a\x1b'):
        raise ValueError(f"{value!r} cannot be sent inside an AT command")
    return f'"{value}"'
