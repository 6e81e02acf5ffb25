"""Plain values the modem driver hands out: what arrived, and how the modem is doing."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from appliance.sms.pdu import ConcatInfo, StatusReport


@dataclass(frozen=True)
class IncomingPart:
    """One received SMS (or one part of a long one) still stored in the modem.

    It stays in the modem until the caller has committed it and calls
    ``Modem.delete(part.index, part.storage)``; ``appliance.sms.inbox`` stores the parts and
    joins long messages back together.
    """

    index: int | None        # slot in ``storage``; None for a message the modem never stored (+CMT)
    storage: str             # "SM" (SIM), "ME" (modem memory), ...
    sender: str              # E.164 ("+15125550123") when the network says it is international
    text: str
    timestamp: datetime | None  # when the SMSC received it, with the SMSC's UTC offset
    concat: ConcatInfo | None   # (ref, total, seq) for a part of a long message
    raw_pdu: str             # the PDU as read, kept so nothing is lost to a decoding bug


@dataclass(frozen=True)
class UnreadableMessage:
    """A stored message whose PDU could not be decoded even after re-reading it.

    Keep ``raw_pdu`` (nothing is lost) and delete the slot, or the storage fills up.
    """

    index: int
    storage: str
    raw_pdu: str
    reason: str


ModemEvent = IncomingPart | StatusReport | UnreadableMessage


@dataclass(frozen=True)
class ModemHealth:
    port: str
    model: str | None          # from ATI, e.g. "Quectel EC25"
    csq: int | None            # raw AT+CSQ <rssi>: 0-31, None when unknown (99)
    rssi_dbm: int | None       # -113 + 2 * csq
    registered: bool
    roaming: bool
    operator: str | None
    storage: str
    storage_used: int | None
    storage_total: int | None
    smsc: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
