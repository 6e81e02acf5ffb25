"""Find a service address in free text and normalise it with usaddress.

Customers write addresses mid-sentence, in capitals, with the unit first ("unit 4B at
1550 N Lake Shore Dr") or as a corner ("corner of Zarzamora and Culebra"). A regex
finds where a street address starts and ends (a house number, a street name, a street
type); usaddress then labels the parts. Numbers that are not addresses ("100 amp",
"2,400 sq ft", "3 yrs") never start one because no street type follows them.

Many customers give only a town or a ZIP ("Kennewick, by the high school", "57105"), or
the town in another message than the street. Those are looked up in the USPS table
(places.py), so a capitalised word or a five-digit number is a place only if it is one.
"""
from __future__ import annotations

import re

import usaddress

from . import places
from .given_names import is_given_name
from .lead import Address
from .profile import TradeProfile
from .spoken_numbers import with_spoken_house_numbers

STREET_TYPES = (
    "st|street|ave|avenue|av|rd|road|dr|drive|ln|lane|blvd|boulevard|ct|court|ter|terrace|trl|trail|"
    "terr|way|hwy|highway|pl|place|cir|circle|pkwy|parkway|loop|row|sq|square|pike|tpke|run|path|xing|"
    "crossing|cv|cove|pt|point|plz|plaza|aly|alley|expy|fwy|grv|grove|hts|heights|mnr|manor|"
    "pkway|rte|route|trce|trace|walk|bnd|bend|holw|hollow|crk|creek|cres|crescent"
)
# street types written before the name: Spanish, French, and "Avenue P" in Galveston or Brooklyn
PREFIX_TYPES = "avenida|calle|camino|paseo|via|callejon|carretera|vista|rancho|corte|entrada|rue"
# streets with no type at all: "1420 NE Broadway", "2608 Ave E"
_TYPELESS = r"(?:Broadway|(?:Avenue|Ave)\.? [A-Z](?![a-z])|[NSEW]\.? (?-i:[A-Z][a-z]{2,})(?=,?\s+(?-i:[A-Z])))"  # "608 N Elm Hutchinson"
STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|"
    "NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)
_NAME_WORD = r"(?:\d{1,3}(?:st|nd|rd|th)|[^\W\d_](?:[^\W\d_]|['.-])*)"
_DIRECTION = r"(?:[NSEW]|N\.|S\.|E\.|W\.|NE|NW|SE|SW|North|South|East|West)"
# roads known by a number: "County Road 14", "FM 2767", "Hwy 65", "State Route 9"
_NUMBERED_ROAD = (rf"(?:(?:Old\s+|(?:{STATES})\s+(?=Hwy|Highway|Route|Rte))?(?:County (?:Road|Rd|Hwy|Highway)|Co\.? (?:Road|Rd|Hwy)|CR|FM|RM|Farm to Market (?:Road|Rd)|Ranch (?:Road|Rd)|"
                  r"State (?:Hwy|Highway|Route|Rte|Road|Rd)|(?:Twp|Township) (?:Road|Rd)|(?-i:Rd|Road)(?=\s+(?:\d|(?-i:[A-Z])\b))|SR|US (?:Hwy|Highway|Route)?|Hwy|Highway|Route|Rte)\s+"
                  r"(?:\d{1,4}[A-Z]?|[A-Z]{1,2}\b)|M-\d{1,3})"  # Wisconsin's "County Rd K", Michigan's "M-53"
                  r"(?-i:\s+(?:Bypass|Byp|Business|Bus|Spur|Alt|Alternate|Truck|Connector)\b)?")  # "Hwy 17 Bypass"
