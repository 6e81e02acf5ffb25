"""The customer's own name, only where they give it as theirs.

First-person introductions ("this is Karen", "me llamo Rogelio"), sign-offs ("thx - Ray"),
a name standing alone or right before the address. Names of other people ("my landlord
Mr. Okonkwo", "my cousin Ray", "her name is Shauna") are never taken: no pattern here
reads a third person.
"""
from __future__ import annotations

import re

from . import places
from .address import find_address
from .given_names import is_given_name
from .text import fold

# honorifics and ranks are part of how a person is called ("Dr. Wu", "Lt. Moore"): kept with the name
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sr|Sra|Srta|Mme|Lt|Sgt|Capt|[Ss]e[nñ]ora|[Ss]e[nñ]or|Do[nñ]a)\.?"
# a role worn as a title: part of the name before a surname alone ("Deacon Pryor", "Coach Reyes"), left off before
# a full name ("Pastor Mike Lindgren" is Mike Lindgren) and when typed in lower case ("soy la enfermera Maribel")
_ROLE_TITLE = re.compile(r"(?i:pastor|deacon|brother|sister|minister|reverend|rev|father|elder|nurse|coach"
                         r"|enfermera|enfermero|hermano|hermana|padre)\.?")
_JOINERS = ("&", "and", "y")  # a couple signing together: "Tyler & Amanda Roske", "Alejandro y Carmen Rios"
_LETTERS = r"[^\W\d_]"
_CAP = rf"(?:(?=[A-ZÁÉÍÓÚÑÜА-ЯЁ]){_LETTERS}+(?:[-']{_LETTERS}+)*)"  # Latin or Cyrillic capitals: "Ирина"
_ANY = rf"(?:{_LETTERS}+(?:[-']{_LETTERS}+)*)"
_INITIAL = r"(?:[A-Z]\.)"

_STOP = set("""
a an the and or but so if of to in on at by for from with about as into over after before is are was were be
been being am i i'm im it it's its this that these those my our your his her their we you he she they me us them
hi hello hey hola buenas good morning afternoon evening night yes no not ok okay thanks thank thx sorry please pls
just very really also still here there home back calling texting writing looking trying having getting going
wondering reaching contacting interested available outside inside upstairs downstairs kind sort sure glad happy
scared worried afraid sick tired busy new old same other another one two three urgent emergency asap again
monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight weekend weekdays
january february march april may june july august september october november december
furnace ac heater water roof door garage panel toilet sink drain pipe gas power heat air unit apt apartment
landlord tenant owner cousin wife husband son daughter mom dad neighbor the your company plumber electrician
de la el los las del en un una muy mi su que por para con y o bien aqui casa dueno duena inquilino vivo
desde hasta hacia entre sobre sin
call text msg message number phone st ave rd dr ln blvd ct way trl now gone done fine ready dry cold hot
broken leaking out off down up coming going late early open closed stuck wet flooded fixed covered
flooding flood fire smoke sparks leak burst
stop stopall unsubscribe cancel end quit revoke optout opt start unstop help info
update click realtor rr rt hwy lot po box parcel zip zipcode postal homeowner homeowners renter resident manager need want got have get press dial reply option currently actually probably definitely away traveling travelling unavailable retired lol haha
any invoice ticket
uh uhh um umm hmm erm reminder notice alert mile
привет здравствуйте спасибо пожалуйста да нет хорошо добрый день утро вечер срочно помогите
""".split())  # noqa: SIM905 (a word list reads best as lines of words)


_STREET_TYPES = r"(?:st|ave|avenue|rd|road|dr|drive|ln|lane|blvd|ct|court|way|trl|trail|pl|place|cir|pkwy|hwy|street)"
_STREET_TYPE = re.compile(_STREET_TYPES, re.IGNORECASE)


