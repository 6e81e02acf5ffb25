"""SMS TPDUs in PDU mode (3GPP TS 23.040): SMS-SUBMIT, SMS-DELIVER, SMS-STATUS-REPORT. Pure.

PDUs travel as hex strings, prefixed with the SMSC address field as modems expect in PDU mode
(3GPP TS 27.005 §3.1: "SC address followed by TPDU"). Decoding is lenient where leniency keeps
a customer's words (a bad timestamp becomes None, a too-long length is clipped) and raises
PduError where nothing sensible can be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Literal

from appliance.sms import gsm7
from appliance.sms.segments import MAX_PARTS, Encoding, choose_encoding, split_text

Alphabet = Literal["GSM-7", "UCS-2", "8-bit"]
DeliveryStatus = Literal["delivered", "pending", "failed"]

_MTI_DELIVER = 0b00
_MTI_SUBMIT = 0b01
_MTI_STATUS_REPORT = 0b10

_TOA_INTERNATIONAL = 0x91
_TOA_UNKNOWN = 0x81
_TON_INTERNATIONAL = 1
_TON_ALPHANUMERIC = 5

_IE_CONCAT_8BIT = 0x00
_IE_CONCAT_16BIT = 0x08

_BCD_DIGITS = "0123456789*#abc"  # TS 23.040 §9.1.2.3; 0xF pads an odd count

DEFAULT_VALIDITY = timedelta(days=1)  # a text-back that arrives a day late is useless


class PduError(ValueError):
    """A PDU (or a field going into one) that cannot be encoded or decoded."""


@dataclass(frozen=True)
class ConcatInfo:
    ref: int
    total: int
    seq: int


@dataclass(frozen=True)
class SubmitPdu:
    """One part, ready for AT+CMGS=<tpdu_length> followed by ``hex``."""

    hex: str
    tpdu_length: int  # octets after the SMSC field: the number AT+CMGS wants


@dataclass(frozen=True)
class Submit:
    number: str
    text: str
    concat: ConcatInfo | None
    status_report_requested: bool
    reference: int


@dataclass(frozen=True)
class Deliver:
    smsc: str | None
    sender: str
    timestamp: datetime | None  # the SMSC's timestamp, with the offset it stated
    text: str
    concat: ConcatInfo | None
    alphabet: Alphabet


@dataclass(frozen=True)
class StatusReport:
    reference: int            # TP-MR of the SMS-SUBMIT this reports on (what AT+CMGS returned)
    recipient: str
    status: DeliveryStatus
    status_code: int          # TP-ST as received, for the log
    submitted: datetime | None
    discharged: datetime | None


# ---------------------------------------------------------------- building blocks


class _Reader:
    """Walks a TPDU octet by octet; running out of octets is a PduError naming the field."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._position = 0

    def octet(self, field: str) -> int:
        return self.take(1, field)[0]

    def take(self, count: int, field: str) -> bytes:
        end = self._position + count
        if end > len(self._data):
            raise PduError(f"PDU ends at octet {len(self._data)} while reading {field}")
        chunk = self._data[self._position:end]
        self._position = end
        return chunk

    def rest(self) -> bytes:
        chunk = self._data[self._position:]
        self._position = len(self._data)
        return chunk


def _from_hex(pdu_hex: str) -> bytes:
    try:
        return bytes.fromhex(pdu_hex.strip())
    except ValueError:
        raise PduError(f"PDU is not hexadecimal: {pdu_hex[:40]!r}") from None


def _swap_nibbles(value: int) -> int:
    return ((value & 0x0F) << 4) | (value >> 4)


def _bcd_encode(digits: str) -> bytes:
    padded = digits + ("F" if len(digits) % 2 else "")
    return bytes(_swap_nibbles(int(padded[i:i + 2], 16)) for i in range(0, len(padded), 2))


def _bcd_decode(octets: bytes, count: int) -> str:
    nibbles: list[int] = []
    for octet in octets:
        nibbles += [octet & 0x0F, octet >> 4]
    return "".join(_BCD_DIGITS[n] if n < len(_BCD_DIGITS) else "" for n in nibbles[:count])