_STREET = re.compile(
    # "94-1021 Waipahu St" (Hawaii, Queens), "217-B Palisade Ave", Wisconsin's rural "W8310 State Hwy 70"
    rf"\b(?P<number>(?:[NSEW](?=\d{{3,5}}\s))?\d{{1,6}}(?:-\d{{1,5}}|-[A-Za-z]\b)?[A-Za-z]?)\s+"
    rf"(?:(?P<numbered>(?:{_DIRECTION}\s+)?{_NUMBERED_ROAD}(?:\s+{_DIRECTION}\b)?)\b"
    rf"|(?P<grid>{_DIRECTION}\s+\d{{1,5}}\s+{_DIRECTION})\b(?!\s+(?:{STREET_TYPES})\b)"  # Utah's grid: "1380 E 2700 N"
    # "4410 Scenic Hwy 98": a highway's name and its number
    rf"|(?P<typed>(?:{_DIRECTION}\s+)?(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD}\s+(?:(?:hwy|highway)\s+\d{{1,4}}[A-Z]?(?=\s*(?:,|$))|(?:{STREET_TYPES})\b)\.?(?:\s+{_DIRECTION}\b\.?)?)"
    rf"|(?P<prefixed>(?:{_DIRECTION}\s+)?(?:{PREFIX_TYPES})\s+(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD})"
    rf"|(?P<typeless>(?:{_DIRECTION}\s+)?{_TYPELESS})\b)",
    re.IGNORECASE,
)
# "the yellow house on Cherry St", "Yolanda from Pigeon Rd": a capitalised street named without a number;
# or opening a message or sentence, then a comma and a capitalised word ("Saltwater Ln, Chincoteague")
_STREET_WITHOUT_NUMBER = (
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Ln|Lane|Blvd|Boulevard|Ct|Court|Way|Pkwy|Parkway|Hwy|Highway|Pl|Place|Ter|Terrace|Cir|Circle|Trl|Trail)\b"
)
_NAMED_STREET = re.compile(
    rf"(?:\b(?:on|off(?: of)?|along|from|near)\s+|(?:^\s*|[.!?]\s+)(?={_STREET_WITHOUT_NUMBER}\.?\s*,\s*[A-Z]))"
    # "on CR 4120, Paris TX", "on Hwy 12 about 3 miles past": a numbered road with no house number, in directions
    rf"(?P<street>(?i:{_NUMBERED_ROAD})\b(?=\s*(?:[,.!]|$|(?i:about|past|near|by|across|just|in|outside|north|south|east|west)\b))|{_STREET_WITHOUT_NUMBER})\.?"
)
# "Bentonville, Rainier Ln, the red mailbox" / "Amarillo, off Soncy near the Walmart" / "Rancho Cucamonga, en la
# Base Line": a message that opens with its town, then the street without a number (a bare name after "off", "on", "en")
_TOWN_THEN_STREET = re.compile(
    rf"^\W*(?P<town>[A-Z][a-z.'-]+(?:\s+[A-Z][a-z.'-]+){{0,2}}),\s+"
    rf"(?P<on>(?:off(?: of)?|on|en(?: la| el)?|por(?: la| el)?)\s+)?"
    rf"(?:(?P<street>(?i:{_NUMBERED_ROAD})\b|{_STREET_WITHOUT_NUMBER})|(?(on)(?P<bare>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b|(?!)))"
)
# Spanish puts the number after the street: "Calle Sol 118", "el 1309 de la Calle Morelos", "Ave. Pueblo 215"
# (an English "Ave" only opening the street, before a capitalised name: "5th Ave Apt 3" is no street)
_NUMBER_AFTER = re.compile(
    rf"\b(?P<street>(?:{PREFIX_TYPES}|(?<!\w\s)(?:ave|av|avenue)\.?(?=\s+(?-i:[A-Z][a-z]))(?!\s+(?:apt|unit|suite|ste|lot)\b))\s+(?:{_NAME_WORD}\s+){{0,3}}?{_NAME_WORD})\s+(?:#\s*)?(?P<number>\d{{1,6}})\b(?![:.,]?\d)"
    rf"|\b(?P<number_first>\d{{1,6}}) de la (?P<street_after>(?:{PREFIX_TYPES})\s+(?:{_NAME_WORD}\s+){{0,2}}{_NAME_WORD})",
    re.IGNORECASE,
)
# "88 Maple near the middle school, Dubuque": a house number and a bare street name, then a landmark and the town
_STREET_BY_LANDMARK = re.compile(
    r"\b(?P<number>\d{1,6})\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?=(?:near|by|across from|next to|behind|past)\b)")