# a capitalised group with one of these words is a business signing, not a person ("Bayou Realty",
# "Suds City Laundromat", "Iglesia San Isidro"): shops, offices, clinics, churches and schools sign their texts
# with their name before the address. Words that are also common surnames (Park, Bank) are left out.
_COMPANY_WORDS = set("""
group realty property properties llc inc services management company co associates office title accounting
staffing freight logistics supply parts hardware motors auto mart market store shop stop plaza mall center
commons villas apts apartments co-op hotel motel inn lodge rentals rental leasing
dental dentistry care clinic hospital pharmacy medical pediatric pediatrics oncology nursing
laundromat laundry wash cafe café coffee kitchen grill diner bbq pizzeria pizza trattoria restaurant bar pub
tavern brewing brewery sushi burger po-boys deli bakery supper club fitness gym strength salon studio lashes spa
church chapel baptist lutheran presbyterian methodist ame parish fellowship ministries temple
school elementary middle academy preschool daycare farms farm ranch rancho world
restaurante taquería taqueria tacos mariscos panadería panaderia tienda lavandería lavanderia salón iglesia
clínica clinica carniceria pupuseria boutique estética estetica farmacia mercado abarrotes
""".split())  # noqa: SIM905 (a word list reads best as lines of words)


def _is_business(phrase: str) -> bool:
    """'Smile Dental Care', "Mama Dee's Kitchen", "Mama Rosa's": a business word, or a possessive (a person
    never signs as "Sal's", and "it's Lyle Hanneman's" is a place)."""
    words = [word.strip(",.;:!?()") for word in phrase.split()]
    possessive = any(word.endswith(("'s", "’s")) for word in words)
    return possessive or _is_spanish_shop(words[0]) or any(word.lower() in _COMPANY_WORDS for word in words)


def _is_spanish_shop(word: str) -> bool:
    """A Spanish shop's name opens with what it sells plus "-ería" ("Pupusería La Ceiba", "Ferretería Díaz"); the
    accent tells it from a given name (Valeria), its place first from a surname (Octavio Rentería)."""
    return len(word) > 5 and word.lower().endswith("ería")


# the capitalised run a name was cut from, as far as the next comma, number or lower-case word: "Studio 12",
# "Blue Door Cafe", "Tacos El Guero" (a candidate of one word may be the head of a business's name)
_SIGNED_RUN = re.compile(r"(?:[A-ZÀ-ÞА-ЯЁ][\w'’&.-]*|&)(?:[ \t]+(?:[A-ZÀ-ÞА-ЯЁ][\w'’&.-]*|&|de|del|la|el|los|on))*")


def _signed_run(match: re.Match[str], message: str) -> str:
    run = _SIGNED_RUN.match(message, match.start("n"))
    return run.group(0) if run else match.group("n")


def _clean(raw: str, any_case: bool) -> str | None:
    tokens = []
    words = raw.split()
    for index, token in enumerate(words):
        bare = token.strip(",.;:!?")
        following = words[index + 1] if index + 1 < len(words) else ""
        if tokens and bare.lower() in _JOINERS and following[:1].isupper() and not token.endswith(","):
            tokens.append(bare)
            continue
        if not bare:
            break
        if tokens and bare == "O" and following[:1].isupper():  # "Sean O Riley": O'Riley dictated with a space
            words[index + 1] = "O'" + following
            continue
        if tokens and _STREET_TYPE.fullmatch(bare):  # "Kayenta Dr," / "Tuskegee Rd": a street, not a person
            return None
        if bare.lower() in _STOP and not re.fullmatch(_TITLE, bare):
            break
        if not any_case and not (bare[0].isupper()):
            break
        tokens.append(token.rstrip(",;:!?") if re.fullmatch(_INITIAL, token.rstrip(",;:!?")) or re.fullmatch(_TITLE, token.rstrip(",;:!?")) else bare)
        if token.endswith((",", ";", ":", "!", "?")) or (token.endswith(".") and not re.fullmatch(_INITIAL + "|" + _TITLE, token)):
            break
        if len([t for t in tokens if t.lower() not in _JOINERS and not re.fullmatch(_TITLE, t)]) == 3:
            break
    while tokens and (tokens[-1].lower() in _STOP or tokens[-1].lower() in _JOINERS or re.fullmatch(_TITLE, tokens[-1])):
        tokens.pop()
    tokens = _without_role_title(tokens)
    if not tokens:
        return None
    name = " ".join(tokens)
    if _is_business(name):
        return None
    if not name.islower():
        return name
    titled = name.title()  # "o'brien" -> "O'Brien"; "ß" would become "Ss", micro "µ" a Greek "Μ": keep it as typed
    return titled if titled.lower() == name else name


