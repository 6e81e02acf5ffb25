"""When the customer wants the visit: find their words, let dateparser turn them into a time.

Finding is ours (dateparser's own search reads "2 units" or "3 yrs" as dates); parsing
is dateparser's, relative to a `now` handed in and in the business time zone.
"""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import dateparser

from .lead import PreferredTime
from .text import fold

_DAY = r"(?:mon|tues|tue|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?s?"
_PART = r"(?:morning|afternoon|evening|night|am|pm)s?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_WHEN = re.compile(
    rf"\b(?:"
    rf"(?:any|this|next|on|every|a) {_DAY}(?: (?:in|of) {_MONTH}| {_PART}| at \d{{1,2}}(?::\d\d)? ?(?:am|pm)?)?"
    rf"|{_DAY}(?: {_PART}| at \d{{1,2}}(?::\d\d)? ?(?:am|pm)?| after \d{{1,2}}| before \d{{1,2}})?"
    rf"|(?:tomorrow|tmrw|tmr|tmrow|2morrow|today|tonight)(?: {_PART}| at \d{{1,2}}(?::\d\d)? ?(?:am|pm)?| after \d{{1,2}})?"
    rf"|first thing(?: in the morning| tomorrow| tmrw)?"
    rf"|(?:this|next) (?:week|weekend|month)(?: sometime)?|sometime (?:this|next) (?:week|month)"
    rf"|weekdays?(?: after \d{{1,2}}(?: ?(?:am|pm))?)?|weekends?|(?:in the )?{_PART}(?= (?:are|is|work|would)\b)|{_PART} (?:are|is) best"
    rf"|after \d{{1,2}}(?::\d\d)? ?(?:am|pm)?(?= (?:is|works|would|are))|after \d{{1,2}} ?(?:am|pm)|before \d{{1,2}} ?(?:am|pm)"
    rf"|any day but {_DAY}|any ?time (?:this|next) week|asap|as soon as possible|right away|ahorita|lo antes posible"
    rf"|manana(?: en la manana| en la tarde| temprano| por la manana| por la tarde)?|hoy(?: en la tarde| en la manana)?|esta semana|la proxima semana|el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)"
    rf"|in (?:{_MONTH})\b|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?"
    rf")\b"
)
# Words dateparser does not know but customers write
_SPELLING = {"tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "2morrow": "tomorrow",
             "first thing": "9am", "asap": "now", "as soon as possible": "now", "right away": "now",
             "ahorita": "now", "lo antes posible": "now"}


def find_preferred_time(messages: list[str], now: datetime, timezone: str) -> PreferredTime | None:
    """The latest time wish in the texts; `start` only when dateparser can pin it down."""
    found = None
    for message in messages:
        folded = fold(message)
        for match in _WHEN.finditer(folded):
            if not _about_the_past(folded, match):
                found = match.group(0)
    if not found:
        return None
    return PreferredTime(text=found, start=_parse(found, now, timezone))


_PAST_BEFORE = re.compile(r"\b(?:during|since|last|back|ago|installed|repaired|replaced|fixed|put|came|was|were|did|until|til|till|from)\W*$")


def _about_the_past(text: str, match: re.Match[str]) -> bool:
    """'the storm Tuesday', "after Tuesday's storm", 'installed in June': not a wish for a visit."""
    before = " ".join(text[: match.start()].split()[-3:])
    after = text[match.end(): match.end() + 3]
    return bool(_PAST_BEFORE.search(before + " ")) or after.startswith("'s") or bool(
        re.search(r"\b(?:during|since|last|ago|installed|put in|was|were)\b", before))


def _parse(phrase: str, now: datetime, timezone: str) -> str | None:
    text = phrase
    for word, meaning in _SPELLING.items():
        text = re.sub(rf"\b{re.escape(word)}\b", meaning, text)
    text = re.sub(r"^(?:any|on|this|every|a) ", "", text)
    # "after 3" in a text about a house call means the afternoon
    text = re.sub(r"\b(?:after|before) ([1-7])\b(?! ?(?:am|pm))", r"\1pm", text)
    if now.tzinfo is not None:  # "tomorrow" is the business's tomorrow, wherever the box's clock is set
        now = now.astimezone(ZoneInfo(timezone))
    settings = {
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "TIMEZONE": timezone,
        "TO_TIMEZONE": timezone,
        "RETURN_AS_TIMEZONE_AWARE": True,
    }
    parsed = dateparser.parse(text, languages=["en", "es"], settings=settings)
    return parsed.isoformat() if parsed else None