# "RR 3 Box 71", "Rt 1 Box 227", "Star Rte Box 14": a rural route and its box
_RURAL = re.compile(r"\b(?:RR|R\.R\.|HC|Rural Route|Star (?:Route|Rte)|Rt|Rte|Route)\s*\d*\s*,?\s*Box\s*\d+", re.IGNORECASE)
# "Lot 22 Shady Acres MHP, Poplar Bluff": a lot in a mobile-home park, the park's name, then a comma and the town
_PARK_LOT = re.compile(r"\b(?P<lot>(?i:lot)\s+\d{1,4}[A-Z]?)\s+(?:at\s+)?(?P<park>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}(?:\s+MHP)?)(?=\s*,)")
_CORNER = re.compile(
    r"\b(?:corner of|intersection of|esquina de)\s+(?P<a>[A-Z0-9][\w'.]*(?:\s[A-Z][\w'.]*){0,2})\s+(?:and|&|y|con)\s+(?P<b>[A-Z0-9][\w'.]*(?:\s[A-Z][\w'.]*){0,2})"
)
_UNIT = re.compile(r"(?<!invoice )(?<!order )(?<!job )(?:\b(?:unit|apt\.?|apartment|suite|ste\.?|lot|bldg)|#)\s*#?\s*(?P<id>\d+[A-Za-z]?|[A-Za-z]\d*)\b", re.IGNORECASE)
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")
_STATE = re.compile(rf"^(?:{STATES})$")
# Words that end a city: what people write after an address that is not a place.
_NOT_PLACE = {
    "hurry", "please", "pls", "asap", "thanks", "thank", "thx", "help", "now", "the", "blue", "house",
    "downstairs", "upstairs", "unit", "tenants", "tenant", "is", "are", "we", "i", "my", "our", "its",
    "it's", "and", "but", "call", "text", "today", "tomorrow", "tonight", "near", "by", "next", "apt",
    "gracias", "por", "favor", "me", "llamo", "soy", "name", "this", "thats", "that's", "im", "i'm",
    "name's", "btw", "lol", "ok", "okay", "yes", "no", "can", "you", "come", "if", "so", "also",
}

# state codes that are also words ("Tampa, Monday or Tuesday"): a state only in capitals
_STATE_LOOKING_WORDS = {"or", "in", "me", "hi", "ok", "oh", "la", "de", "al", "co", "pa", "ma", "mi", "id"}

_WORDS = r"[A-Za-z][A-Za-z.'-]*(?:\s+[A-Za-z][A-Za-z.'-]*){0,2}"
_TOWN_STATE = re.compile(rf"(?P<words>{_WORDS})\s*,?\s+(?P<state>{STATES})\b(?:\s*,?\s*(?P<zip>\d{{5}})\b)?")
_TOWN_ZIP = re.compile(rf"(?P<words>{_WORDS})\s*,?\s+(?P<zip>\d{{5}})\b")
_TOWN_FIRST = re.compile(rf"^\W*(?P<words>{_WORDS})\s*(?:[,.!]|\s-\s|$)")
# "door works fine. Appleton - Shay Vang": a sentence that opens with the town, then a pause
_TOWN_OPENS_SENTENCE = re.compile(rf"[.!?]\s+(?P<words>{_WORDS})\s*(?:,|\s[-\u2013\u2014]\s)")
# "— Lamar Gibbs, Brunswick" / "Vic, Lakewood": a signed name, then the town, closing the message
_TOWN_AFTER_NAME = re.compile(r"\b[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)*,\s+(?P<words>[A-Z][a-z.'-]+(?:\s+[A-Z][a-z.'-]+){0,2})\s*[.!]?\s*$")
# "thx. Eau Claire": a town closing the message after a thanks (one capitalised word there is a signed name)
_TOWN_AFTER_THANKS = re.compile(rf"\b(?i:thx|thanks|thank you|ty|tia|gracias)\s*[.!,]+\s*(?P<words>{_WORDS})\s*[.!]?\s*$")
_TOWN_AFTER = re.compile(r"\b(?:in|from|near|out in|over in|en|estoy en|vivo en)\s+(?P<words>[A-Z][a-z.'-]+(?:\s+[A-Z][a-z.'-]+){0,2})")
# A five-digit number that is a price, a model, an order or a size is not a ZIP.
_LONE_ZIP = re.compile(
    r"(?<![$#\d.,])(?<!model )(?<!serial )(?<!invoice )(?<!order )(?<!job )(?<!account )(?<!ticket )"
    r"\b(?P<zip>\d{5})\b(?![.,]?\d)(?!\s*(?:btu|sq|square|k\b|kw|dollars|miles|mi\b|lbs|gal|ft|\$))"
    rf"(?!\s+(?:{_DIRECTION}\s+)?(?:{_NAME_WORD}\s+){{0,3}}(?:{STREET_TYPES})\b)",  # "18415 Van Aken Blvd": a house number
    re.IGNORECASE)