def _without_role_title(tokens: list[str]) -> list[str]:
    """['Deacon', 'Ray', 'Tillman'] -> ['Ray', 'Tillman']; ['Deacon', 'Pryor'] stays (see _ROLE_TITLE)."""
    if len(tokens) > 1 and _ROLE_TITLE.fullmatch(tokens[0]) and (tokens[0].islower() or len(tokens) > 2):
        return tokens[1:]
    return tokens


_NAME = rf"(?:{_TITLE}\s+)?{_ANY}(?:\s+(?:{_ANY}|{_INITIAL})){{0,2}}\.?"
_COUPLE_HEAD = rf"(?:{_TITLE}\s+(?:&|and)\s+{_TITLE}\s+|{_CAP}\s+(?:&|and|y)\s+)"
_CAP_NAME = rf"(?:{_COUPLE_HEAD}|{_TITLE}\s+)?{_CAP}(?:\s+(?:{_CAP}|{_INITIAL})){{0,2}}\.?"

# (pattern, any case allowed) in order of trust
_STRONG = [
    rf"\bmy name(?:'s| is)\s+(?P<n>{_NAME})",
    rf"(?:^|[.!?,]\s*)name(?:'s| is|\s*:|\s*-)\s*(?P<n>{_NAME})",
    rf"\b(?:me llamo|mi nombre es|meu nome (?:e|é)|habla)\s+(?P<n>{_NAME})",
    # "account is under Beaumont, Lakeisha Beaumont": the surname, then the full name that ends with it
    rf"\b(?:account|order|job|appointment)(?: is |'s | )under\s+(?:(?P<surname>{_ANY}),\s+(?={_ANY}\s+(?P=surname)\b))?(?P<n>{_NAME})",
    rf"\bI'?m (?:her|his|their) (?:son|daughter|husband|wife|grandson|granddaughter|nephew|niece)\s+(?P<n>{_NAME})",
]
# "hola es Chuy del restaurante": Spanish "it's", opening the text, then where the texter is from
_ES_INTRO = rf"^\s*(?:(?i:hola|buenas|buenos d[ií]as)[,!]?\s+)?(?i:es)\s+(?P<n>{_CAP})\s+(?i:de|del)\b"
_WEAK_INTRO = rf"\b(?:this is|it's|its|it is|i am|i'm|im|soy(?: la| el)?|here's|heres)\s+(?P<n>{_NAME})(?P<after>\s*(?:[,.!\-]|$|\d|btw|here|and))?"
_SIGN_OFF = [
    rf"(?:^|\s)[-\u2013\u2014~]\s*(?P<n>{_CAP_NAME})\s*(?:$|,|\.|\d|@)",
    # closing the text, or before the address that closes it ("Thank you, Eunice Varner, 618 Ash St")
    rf"\b(?i:thanks|thank you|thx|ty|gracias|regards|cheers|sincerely|saludos)\b[\s!,.\-]*(?P<n>{_CAP_NAME})(?:\s*[.!]*\s*$|,\s*\d)",
]
# "- jess" alone in a message: a sign-off typed in lower case
_LOWER_SIGN_OFF = rf"^\s*[-\u2013\u2014~]\s*(?P<n>{_ANY})\s*$"
# the house number is followed by a street's capitalised name or a direction: "Says 58 on the thermostat" is no address
# (or a street typed in lower case that ends in its type: "Danielle 56 prospect ave hartford")
# a house number dictated in words: "twenty seven Orchard Lane", "one oh five Lakeview Terrace"
_SPOKEN_DIGITS = (r"(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
                  r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|oh)")
_SPOKEN_NUMBER = rf"{_SPOKEN_DIGITS}(?:[\s-]+{_SPOKEN_DIGITS})*"
_BEFORE_ADDRESS = (rf"(?:^|[.!?]\s+)(?P<n>{_CAP_NAME}),?\s+(?:[-\u2013\u2014]\s*)?(?:@\s*)?(?:{_SPOKEN_NUMBER}\s+[A-Z]|[NSEW]?\d{{1,6}}(?:-\d{{1,5}})?\s+(?:[NSEW]\.?\s+)?"
                   rf"(?:[A-Z0-9]|[a-z]+(?:\s+[a-z]+){{0,2}}\s+{_STREET_TYPES}\b)|RR\s)")
