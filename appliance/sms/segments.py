"""How a text splits into SMS parts. Pure.

GSM-7 when every character is in the GSM alphabet, else UCS-2 (UTF-16 in practice, so emoji
travel as surrogate pairs). A single SMS holds 160 septets or 70 UTF-16 units; a part of a
concatenated message loses 6 octets to the UDH: 153 septets or 67 units. A part boundary never
falls inside an escape pair or a surrogate pair, so no part ever carries half a character.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from appliance.sms import gsm7

Encoding = Literal["GSM-7", "UCS-2"]

SINGLE_LIMIT: dict[str, int] = {"GSM-7": 160, "UCS-2": 70}
PART_LIMIT: dict[str, int] = {"GSM-7": 153, "UCS-2": 67}
MAX_PARTS = 255  # the concatenation IE counts parts in one octet


@dataclass(frozen=True)
class SegmentInfo:
    encoding: Encoding
    parts: int
    units: int       # septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2
    per_part: int    # 160/153 (GSM-7) or 70/67 (UCS-2): what each part of this text can hold


def choose_encoding(text: str) -> Encoding:
    return "GSM-7" if gsm7.is_gsm7(text) else "UCS-2"


def units_of(char: str, encoding: Encoding) -> int:
    if encoding == "GSM-7":
        return gsm7.septet_length(char)
    return 2 if ord(char) > 0xFFFF else 1


def split_text(text: str) -> tuple[Encoding, list[str]]:
    """The encoding and the text of each part; no parts for an empty text."""
    encoding = choose_encoding(text)
    total = sum(units_of(char, encoding) for char in text)
    if total <= SINGLE_LIMIT[encoding]:
        return encoding, [text] if text else []
    limit = PART_LIMIT[encoding]
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        size = units_of(char, encoding)
        if used + size > limit:
            parts.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += size
    parts.append("".join(current))
    return encoding, parts


def count_parts(text: str) -> SegmentInfo:
    """What the admin page shows under the compose box: encoding, parts and units used."""
    encoding, parts = split_text(text)
    units = sum(units_of(char, encoding) for char in text)
    per_part = SINGLE_LIMIT[encoding] if len(parts) <= 1 else PART_LIMIT[encoding]
    return SegmentInfo(encoding=encoding, parts=len(parts), units=units, per_part=per_part)