def _tail(text: str) -> str:
    """What may follow a street: unit, city, state, ZIP; up to the end of the sentence
    (the full stop of 'St. Louis', 'Ft. Myers', 'Mt. Vernon' ends no sentence)."""
    stop = re.search(r"[!?\n]|(?<!\bSt)(?<!\bFt)(?<!\bMt)\.(?:\s|$)(?![A-Z]{2}\b)", text)
    return text[: stop.start()] if stop else text


def _place_tokens(tail: str) -> tuple[str, str, str, str]:
    """Split a tail like ', unit 3, Sugar Land TX 77479' into (unit, city, state, zip)."""
    unit = ""
    unit_match = _UNIT.search(tail)
    if unit_match and unit_match.start() < 12:
        unit = unit_match.group("id")
        tail = tail[: unit_match.start()] + " " + tail[unit_match.end():]
    city_words: list[str] = []
    state = zip_code = ""
    for token in re.split(r"[\s,]+", re.sub(r"^\W*\b(?:in|en|outside)\b", "", tail.strip())):
        if not token:
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z'.-]*|\d{5}(?:-\d{4})?", token):
            break  # a place is words and a ZIP: "a0", "6th" or "#3" end it
        if _ZIP.fullmatch(token):
            zip_code = token
            break
        lower_case_state = city_words and token.lower() not in _STATE_LOOKING_WORDS
        if _STATE.match(token.upper().rstrip(".")) and (token.isupper() or lower_case_state) and len(token.rstrip(".")) == 2:
            state = token.upper().rstrip(".")
            continue
        if state or token.lower() in _NOT_PLACE or len(city_words) == 3:
            break
        city_words.append(token)
    return unit, " ".join(city_words).strip(" ,."), state, zip_code


def _normalise_street(street: str) -> str:
    """usaddress labels the street's parts; we rebuild it in the usual order."""
    try:
        parts, _ = usaddress.tag(street)
    except usaddress.RepeatedLabelError:
        return street
    order = ("AddressNumber", "StreetNamePreDirectional", "StreetNamePreType", "StreetName",
             "StreetNamePostType", "StreetNamePostDirectional", "USPSBoxGroupType", "USPSBoxGroupID",
             "USPSBoxType", "USPSBoxID")
    rebuilt = " ".join(parts[k] for k in order if k in parts)
    return rebuilt if rebuilt and _word_set(rebuilt) >= _word_set(street) else street  # "Ranch Rd 170" is not "Ranch Rd"


def _word_set(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.lower()))


def _candidates(message: str) -> list[tuple[int, str, str]]:
    """(strength, street, tail) for every address-like span in one message."""
    found = []
    for match in _STREET.finditer(message):
        found.append((3, match.group(0).rstrip(". "), _after_street(match, message)))
    for match in _NUMBER_AFTER.finditer(message):
        number, street = match.group("number") or match.group("number_first"), match.group("street") or match.group("street_after")
        found.append((3, f"{number} {street}", message[match.end():]))
    for match in _STREET_BY_LANDMARK.finditer(message):
        town = _town_after_directions(_tail(message[match.end():]))
        if town:
            found.append((2, f"{match.group('number')} {match.group('name')}", f", {town}"))
    for match in _PARK_LOT.finditer(message):
        found.append((2, f"{match.group('lot').title()} {match.group('park')}", message[match.end():]))
    for match in _RURAL.finditer(message):
        found.append((3, match.group(0), message[match.end():]))
    for match in _CORNER.finditer(message):
        found.append((2, f"{match.group('a')} & {match.group('b')}", message[match.end():]))
    for match in _NAMED_STREET.finditer(message):
        found.append((1, match.group("street"), message[match.end():]))
    town_first = _TOWN_THEN_STREET.match(message)
    if town_first and places.is_town(town_first.group("town")):
        found.append((1, town_first.group("street") or town_first.group("bare"), f" {town_first.group('town')}"))
    return found


_BEFORE_STREET = re.compile(rf"(?:^|[.!?/]\s+)(?P<words>{_WORDS}?)(?:\s+(?P<state>{STATES}))?(?P<comma>,)?\s*$")