# "Ramon here." / "Gus Amundsen here, 6215 Stellhorn Rd"
_HERE = rf"(?:^|[.!?,]\s*)(?:(?i:hey|hi|hello)[,!]?\s+)?(?P<n>{_CAP_NAME})\s+(?:here\b|again[.,!])"  # "Gloria Ruiz again."
# "Travis Plunkett, can send my resume" / "Meredith Saint-Pierre, Keene NH"
_OPENING_FULL_NAME = rf"^\s*(?P<n>{_CAP}\s+{_CAP}),"
# "..., Duluth. Owen Lindahl" / "no rush at all, Kelsey Vroom": a full name closing the message
# (or an honorific and a surname: "..., Charleston SC. Dr. Ellis")
_CLOSING_FULL_NAME = (rf"(?:^|[.!?,]\s+)(?P<n>{_TITLE}\s+{_CAP}|(?:{_COUPLE_HEAD}|{_TITLE}\s+)?{_CAP}(?:\s+{_CAP})?\s+(?:{_CAP}|[A-Z]\.?))"
                      r"\s*[.!]?\s*$")
_COMPANY_WORD = "|".join(sorted((re.escape(word) for word in _COMPANY_WORDS), key=len, reverse=True))
# "Gina Lacoste, Bayou Realty" / "Lauren, TradeForce Staffing": a person signing for their company
_NAME_THEN_COMPANY = (rf"(?:^|[.!?,]\s+)(?P<n>{_CAP}(?:\s+{_CAP})?),\s+(?:[A-Z][\w&'.-]*\s+){{0,3}}"
                      rf"(?i:{_COMPANY_WORD})\b")
# the person an office signs with, or points to: a name and its role, either way round, or whom to ask for.
# Staff sign with their job ("Erica, office mgr", "Priya Natarajan (medical director)", "Vlad, super at 331 E 9th")
_ROLE = (r"(?:[a-záéíóúñ]+\s+){0,2}(?:mgr|manager|owner|super|superintendent|chef|cook|director|facilities|facility"
         r"|maintenance|landlord|sacristán|sacristan|custodian|admin|administrator|assistant|treasurer|trustee"
         r"|president|secretary|coordinator|supervisor|principal|foreman)")
_NAME_THEN_ROLE = rf"(?:^|[.!?,\-]\s*)(?P<n>{_CAP_NAME})(?:,\s*|\s*\(\s*)(?i:{_ROLE})\)?(?:\s*[.!]?\s*$|\s+(?:at|for|of)\b)"
# "I'm the super, Luis Ortega" / "Im her landlord, Dennis Kraus"
_ROLE_THEN_NAME = rf"\b(?i:i'?m|i am)\s+(?i:the|her|his|their|your)\s+(?i:{_ROLE}),\s*(?P<n>{_CAP_NAME})"
# "contact: Phil Anders" / "Ask for Amir" / "Mgr is Kwame Osei" (the person to deal with, for the office)
_CONTACT = (rf"\b(?i:contact(?: person)?(?:\s*:|\s+is)|ask for|(?:mgr|manager) is)\s+(?:(?i:{_ROLE}),\s*)?"
            rf"(?P<n>{_CAP_NAME})")
# "... Hablamos español. Call Marco": a sentence telling whom to call, closing the message, names the texter (a vendor)
_CALL_NAME = rf"(?:^|[.!?]\s+)(?i:call|text)\s+(?P<n>{_CAP_NAME})\s*[.!]?\s*$"
# "Owner is Gene Patterson, that's me"
_THATS_ME = rf"(?P<n>{_CAP_NAME}),?\s+(?i:that'?s me|that is me)\b"
# "Bright Beginnings, 2211 Shattuck Ave, Berkeley. Director, Naomi Feld": a name closing a message after its address,
# in a sentence of its own, is the person, whatever came before the address (a business's name with no business
# word to give it away). An abbreviation's stop ("St. Louis", "Mrs. Ames") ends no sentence.
# A street type's stop ends one ("Calhoun Ave. Mark Ruiz"); a name sentence followed by one in lower case
# ("Mark Ruiz. would like it in before june") closes the address too.
_AFTER_ADDRESS = (rf"\b\d{{1,6}}\s+(?:[NSEW]\.?\s+)?[A-Z0-9].*?(?:(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{{2}})|(?<=\bAve)|(?<=\bRd)|(?<=\bLn)|(?<=\bBlvd)|(?<=\bHwy))\.\s+"
                  rf"(?:(?i:{_ROLE}),\s*)?(?P<n>{_CAP_NAME})\s*(?:[.!]?\s*$|(?<=[a-z])\.\s+(?=[a-z]))")
