"""Phone numbers: normalise to E.164 with the shop's region, and tell what kind of number it is.

Pure functions over phonenumbers (Google's libphonenumber metadata), which knows far more
numbering plans than any hand-written regex.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

# What a caller ID looks like when the caller withheld it, across carriers and PBXs.
_WITHHELD = {"", "anonymous", "restricted", "private", "unavailable", "unknown", "<unknown>",
             "withheld", "blocked", "0", "s"}
_EMERGENCY = {"911", "112", "999", "933", "000", "110", "119"}


def normalise(raw: str, region: str = "US") -> str | None:
    """E.164 form of ``raw`` (``+15125550100``), or None when it is not a dialable phone number."""
    digits = (raw or "").strip()
    if not digits or digits.lower() in _WITHHELD:
        return None
    try:
        number = phonenumbers.parse(digits, region)
    except NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_withheld(raw: str) -> bool:
    return (raw or "").strip().lower() in _WITHHELD


def is_emergency(raw: str) -> bool:
    return re.sub(r"\D", "", raw or "") in _EMERGENCY


def is_short_code(raw: str) -> bool:
    """Five- and six-digit SMS short codes (and other very short service numbers)."""
    return 3 <= len(re.sub(r"\D", "", raw or "")) <= 6


def is_internal_extension(raw: str, max_extension_digits: int = 4) -> bool:
    """PBX extensions are short, plain digit strings (101, 2001); a real caller ID is not."""
    text = (raw or "").strip()
    return text.isdigit() and len(text) <= max_extension_digits


def is_landline(e164: str) -> bool:
    """True only when the numbering plan says fixed-line for sure.

    In the US and Canada a number can be fixed-line or mobile from the same block
    (FIXED_LINE_OR_MOBILE), so those stay textable: we only skip what is known to be a landline.
    """
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return False
    return phonenumbers.number_type(number) == PhoneNumberType.FIXED_LINE


def pretty(e164: str) -> str:
    """Human form for the admin page and alerts: (512) 555-0100 at home, +44 20 ... abroad."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL
                                      if number.country_code == 1 else
                                      phonenumbers.PhoneNumberFormat.INTERNATIONAL)