def _after_street(match: re.Match[str], message: str) -> str:
    """What may hold the street's town: the words after it, or the town written before it.

    'Waterville, 14 Silver St. Dwight' or 'Kinston NC, 602 N Queen St. Shirley Faison': after a
    full stop the next word is the sign-off, so the town given first is the street's.
    'Shelby, 4105 Old Bullard Rd Tyler' keeps Tyler; 'Twin Falls 1214 Addison Ave E', nothing after the
    street, takes the town written first even with no comma.
    """
    tail = message[match.end():]
    nothing_after = not _tail(tail).strip(" ,.!")  # "Bozeman 302 S Willson Ave": the town came first, no comma
    if not (match.group(0).endswith(".") or nothing_after):
        return tail
    before = _BEFORE_STREET.search(message[:match.start()])
    if not before:
        return tail
    state = before.group("state") or ""
    if before.group("comma") and match.group(0).endswith("."):
        town = _known_town(before.group("words"), lambda name: places.is_town(name, state))
    else:  # the words before must be the town and nothing else: "Denise Carver, 1450 ..." is a signed name
        whole = places.is_town(before.group("words"), state) and (before.group("comma") or before.start() == 0)
        town = before.group("words") if whole else ""
    return f" {town} {state}" if town else tail


def find_address(messages: list[str], profile: TradeProfile | None = None) -> Address | None:
    """The service address: the most complete street given, else the town or ZIP given.

    A street without a town takes the town the customer named elsewhere.
    """
    street = _find_street(messages, profile)
    place = _find_place(messages, lone_word_is_town=street is not None and not (street.city or street.zip))
    if place:
        place = _completed(*place)
    if street is None:
        return _build("", "", *place, profile) if place else None
    if place and not (street.city or street.zip):
        return _build(street.street, street.unit, *place, profile)
    return street


def _find_street(messages: list[str], profile: TradeProfile | None) -> Address | None:
    best: tuple[int, Address] | None = None
    for message in map(with_spoken_house_numbers, messages):
        for strength, street, tail in _candidates(message):
            sentence_after = _tail(tail)
            unit, city, state, zip_code = _place_tokens(sentence_after)
            street, city = _saint_town(street, city, state)
            street, city = _town_inside_street(street, city, state)
            # ", Mobile" right after the street, or "Rd Sparks" ending the message: a town, even an everyday word
            town_slot = bool(re.match(r"\s*,\s*[A-Z]", tail)) or bool(city and re.fullmatch(rf"\W*{re.escape(city)}\W*", sentence_after))
            city = (_city_after_neighbourhood(_leading_town(city, state, town_slot), sentence_after, state)
                    or _neighbourhood(city, town_slot) or (_town_after_directions(sentence_after) if strength == 1 else ""))
            if not tail.lstrip().startswith(","):
                street, city = _compass_town(street, city, state)
            if not city:
                state = ""  # "2100 Derry St, whenever", "calle 5 de mayo": no town there
            if not unit:
                unit_anywhere = _UNIT.search(message)
                if unit_anywhere and unit_anywhere.group(0).lower() not in street.lower():  # "Lot 22 Shady Acres MHP" has it
                    unit = unit_anywhere.group("id")
            street = _normalise_street(street) if strength == 3 else street
            score = strength + bool(city) + bool(zip_code) + bool(state)
            address = _build(street, unit, city, state, zip_code, profile)
            if best is None or score >= best[0]:
                best = (score, address)
    return best[1] if best else None


_TOWN_BETWEEN_COMMAS = re.compile(r",\s*(?P<town>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\s*(?=,|$)")


def _town_after_directions(sentence: str) -> str:
    """'on CR 14 past the Lutheran church, Spearfish, 2nd farmhouse': a street with no number, directions along
    it, then its town set off by commas."""
    return next((match.group("town") for match in _TOWN_BETWEEN_COMMAS.finditer(sentence)
                 if places.is_town(match.group("town"))), "")


def _leading_town(words: str, state: str, everyday_ok: bool) -> str:
    """The longest run of ``words`` from the first that is a town: "Asheville reports water" -> Asheville.
    A town cut short of the words must be written with a capital ("gray duplex" is no town of Gray)."""
    tokens = words.split()
    for end in range(len(tokens), 0, -1):
        name = " ".join(tokens[:end])
        if (end == len(tokens) or name[0].isupper()) and places.is_town(name, state, everyday_ok=everyday_ok):
            return name
    return ""


