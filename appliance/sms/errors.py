"""What can go wrong with the modem, in words a shop owner can act on.

Every error carries ``temporary``: True when the same message may go through later without
being changed (the network, the signal, the SIM or the cable needs time or a person), False
when retrying the same message can never help (an invalid number, a PDU the modem rejects).
"""

from __future__ import annotations

from appliance.sms.at import FinalResult

# +CME ERROR codes (3GPP TS 27.007 §9.2): (plain text, temporary).
CME_ERRORS: dict[int, tuple[str, bool]] = {
    0: ("the modem reported a phone failure", True),
    3: ("the modem does not allow this operation", False),
    4: ("the modem does not support this operation", False),
    10: ("no SIM card in the modem: insert the SIM and restart the modem", True),
    11: ("the SIM card needs its PIN: set sms.pin in the configuration", True),
    12: ("the SIM card is blocked and needs its PUK code: unblock it in a phone", False),
    13: ("the SIM card has failed: reseat it or replace it", True),
    14: ("the SIM card is busy (still starting up)", True),
    15: ("the SIM card is the wrong type for this modem", False),
    16: ("the SIM PIN is wrong: check sms.pin (a few more wrong tries will block the SIM)", False),
    20: ("the message storage is full", True),
    21: ("no message at that storage index", False),
    23: ("the message storage has failed", True),
    30: ("no network service: check the antenna and coverage", True),
    31: ("the network timed out", True),
    32: ("the network allows emergency calls only: is the SIM active?", True),
    100: ("the modem reported an unknown error", True),
}

# +CMS ERROR codes: 1-127 are the network's RP causes (3GPP TS 24.011 Annex E-2), 128-255
# the SMSC's TP-FCS (TS 23.040 §9.2.3.22), 300-340 the modem's (TS 27.005 §3.2.5).
CMS_ERRORS: dict[int, tuple[str, bool]] = {
    1: ("the number does not exist (unassigned number)", False),
    8: ("the operator barred this SIM from sending", False),
    10: ("the network barred this message", False),
    21: ("the network rejected the message", False),
    27: ("the recipient's phone is out of service", True),
    28: ("the recipient is not a known subscriber", False),
    29: ("the network refused the request", False),
    30: ("the recipient is not a known subscriber", False),
    38: ("the network is out of order", True),
    41: ("the network had a temporary failure", True),
    42: ("the network is congested", True),
    47: ("the network has no resources right now", True),
    50: ("this SIM has no SMS subscription", False),
    69: ("the network does not offer this service", False),
    95: ("the network called the message invalid", False),
    96: ("the message is missing mandatory information", False),
    111: ("the network reported a protocol error", True),
    127: ("the network reported an interworking error", True),
    300: ("the modem failed", True),
    301: ("the modem's SMS service is busy", True),
    302: ("the modem does not allow this operation now", True),
    303: ("the modem does not support this operation", False),
    304: ("the modem rejected the message PDU as invalid", False),
    305: ("the modem rejected the text-mode parameters", False),
    310: ("no SIM card in the modem: insert the SIM and restart the modem", True),
    311: ("the SIM card needs its PIN: set sms.pin in the configuration", True),
    313: ("the SIM card has failed: reseat it or replace it", True),
    314: ("the SIM card is busy (still starting up)", True),
    316: ("the SIM card is blocked and needs its PUK code: unblock it in a phone", False),
    320: ("the message storage has failed", True),
    321: ("no message at that storage index", False),
    322: ("the message storage is full", True),
    330: ("the SIM has no SMS centre number: set it with AT+CSCA", True),
    331: ("no network service: check the antenna and coverage", True),
    332: ("the network timed out", True),
    500: ("the modem reported an unknown error", True),
}

SIM_BUSY_CODES = {("CME", 14), ("CMS", 314)}
SIM_MISSING_CODES = {("CME", 10), ("CMS", 310), ("CME", 13), ("CMS", 313)}


class ModemError(Exception):
    """Base of every modem error: ``str(error)`` is a sentence for the admin page.

    ``maybe_sent``: a message may have reached the network (only a SendFailed says True).
    ``port_lost``: the serial port itself failed (unplugged, held by another program).
    """

    maybe_sent = False

    def __init__(self, message: str, *, temporary: bool) -> None:
        super().__init__(message)
        self.temporary = temporary

    @property
    def port_lost(self) -> bool:
        return isinstance(self, PortGone)


class PortGone(ModemError):
    """The serial port vanished or failed (USB cable pulled, modem rebooting)."""

    def __init__(self, port: str, detail: str) -> None:
        super().__init__(f"modem port {port} is unavailable: {detail} (retried on every call)",
                         temporary=True)
        self.port = port


class ModemTimeout(ModemError):
    """The modem did not answer in time; the driver resets it before the next command."""

    def __init__(self, command: str, seconds: float) -> None:
        super().__init__(f"the modem did not answer {command} within {seconds:g} s", temporary=True)
        self.command = command


class CommandFailed(ModemError):
    """The modem answered ERROR, +CME ERROR or +CMS ERROR."""

    def __init__(self, command: str, result: FinalResult) -> None:
        text, temporary = describe(result)
        super().__init__(f"{text} ({result.line} after {command})", temporary=temporary)
        self.command = command
        self.kind = result.kind
        self.code = result.code

    @property
    def sim_busy(self) -> bool:
        return (self.kind, self.code) in SIM_BUSY_CODES

    @property
    def sim_missing(self) -> bool:
        return (self.kind, self.code) in SIM_MISSING_CODES


class SimNotReady(ModemError):
    """The SIM is locked (PIN/PUK) or absent, so the modem cannot be used yet."""


class InvalidMessage(ModemError):
    """The message itself cannot be sent (bad number, empty, too long): never retry it."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, temporary=False)


class SendFailed(ModemError):
    """A send did not complete. ``sent_refs`` are the parts that did go out; ``maybe_sent``
    is True when the last part reached the modem but its answer never came, so it may have
    gone out too: never resend such a message without a person deciding."""

    def __init__(self, cause: ModemError, *, part: int, parts: int, sent_refs: list[int],
                 maybe_sent: bool) -> None:
        super().__init__(f"sending part {part} of {parts} failed: {cause}", temporary=cause.temporary)
        self.cause = cause
        self.sent_refs = sent_refs
        self.maybe_sent = maybe_sent or bool(sent_refs)

    @property
    def port_lost(self) -> bool:
        return self.cause.port_lost


def describe(result: FinalResult) -> tuple[str, bool]:
    """Plain text and temporariness of a failed final result. Unknown codes are treated as
    temporary: the message stays queued and a person sees the code."""
    table = {"CME": CME_ERRORS, "CMS": CMS_ERRORS}.get(result.kind, {})
    if result.code in table:
        return table[result.code]
    if result.kind == "ERROR":
        return "the modem answered ERROR", True
    return f"the modem reported error {result.code}", True