# "Yolanda from Pigeon Rd", "Nate Olsen in Fargo", "Jim at 1400 Post Rd", "Lt. Moore at Station 4"
# ("Ida Kemp on Mill Creek Rd": a name before "on" and a street by its type)
_NAME_FROM_PLACE = (rf"(?:^|[.!?,]\s+)(?P<n>(?:{_TITLE}\s+)?{_CAP}(?:\s+{_CAP})?)\s+(?:(?:from|in|at)\s+(?:the\s+)?(?:\d+\s+)?[A-Z]"
                    rf"|on\s+(?:[A-Z]\w*\s+){{1,3}}(?i:{_STREET_TYPES})\b)")
# "this is her grandson Marcus" / "its ur cousin Dre": the texter, by how they are related, then their name
_RELATION_THEN_NAME = (r"\b(?i:this is|it'?s|it is|i'?m|i am)\s+(?i:your|ur|yr|her|his|their|the)\s+"
                       r"(?i:son|daughter|husband|wife|grandson|granddaughter|nephew|niece|cousin|brother|sister|uncle"
                       rf"|aunt|auntie|mom|dad|mother|father|friend|neighbou?r)\s+(?P<n>{_CAP_NAME})")
_ALONE = rf"^\s*(?P<n>{_CAP_NAME})\s*[.!]?\s*$"
# "Vic, Lakewood": a first name, then the town, making a whole message (the town is caught as the address's)
_NAME_BEFORE_TOWN = rf"^\s*[-\u2013\u2014~]?\s*(?P<n>{_CAP}),\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}\s*[.!]?\s*$"
# "Renee, 61350": a name before a ZIP alone (a town there is caught as the address's town)
_BEFORE_ZIP = rf"(?:^|[.!?]\s+)(?P<n>{_CAP_NAME}),?\s+\d{{5}}\s*[.!]?\s*$"
# "Henderson, Green Valley. Cass" / "off Route 9 in Rhinebeck, Wes": one capitalised word closing a message
_CLOSING_FIRST_NAME = rf"[.!?,]\s+(?P<n>{_CAP})\s*[.!]?\s*$"


def _first(pattern: str, messages: list[str], any_case: bool, flags: int = 0, town: str = "") -> str | None:
    """The first name the pattern finds that is not a place; ``town``: the conversation's address's town
    ("615 S 3rd Ave" / "Yuma" / "Felipe": Yuma is where, Felipe who)."""
    for message in messages:
        for match in re.finditer(pattern, message, flags):
            name = _clean(match.group("n"), any_case)
            if name and not any_case and _shouted_word(name, message):
                continue
            if name and not (_is_place(name) or _is_place(match.group("n").strip(" .,")) or name.lower() == town
                             or _is_business(_signed_run(match, message))
                             or _someone_elses(match, message)
                             or _is_address_town(name, message) or _before_a_state(match, message)
                             or _town_closing_directions(name, message) or _town_standing_for_a_name(name, match, message, town)):
                return name
    return None


# "her name is Shauna", "the landlord is Mr. Greco": someone the texter writes about
_THIRD_PERSON = re.compile(rf"\b(?:(?:her|his|their|(?:my|our) \w+'?s?) name(?:'s| is| was)"
                           rf"|(?:(?:my|our|the) (?!name\b)[a-z]+|landlord|tenant|neighbou?r) (?:is|was))"
                           rf"\s+(?:{_TITLE}\s+)?$", re.IGNORECASE)


def _someone_elses(match: re.Match[str], message: str) -> bool:
    """'Her name is Mrs. Agnes Doyle': the name of the person the texter writes about."""
    return _THIRD_PERSON.search(message[:match.start("n")]) is not None


# the last word of a place's name, not of a person's: "Jax Beach", "Twin Falls", "Kill Devil Hills"
_PLACE_WORDS = {"beach", "falls", "springs", "heights", "hills", "island", "city", "village", "harbor", "junction",
                "township", "county", "valley"}


