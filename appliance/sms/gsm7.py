"""The GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1) and septet packing. Pure.

A character of the basic table is one septet; a character of the extension table is two
(ESC 0x1B, then its code). Septets are packed little-endian: septet i occupies bits
7i .. 7i+6 of the octet stream (TS 23.038 §6.1.2.1.1).
"""

from __future__ import annotations

ESCAPE = 0x1B

# The basic table, indexed by septet value. 0x1B is the escape to the extension table; it
# never stands for a character of its own, so it holds a placeholder that no text contains.
_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
assert len(_BASIC) == 128

# The extension table (TS 23.038 §6.2.1.1): ESC + code.
_EXTENSION = {
    0x0A: "\f",
    0x14: "^",
    0x28: "{",
    0x29: "}",
    0x2F: "\\",
    0x3C: "[",
    0x3D: "~",
    0x3E: "]",
    0x40: "|",
    0x65: "€",
}

_CHAR_TO_SEPTETS: dict[str, tuple[int, ...]] = {
    char: (code,) for code, char in enumerate(_BASIC) if code != ESCAPE
}
_CHAR_TO_SEPTETS.update({char: (ESCAPE, code) for code, char in _EXTENSION.items()})


def is_gsm7(text: str) -> bool:
    return all(char in _CHAR_TO_SEPTETS for char in text)


def septet_length(text: str) -> int:
    """How many septets ``text`` takes (extension characters count two). Text must be GSM-7."""
    return sum(len(_CHAR_TO_SEPTETS[char]) for char in text)


def encode(text: str) -> list[int]:
    """Text to septet values. Raises ValueError naming the first character GSM-7 lacks."""
    septets: list[int] = []
    for position, char in enumerate(text):
        codes = _CHAR_TO_SEPTETS.get(char)
        if codes is None:
            raise ValueError(f"character {char!r} at position {position} is not in the GSM-7 alphabet")
        septets.extend(codes)
    return septets


def decode(septets: list[int]) -> str:
    """Septet values to text.

    An escape followed by a code the extension table lacks shows the basic-table character
    of that code, as TS 23.038 tells a receiver to; a trailing lone escape is dropped.
    """
    chars: list[str] = []
    escaped = False
    for septet in septets:
        if escaped:
            chars.append(_EXTENSION.get(septet, _BASIC[septet] if septet != ESCAPE else " "))
            escaped = False
        elif septet == ESCAPE:
            escaped = True
        else:
            chars.append(_BASIC[septet])
    return "".join(chars)


def pack(septets: list[int]) -> bytes:
    """Pack septets into octets, least significant bit first."""
    value = 0
    for position, septet in enumerate(septets):
        value |= (septet & 0x7F) << (7 * position)
    return value.to_bytes((7 * len(septets) + 7) // 8, "little")


def unpack(octets: bytes, count: int) -> list[int]:
    """The first ``count`` septets packed in ``octets``. Raises ValueError when too short."""
    if 7 * count > 8 * len(octets):
        raise ValueError(f"{len(octets)} octets cannot hold {count} septets")
    value = int.from_bytes(octets, "little")
    return [(value >> (7 * position)) & 0x7F for position in range(count)]