def _city_after_neighbourhood(town: str, sentence: str, state: str) -> str:
    """'2415 Ave F Ensley Birmingham': a town the table knows, then with no comma between another, the
    neighbourhood and its city: the city is kept ('... Fort Worth, Tracy' is a town and a signed name)."""
    after = re.match(rf"\W*{re.escape(town)}\s+(?P<rest>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}})", sentence) if town else None
    return (after and _leading_town(after.group("rest"), state, everyday_ok=False)) or town


# "1547 Folly Rd, James Island": a part of town the USPS table does not list, named by a place word
_NEIGHBOURHOOD = re.compile(r"(?:[A-Z][a-z]+ ){1,2}(?:Island|Isle|Heights|Hills|Village|Park|Beach|Estates|Lakes?|Valley|Harbor|Point|Ridge)")


def _neighbourhood(words: str, town_slot: bool) -> str:
    return words if town_slot and _NEIGHBOURHOOD.fullmatch(words) else ""


_COMPASS_AT_END = re.compile(r"\s(?P<compass>North|South|East|West)$")


def _compass_town(street: str, city: str, state: str) -> tuple[str, str]:
    """'920 Abbott Rd East Lansing': a compass word after the street type begins the town when the two
    make a town together (East Lansing, South San Francisco, West Palm Beach); with a comma after the
    street ('Grand Ave South, San Francisco') the writer has said otherwise."""
    compass = _COMPASS_AT_END.search(street)
    if compass and city and places.is_town(f"{compass.group('compass')} {city}", state):
        return street[: compass.start()], f"{compass.group('compass')} {city}"
    return street, city


_INNER_STREET_TYPE = re.compile(rf"\b(?:{STREET_TYPES})\b\.?\s+", re.IGNORECASE)


def _town_inside_street(street: str, city: str, state: str) -> tuple[str, str]:
    """'18415 Van Aken Blvd Shaker Heights': the street regex took the town too, as Heights is a street type."""
    if city:
        return street, city
    for inner in _INNER_STREET_TYPE.finditer(street):
        rest = street[inner.end():].strip()
        if rest and places.is_town(rest, state):
            return street[: inner.end()].rstrip(), rest
    return street, city


_SAINT_AT_END = re.compile(rf"\b(?:{STREET_TYPES})\.?\s+(?P<saint>St|Ste|Saint)\.?$", re.IGNORECASE)


def _saint_town(street: str, city: str, state: str) -> tuple[str, str]:
    """'2814 Frederick Ave St Joseph': the last 'St' begins the town (St Joseph), not the street."""
    saint = _SAINT_AT_END.search(street)
    if saint and city:
        for town in (f"{saint.group('saint')} {city}", f"Saint {city}"):  # the table spells some towns out
            if places.is_town(town, state):
                return street[: saint.start("saint")].rstrip(), town
    return street, city


def _find_place(messages: list[str], lone_word_is_town: bool = False) -> tuple[str, str, str] | None:
    """(town, state, ZIP) the customer named without a street, the most complete, latest on a tie.

    ``lone_word_is_town``: a street came without its town, so if no town was named any other way, a
    message that is one capitalised word naming a town ("1024 Lane Allen Rd" / "Lexington") is that
    town, not a signed name."""
    return _best_place(messages, lone_word_is_town=False) or (
        _best_place(messages, lone_word_is_town=True) if lone_word_is_town else None)


def _best_place(messages: list[str], lone_word_is_town: bool) -> tuple[str, str, str] | None:
    best: tuple[int, tuple[str, str, str]] | None = None
    for index, message in enumerate(messages):
        for found in _places_in(message, lone_word_is_town or _closing_lone_town(messages, index)):
            score = sum(bool(part) for part in found)
            if best is None or score >= best[0]:
                best = (score, found)
    return best[1] if best else None


def _closing_lone_town(messages: list[str], index: int) -> bool:
    """'the ceiling came down' / 'Tacoma': a town alone closing the conversation is where the job is;
    a word that is a common given name too ('Dana', 'Kyle') or set after a dash ('-Colt') is a signed name."""
    word = re.sub(r"^\W+|\W+$", "", messages[index])
    signed = re.match(r"\s*[-\u2013\u2014~]", messages[index])
    return 0 < index == len(messages) - 1 and " " not in word and not signed and not is_given_name(word)