def _is_place(words: str) -> bool:
    """'Keene NH', 'Lincoln Nebraska' or 'Glens Falls' where a name could stand: a town, not a person.

    A single word is never ruled out here: Shelby, Tyler and Jordan are towns and first names
    (see _town_standing_for_a_name).
    """
    tokens = words.split()
    if len(tokens) < 2:
        return False
    if tokens[-1].lower() in _PLACE_WORDS:
        return True
    state = tokens[-1] if tokens[-1] in places.STATES else ""
    state_name = tokens[-1].lower() in places.STATE_NAMES
    town = " ".join(tokens[:-1] if state or state_name else tokens)
    # "Española": the USPS writes "Espanola"
    return places.is_town(town, state) or places.is_town(fold(town), state)


def _town_standing_for_a_name(name: str, match: re.Match[str], message: str, town: str) -> bool:
    """'Tacoma' as a whole text, or 'Bradenton 4411 26th St W': the town the customer is in.

    A lone word stays a name when it is a common given name too ('Dana', 'Kyle') or when the
    conversation's address is in another town ('Joplin, 1725 S Pearl Ave' / 'Hollis'). A town opening an
    address is where, unless the address closes with a town of its own ('Shelby, 4105 Old Bullard Rd Tyler').
    """
    # "St. Albans", where the name read is "Albans": the abbreviation's stop looked like a sentence's end
    saint = re.search(r"\b(?:St|Ft|Mt)\.?\s+$", message[:match.start("n")])
    written = (saint.group(0) if saint else "") + match.group("n").strip(" .,!")
    if not (places.is_town(name) or places.is_town(written)):
        return False
    if message.strip(" .!") == written:
        return not is_given_name(name) and town in ("", name.lower())
    if re.match(rf"\s*,?\s*(?:\d|{_SPOKEN_NUMBER}\s)", message[match.end("n"):]) is None:
        return False
    address = find_address([message])
    return address is None or not address.city or address.city.lower() in (name.lower(), written.lower())


def _before_a_state(match: re.Match[str], message: str) -> bool:
    """'Houghton, Michigan' / 'Austin, Texas': a town and its state, or the state itself, not a name."""
    named = match.group("n").strip(" .,").lower()
    after = re.match(r"\s*,?\s*([A-Za-z]+(?: [A-Za-z]+)?)", message[match.end("n"):])
    following = after.group(1).lower() if after else ""
    if " " in following and places.is_town(following):  # "Colin Murphy, Virginia Beach": a town that begins with a state's name
        return named in places.STATE_NAMES
    return named in places.STATE_NAMES or following in places.STATE_NAMES or following.split(" ")[0] in places.STATE_NAMES


def _town_closing_directions(name: str, message: str) -> bool:
    """'Tuskegee Rd, the white house past the church. Opelika': a known town, a sentence of its own, closing
    a street's directions. Not a sign-off ('Thanks, Marion'), nor a name after an address that has
    its own town ('Waterville, 14 Silver St. Dwight')."""
    address = find_address([message])
    if address is not None and address.city and places.is_town(address.city):
        return False
    before, _, after = message.rstrip(" .!").rpartition(name)
    own_sentence = re.search(r"[.!?]\s*$", before) is not None
    told_a_street = re.search(rf"\b{_STREET_TYPES}\b|\bcorner of\b", before, re.IGNORECASE) is not None
    return not after and own_sentence and told_a_street and places.is_town(name)


def _is_address_town(name: str, message: str) -> bool:
    """'Lafayette, 204 Bertrand Dr': the word is the town of the address given with it.

    'Shelby, 4105 Old Bullard Rd Tyler' keeps Shelby: the address has its own town.
    """
    address = find_address([message])
    return address is not None and address.city.lower() == name.lower()


def _shouted_word(name: str, message: str) -> bool:
    """'BABY IN HOUSE', 'STOPP': in a text typed all in capitals, capitals tell nothing; only a common
    given name ('THIS IS DONNA') is read as one."""
    if any(char.islower() for char in message):
        return False
    first = next((word for word in name.split() if not re.fullmatch(_TITLE, word)), "")
    return not is_given_name(first)


def _after_lower_case_role(raw: str) -> str:
    """'enfermera Maribel' -> 'Maribel': a role typed in lower case describes the person, it is no title."""
    role, _, rest = raw.partition(" ")
    return rest if rest and role.islower() and _ROLE_TITLE.fullmatch(role) else raw


