"""Who gets a text after a missed call: a pure decision over the caller ID and what we know.

Order matters only for the reason recorded on the call, which the admin shows ("not texted:
withheld number"), so the most specific reason comes first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from appliance import phone as phones


@dataclass(frozen=True)
class TextbackRules:
    region: str
    shop_phone: str                      # E.164
    ignore_numbers: frozenset[str]       # E.164
    cooldown: timedelta
    max_delay: timedelta = timedelta(hours=2)   # a call found later (CDR after an outage) is too stale past this


@dataclass(frozen=True)
class Decision:
    send: bool
    reason: str                          # 'queued', or why not
    phone: str | None                    # E.164 when the caller ID is a number


def decide_textback(caller_id: str, rules: TextbackRules, *, now: datetime,
                    opted_out: bool, last_textback_at: datetime | None, blocked: bool = False,
                    number_is_known_landline: bool | None = None,
                    call_ended_at: datetime | None = None) -> Decision:
    raw = (caller_id or "").strip()
    if phones.is_withheld(raw):
        return Decision(False, "withheld number", None)
    if phones.is_emergency(raw):
        return Decision(False, "emergency number", None)
    if phones.is_internal_extension(raw):
        return Decision(False, "internal extension", None)
    if phones.is_short_code(raw):
        return Decision(False, "short code", None)
    e164 = phones.normalise(raw, rules.region)
    if e164 is None:
        return Decision(False, "not a phone number", None)
    if e164 == rules.shop_phone:
        return Decision(False, "the shop's own number", e164)
    if e164 in rules.ignore_numbers:
        return Decision(False, "on the ignore list", e164)
    if blocked:
        return Decision(False, "blocked on the admin page", e164)
    if opted_out:
        return Decision(False, "opted out", e164)
    landline = phones.is_landline(e164) if number_is_known_landline is None else number_is_known_landline
    if landline:
        return Decision(False, "landline", e164)
    if last_textback_at is not None and now - last_textback_at < rules.cooldown:
        return Decision(False, "texted recently (cooldown)", e164)
    if call_ended_at is not None and now - call_ended_at > rules.max_delay:
        return Decision(False, "found too late to text back", e164)
    return Decision(True, "queued", e164)