def encode_address(number: str) -> bytes:
    """TP-DA/TP-OA: digit count, type of address, swapped BCD. '+' marks an international number."""
    international = number.startswith("+")
    digits = number[1:] if international else number
    if not digits.isdigit() or not digits.isascii() or len(digits) > 20:
        raise PduError(f"phone number {number!r} must be 1-20 digits, optionally after '+'")
    toa = _TOA_INTERNATIONAL if international else _TOA_UNKNOWN
    return bytes([len(digits), toa]) + _bcd_encode(digits)


def _read_address(reader: _Reader, field: str) -> str:
    digit_count = reader.octet(f"{field} length")
    toa = reader.octet(f"{field} type")
    octets = reader.take((digit_count + 1) // 2, field)
    type_of_number = (toa >> 4) & 0x07
    if type_of_number == _TON_ALPHANUMERIC:
        return gsm7.decode(gsm7.unpack(octets, digit_count * 4 // 7))
    digits = _bcd_decode(octets, digit_count)
    return "+" + digits if type_of_number == _TON_INTERNATIONAL else digits


def _encode_smsc(smsc: str | None) -> bytes:
    """The SMSC field; length 0 means 'use the SMSC stored on the SIM'."""
    if smsc is None:
        return b"\x00"
    address = encode_address(smsc)
    return bytes([len(address) - 1]) + address[1:]


def _split_smsc(data: bytes, tpdu_length: int | None) -> tuple[str | None, bytes]:
    """Separate the SMSC field from the TPDU. A modem that omits the field is recognised by
    the TPDU length it announced (+CMGR/+CMGL/+CDS give it) matching the whole PDU."""
    if tpdu_length is not None and tpdu_length == len(data):
        return None, data
    if not data:
        raise PduError("PDU is empty")
    length = data[0]
    if length == 0:
        return None, data[1:]
    field = _Reader(data[1:1 + length])
    toa = field.octet("SMSC type")
    digits = _bcd_decode(field.rest(), 2 * (length - 1))
    smsc = "+" + digits if (toa >> 4) & 0x07 == _TON_INTERNATIONAL else digits
    return smsc or None, data[1 + length:]


def _bcd_pair(value: int) -> int:
    return _swap_nibbles(((value // 10) << 4) | (value % 10))


def encode_timestamp(moment: datetime) -> bytes:
    """TP-SCTS: seven swapped-BCD octets, the offset in quarter hours with a sign bit."""
    offset = moment.utcoffset()
    if offset is None:
        raise PduError("an SMS timestamp needs a time zone")
    quarters = int(offset.total_seconds()) // 900
    fields = [moment.year % 100, moment.month, moment.day, moment.hour, moment.minute, moment.second]
    zone = _bcd_pair(abs(quarters)) | (0x08 if quarters < 0 else 0)
    return bytes(_bcd_pair(value) for value in fields) + bytes([zone])


def decode_timestamp(octets: bytes) -> datetime | None:
    """TP-SCTS to an aware datetime; None when the fields are not a real moment."""
    fields = []
    for octet in octets[:6]:
        low, high = octet & 0x0F, octet >> 4
        if low > 9 or high > 9:
            return None
        fields.append(low * 10 + high)
    zone = octets[6]
    quarters = (zone & 0x07) * 10 + (zone >> 4)
    if zone & 0x08:
        quarters = -quarters
    year, month, day, hour, minute, second = fields
    year += 1900 if year >= 90 else 2000  # SMS dates back to 1992
    try:
        return datetime(year, month, day, hour, minute, second,
                        tzinfo=timezone(timedelta(minutes=15 * quarters)))
    except ValueError:
        return None


def encode_relative_validity(validity: timedelta) -> int:
    """TP-VP, relative format (TS 23.040 §9.2.3.12.1): the smallest value not shorter."""
    minutes = max(5, -(-int(validity.total_seconds()) // 60))
    if minutes <= 12 * 60:
        return -(-minutes // 5) - 1
    if minutes <= 24 * 60:
        return 143 + -(-(minutes - 12 * 60) // 30)
    days = -(-minutes // (24 * 60))
    if days <= 30:
        return 166 + days
    weeks = -(-days // 7)
    if weeks > 63:
        raise PduError(f"validity {validity} is longer than the 63 weeks an SMS can carry")
    return 192 + weeks


def _concat_udh(concat: ConcatInfo) -> bytes:
    return bytes([5, _IE_CONCAT_8BIT, 3, concat.ref, concat.total, concat.seq])


def _parse_udh(udh: bytes) -> ConcatInfo | None:
    """The concatenation IE (8- or 16-bit reference) if any; other IEs are skipped. A
    concatenation IE with impossible numbers is ignored, as TS 23.040 §9.2.3.24.1 says."""
    position = 0
    while position + 2 <= len(udh):
        ie, length = udh[position], udh[position + 1]
        data = udh[position + 2:position + 2 + length]
        position += 2 + length
        if ie == _IE_CONCAT_8BIT and len(data) == 3:
            ref, total, seq = data
        elif ie == _IE_CONCAT_16BIT and len(data) == 4:
            ref, total, seq = (data[0] << 8) | data[1], data[2], data[3]
        else:
            continue
        if total >= 1 and 1 <= seq <= total:
            return ConcatInfo(ref=ref, total=total, seq=seq)
    return None


def _encode_user_data(text: str, encoding: Encoding, udh: bytes) -> tuple[int, bytes]:
    """TP-UDL and TP-UD. With GSM-7 the UDH is followed by fill bits up to a septet boundary."""
    if encoding == "UCS-2":
        data = udh + text.encode("utf-16-be", "surrogatepass")
        return len(data), data
    header_septets = -(-len(udh) * 8 // 7)
    septets = [0] * header_septets + gsm7.encode(text)
    packed = gsm7.pack(septets)
    return len(septets), udh + packed[len(udh):]


_GENERAL_ALPHABETS: dict[int, Alphabet] = {0: "GSM-7", 1: "8-bit", 2: "UCS-2"}  # 3 is reserved


def _alphabet(dcs: int) -> Alphabet:
    """The character set a TP-DCS names (TS 23.038 §4)."""
    group = dcs >> 4
    if group <= 0x7:
        if dcs & 0x20:
            raise PduError(f"compressed SMS (DCS 0x{dcs:02X}) is not supported")
        return _GENERAL_ALPHABETS.get((dcs >> 2) & 0x03, "GSM-7")
    if group == 0xE:
        return "UCS-2"
    if group == 0xF:
        return "8-bit" if dcs & 0x04 else "GSM-7"
    return "GSM-7"


def _decode_user_data(data: bytes, length: int, alphabet: Alphabet,
                      has_header: bool) -> tuple[str, ConcatInfo | None]:
    header_octets = data[0] + 1 if has_header and data else 0
    if header_octets > len(data):
        raise PduError("user data header is longer than the user data")
    concat = _parse_udh(data[1:header_octets]) if header_octets else None
    if alphabet == "GSM-7":
        header_septets = -(-header_octets * 8 // 7)  # the UDH plus its fill bits
        available = min(length, len(data) * 8 // 7)
        return gsm7.decode(gsm7.unpack(data, available)[header_septets:]), concat
    body = data[header_octets:length]
    if alphabet == "UCS-2":
        # 'replace' turns a half surrogate pair (a sender split an emoji) into U+FFFD, so
        # the text is always storable; the raw PDU keeps the original.
        return body[: len(body) // 2 * 2].decode("utf-16-be", "replace"), concat
    return body.decode("latin-1"), concat


# ---------------------------------------------------------------- SMS-SUBMIT


def encode_submit(number: str, text: str, *, concat: ConcatInfo | None = None,
                  request_status_report: bool = True,
                  validity: timedelta | None = DEFAULT_VALIDITY, reference: int = 0,
                  encoding: Encoding | None = None) -> SubmitPdu:
    """One SMS-SUBMIT for a text that fits in one part (split first with build_submit_pdus)."""
    encoding = encoding or choose_encoding(text)
    udh = _concat_udh(concat) if concat else b""
    first = _MTI_SUBMIT
    first |= 0x10 if validity is not None else 0   # TP-VPF: relative
    first |= 0x20 if request_status_report else 0  # TP-SRR
    first |= 0x40 if udh else 0                    # TP-UDHI
    dcs = 0x08 if encoding == "UCS-2" else 0x00
    udl, user_data = _encode_user_data(text, encoding, udh)
    tpdu = bytes([first, reference & 0xFF]) + encode_address(number) + bytes([0x00, dcs])
    if validity is not None:
        tpdu += bytes([encode_relative_validity(validity)])
    tpdu += bytes([udl]) + user_data
    return SubmitPdu(hex=(_encode_smsc(None) + tpdu).hex().upper(), tpdu_length=len(tpdu))


def build_submit_pdus(number: str, text: str, *, concat_ref: int = 0,
                      request_status_report: bool = True,
                      validity: timedelta | None = DEFAULT_VALIDITY) -> list[SubmitPdu]:
    """Every part of ``text`` to ``number``, as SMS-SUBMIT PDUs in sending order."""
    encoding, parts = split_text(text)
    if not parts:
        raise PduError("cannot send an empty message")
    if len(parts) > MAX_PARTS:
        raise PduError(f"message needs {len(parts)} parts; at most {MAX_PARTS} can be joined")
    encode_address(number)  # reject a bad number before anything else
    return [
        encode_submit(number, part, encoding=encoding, request_status_report=request_status_report,
                      validity=validity,
                      concat=ConcatInfo(concat_ref & 0xFF, len(parts), seq) if len(parts) > 1 else None)
        for seq, part in enumerate(parts, start=1)
    ]


def _skip_validity(reader: _Reader, first: int) -> None:
    vpf = (first >> 3) & 0x03
    reader.take({0b00: 0, 0b10: 1, 0b01: 7, 0b11: 7}[vpf], "TP-VP")


def decode_submit(pdu_hex: str, tpdu_length: int | None = None) -> Submit:
    _, tpdu = _split_smsc(_from_hex(pdu_hex), tpdu_length)
    reader = _Reader(tpdu)
    first = reader.octet("first octet")
    if first & 0x03 != _MTI_SUBMIT:
        raise PduError(f"not an SMS-SUBMIT (first octet 0x{first:02X})")
    reference = reader.octet("TP-MR")
    number = _read_address(reader, "TP-DA")
    reader.octet("TP-PID")
    alphabet = _alphabet(reader.octet("TP-DCS"))
    _skip_validity(reader, first)
    length = reader.octet("TP-UDL")
    text, concat = _decode_user_data(reader.rest(), length, alphabet, bool(first & 0x40))
    return Submit(number=number, text=text, concat=concat,
                  status_report_requested=bool(first & 0x20), reference=reference)


# ---------------------------------------------------------------- SMS-DELIVER


def encode_deliver(sender: str, text: str, timestamp: datetime, *, smsc: str | None = None,
                   concat: ConcatInfo | None = None, encoding: Encoding | None = None) -> str:
    """One SMS-DELIVER, as a modem shows it in +CMGR (with the SMSC field). For the simulator."""
    encoding = encoding or choose_encoding(text)
    udh = _concat_udh(concat) if concat else b""
    first = _MTI_DELIVER | 0x04 | (0x40 if udh else 0)  # 0x04: TP-MMS, no more messages waiting
    dcs = 0x08 if encoding == "UCS-2" else 0x00
    udl, user_data = _encode_user_data(text, encoding, udh)
    tpdu = (bytes([first]) + encode_address(sender) + bytes([0x00, dcs])
            + encode_timestamp(timestamp) + bytes([udl]) + user_data)
    return (_encode_smsc(smsc) + tpdu).hex().upper()


def build_deliver_pdus(sender: str, text: str, timestamp: datetime, *, smsc: str | None = None,
                       concat_ref: int = 0) -> list[str]:
    """Every part of ``text`` as the network would deliver it. For the simulator."""
    encoding, parts = split_text(text)
    parts = parts or [""]
    return [
        encode_deliver(sender, part, timestamp, smsc=smsc, encoding=encoding,
                       concat=ConcatInfo(concat_ref & 0xFF, len(parts), seq) if len(parts) > 1 else None)
        for seq, part in enumerate(parts, start=1)
    ]


def decode_deliver(pdu_hex: str, tpdu_length: int | None = None) -> Deliver:
    smsc, tpdu = _split_smsc(_from_hex(pdu_hex), tpdu_length)
    return _decode_deliver_tpdu(smsc, tpdu)


def _decode_deliver_tpdu(smsc: str | None, tpdu: bytes) -> Deliver:
    reader = _Reader(tpdu)
    first = reader.octet("first octet")
    if first & 0x03 != _MTI_DELIVER:
        raise PduError(f"not an SMS-DELIVER (first octet 0x{first:02X})")
    sender = _read_address(reader, "TP-OA")
    reader.octet("TP-PID")
    alphabet = _alphabet(reader.octet("TP-DCS"))
    timestamp = decode_timestamp(reader.take(7, "TP-SCTS"))
    length = reader.octet("TP-UDL")
    text, concat = _decode_user_data(reader.rest(), length, alphabet, bool(first & 0x40))
    return Deliver(smsc=smsc, sender=sender, timestamp=timestamp, text=text, concat=concat,
                   alphabet=alphabet)


# ---------------------------------------------------------------- SMS-STATUS-REPORT


def delivery_status(status_code: int) -> DeliveryStatus:
    """TP-ST (TS 23.040 §9.2.3.15): 0x00-0x1F done, 0x20-0x3F SC still trying, the rest failed."""
    if status_code <= 0x1F:
        return "delivered"
    if status_code <= 0x3F:
        return "pending"
    return "failed"


def encode_status_report(reference: int, recipient: str, submitted: datetime,
                         discharged: datetime, status_code: int, *, smsc: str | None = None) -> str:
    """An SMS-STATUS-REPORT as a modem shows it in +CDS/+CMGR. For the simulator."""
    first = _MTI_STATUS_REPORT | 0x04
    tpdu = (bytes([first, reference & 0xFF]) + encode_address(recipient)
            + encode_timestamp(submitted) + encode_timestamp(discharged) + bytes([status_code]))
    return (_encode_smsc(smsc) + tpdu).hex().upper()


def decode_status_report(pdu_hex: str, tpdu_length: int | None = None) -> StatusReport:
    _, tpdu = _split_smsc(_from_hex(pdu_hex), tpdu_length)
    return _decode_status_report_tpdu(tpdu)


def _decode_status_report_tpdu(tpdu: bytes) -> StatusReport:
    reader = _Reader(tpdu)
    first = reader.octet("first octet")
    if first & 0x03 != _MTI_STATUS_REPORT:
        raise PduError(f"not an SMS-STATUS-REPORT (first octet 0x{first:02X})")
    reference = reader.octet("TP-MR")
    recipient = _read_address(reader, "TP-RA")
    submitted = decode_timestamp(reader.take(7, "TP-SCTS"))
    discharged = decode_timestamp(reader.take(7, "TP-DT"))
    status_code = reader.octet("TP-ST")
    return StatusReport(reference=reference, recipient=recipient,
                        status=delivery_status(status_code), status_code=status_code,
                        submitted=submitted, discharged=discharged)


def decode_received(pdu_hex: str, tpdu_length: int | None = None) -> Deliver | StatusReport:
    """A PDU read from the modem's storage: an SMS-DELIVER or an SMS-STATUS-REPORT."""
    smsc, tpdu = _split_smsc(_from_hex(pdu_hex), tpdu_length)
    if not tpdu:
        raise PduError("PDU has no TPDU after the SMSC field")
    if tpdu[0] & 0x03 == _MTI_STATUS_REPORT:
        return _decode_status_report_tpdu(tpdu)
    return _decode_deliver_tpdu(smsc, tpdu)