# given names that are everyday words too: "its will be", "i'm frank", "this is rich"; lower case cannot tell
_EVERYDAY_GIVEN_NAMES = set("""
will may mark bill sue pat rob art grant faith hope joy june april dawn chase rich frank gene drew ray don jack
hunter crystal amber ivy holly rose ruby pearl sonny lance bud dee del em mo ro al ed kit val vin jo kat nat mac
max dale glen dean russ cole clay wade lee jan kay lynn jean jay earnest august destiny trinity penny sandy misty
carol opal fern iris daisy lily hazel angel sierra dakota austin dallas virginia summer heather jade reba sunny
""".split())  # noqa: SIM905 (a word list reads best as lines of words)


def _lower_case_given_name(raw: str) -> str | None:
    """'kaylee the upstairs bathroom' -> 'Kaylee': a lower-case word after "its"/"this is" is a name when it is
    a common given name that is no everyday word."""
    first = raw.split()[0].strip(",.;:!?")
    if is_given_name(first) and first.lower() not in _EVERYDAY_GIVEN_NAMES:
        return first.title()
    return None


def _weak_intro(messages: list[str]) -> str | None:
    """'this is Mike' / 'i'm alyssa btw': capitalised, or followed by a pause, to tell names from words."""
    for message in messages:
        for match in re.finditer(_WEAK_INTRO, message, re.IGNORECASE):
            raw = _after_lower_case_role(match.group("n"))
            capitalised = raw[0].isupper()
            lead_in = match.group(0).lower()
            lower_ok = match.group("after") is not None and not lead_in.startswith(("it", "i am"))
            name = _clean(raw, any_case=not capitalised)
            if name and capitalised and _shouted_word(name, message):
                continue
            # a pause confirms a lower-case name only if it follows the name itself ("this is something you handle, but")
            lower_ok = lower_ok and name is not None and name.lower() == raw.strip(" .").lower()
            if name and (capitalised or lower_ok):
                return name
            if not capitalised and (given := _lower_case_given_name(raw)):
                return given
    return None


def find_name(messages: list[str]) -> str | None:
    """The customer's name, or None when they have not said it; a first name given in full later wins
    ("this is Bryce" / "Bryce Kowalski 118 Rio Frio Dr")."""
    messages = [_with_dictated_punctuation(message) for message in messages]
    name = _given_name(messages)
    return _in_full(name, messages) if name else None


def _with_dictated_punctuation(message: str) -> str:
    """'... come back period Angela Ruiz' -> '... come back. Angela Ruiz': voice typing writes out the stops
    it was told, and a name or an address often follows one."""
    message = re.sub(r"\s+(?i:period|full stop)(?=\s+[A-Z]|\s*$)", ".", message)
    message = re.sub(r"\s+(?i:question mark)(?=\s|$)", "?", message)
    return re.sub(r"\s+(?i:comma)(?=\s|$)", ",", message)


def _in_full(first_name: str, messages: list[str]) -> str:
    """The first name followed by a capitalised surname somewhere in the texts, else the first name."""
    if " " in first_name:
        return first_name
    for message in messages:
        for match in re.finditer(rf"\b{re.escape(first_name)}\s+(?P<n>{_CAP})\b", message):
            full = _clean(f"{first_name} {match.group('n')}", any_case=False)
            if full and " " in full and not _is_place(full) and not _is_business(full):
                return full
    return first_name


def _given_name(messages: list[str]) -> str | None:
    for pattern in _STRONG:
        name = _first(pattern, messages, any_case=True, flags=re.IGNORECASE)
        if name:
            return name
    name = _weak_intro(messages)
    if name:
        return name
    address = find_address(messages)
    town = address.city.lower() if address else ""
    for pattern in (_RELATION_THEN_NAME, *_SIGN_OFF, _HERE, _ES_INTRO, _NAME_THEN_ROLE, _ROLE_THEN_NAME, _CONTACT, _CALL_NAME, _THATS_ME,
                    _AFTER_ADDRESS, _BEFORE_ADDRESS, _NAME_THEN_COMPANY, _OPENING_FULL_NAME, _CLOSING_FULL_NAME,
                    _NAME_FROM_PLACE, _BEFORE_ZIP, _NAME_BEFORE_TOWN, _ALONE, _CLOSING_FIRST_NAME):
        name = _first(pattern, messages, any_case=False, town=town)
        if name:
            return name
    return _first(_LOWER_SIGN_OFF, messages, any_case=True)