def _completed(town: str, state: str, zip_code: str) -> tuple[str, str, str]:
    """Fill what the ZIP tells ("57105" is Sioux Falls, SD); "wausau" is written Wausau."""
    zip_town, zip_state = places.town_of_zip(zip_code) if zip_code else ("", "")
    town = town or zip_town
    return (town.title() if town.islower() else town), state or zip_state, zip_code


def _places_in(message: str, lone_word_is_town: bool = False) -> list[tuple[str, str, str]]:
    found = []
    for match in _TOWN_STATE.finditer(message):
        state = match.group("state")
        town = _known_town(match.group("words"), lambda name, state=state: places.is_town(name, state))
        if town:
            found.append((town, state, match.group("zip") or ""))
    for match in _TOWN_ZIP.finditer(message):
        zip_state = places.town_of_zip(match.group("zip"))[1]  # "Tobias, 49503": a name, as 49503 is in MI
        town = _known_town(match.group("words"), lambda name, zip_state=zip_state: places.is_town(name, zip_state))
        if town and zip_state:
            found.append((town, "", match.group("zip")))
    openings = [_TOWN_FIRST.search(message), *_TOWN_OPENS_SENTENCE.finditer(message)]
    found += [(town, "", "") for opening in openings
              if opening and (town := _opening_town(opening.group("words"), message, lone_word_is_town))]
    thanked = _TOWN_AFTER_THANKS.search(message)
    if thanked and places.is_town(thanked.group("words")) and (
            " " in thanked.group("words") or thanked.group("words").islower() or lone_word_is_town):
        found.append((thanked.group("words"), "", ""))
    closing = _TOWN_AFTER_NAME.search(message)
    if closing and places.is_town(closing.group("words")):
        found.append((closing.group("words"), "", ""))
    # "we're in Cedar Rapids": the whole capitalised run must be the town ("from Apex Supply" is not)
    found += [(match.group("words"), "", "") for match in _TOWN_AFTER.finditer(message)
              if match.group("words").lower() not in _NOT_PLACE and places.is_town(match.group("words"))]
    found += [("", "", match.group("zip")) for match in _LONE_ZIP.finditer(message)
              if places.is_zip(match.group("zip"))]
    return found


def _opening_town(words: str, message: str, lone_word_is_town: bool = False) -> str:
    """A town the message opens with ("Kennewick, by the high school"; "laconia. shauna").

    A message that is only a capitalised word is read as a signed name ("Jordan"), not a
    town; the same word typed in lower case on its own ("wausau") is read as the town, and so
    is a town of two or more words alone ("Glens Falls"), as names.py reads it.
    """
    tokens = words.split()
    bare_message = re.sub(r"^\W+|\W+$", "", message).lower()
    for end in range(len(tokens), 0, -1):
        if end < len(tokens) and not tokens[end - 1].endswith((".", ",")):
            continue  # "Brent Haugland" is one name, not the town of Brent and a word
        name = " ".join(tokens[:end]).strip(".,")
        if name.lower() == bare_message and not name.islower() and len(name.split()) == 1 and not lone_word_is_town:
            continue
        if name.lower() not in _NOT_PLACE and places.is_town(name):
            return name
    return ""


def _known_town(words: str, is_town) -> str:
    """The longest run of ``words`` ending at the last one that names a town ("near Glens Falls")."""
    tokens = words.split()
    for start in range(len(tokens)):
        name = " ".join(tokens[start:]).strip(".,")
        if name.lower() not in _NOT_PLACE and is_town(name):
            return name
    return ""


def _build(street: str, unit: str, city: str, state: str, zip_code: str,
           profile: TradeProfile | None) -> Address:
    line = street + (f" Unit {unit}" if unit else "")
    place = " ".join(p for p in (state, zip_code) if p)
    text = ", ".join(p for p in (line, city, place) if p)
    return Address(text=text, street=street, unit=unit, city=city, state=state, zip=zip_code,
                   in_service_area=in_service_area(city, zip_code, profile))


def in_service_area(city: str, zip_code: str, profile: TradeProfile | None) -> bool | None:
    """True/False when the configured ZIPs or towns can tell; None when they cannot."""
    if profile is None or not (profile.service_zips or profile.service_towns):
        return None
    if zip_code and profile.service_zips:
        return zip_code[:5] in profile.service_zips
    if city and profile.service_towns:
        return city.lower() in {t.lower() for t in profile.service_towns}
    return None

