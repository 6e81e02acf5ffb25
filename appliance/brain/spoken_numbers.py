"""House numbers dictated in words, turned into digits so the street can be parsed as usual.

Voice-to-text writes "twenty three oh one Elm street" for 2301 Elm St: people say a house
number in pairs ("twenty one twelve" = 2112, "seventeen twenty" = 1720), with "oh" for a
zero ("twenty three oh one"), or with "hundred" ("three hundred twelve"). Each spoken group
gives its digits and the groups are written one after another.
"""
from __future__ import annotations

import re

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_WORD = "|".join((*TEENS, *TENS, *UNITS, "oh", "zero", "hundred"))
_RUN = rf"(?:{_WORD})(?:[\s-]+(?:{_WORD}))*"
# a spoken run then a capitalised street name ("Three eleven Poplar Ave"), or the number of a numbered road
_HOUSE_NUMBER = re.compile(rf"\b(?P<run>(?i:{_RUN}))(?=\s+[A-Z])")
_AFTER_HOUSE_NUMBER = re.compile(r"\d\w*\s+(?:[NSEW]\.?\s+)?$", re.IGNORECASE)
_ROAD_NUMBER = re.compile(rf"(?i:\b(?:county road|county rd|co rd|route|rte|highway|hwy)\s+)(?P<run>(?i:{_RUN}))\b")


def spoken_number(words: str) -> str | None:
    """'twenty three oh one' -> '2301'; None when the words are no number ('oh', 'hundred')."""
    tokens = re.split(r"[\s-]+", words.lower().strip())
    groups: list[int | str] = []
    index = 0
    while index < len(tokens):
        token, following = tokens[index], tokens[index + 1] if index + 1 < len(tokens) else ""
        if token in TENS:
            groups.append(TENS[token] + UNITS.get(following, 0))
            index += 2 if following in UNITS else 1
        elif token in ("oh", "zero") and following in UNITS:
            groups.append(f"0{UNITS[following]}")
            index += 2
        elif token == "hundred" and groups and isinstance(groups[-1], int) and groups[-1] < 10:
            rest = spoken_number(" ".join(tokens[index + 1:])) if index + 1 < len(tokens) else None
            if rest is not None and len(rest) > 2:
                return None
            groups[-1] = f"{groups[-1] * 100 + int(rest or 0)}"
            return "".join(str(group) for group in groups)
        elif token in TEENS or token in UNITS:
            groups.append(TEENS.get(token) or UNITS[token])
            index += 1
        else:
            return None
    return "".join(str(group) for group in groups) or None


def with_spoken_house_numbers(message: str) -> str:
    """The message with a dictated house or road number written in digits."""
    def to_digits(match: re.Match[str]) -> str:
        if _AFTER_HOUSE_NUMBER.search(match.string, 0, match.start()):
            return match.group(0)  # "2790 N Five Mile Rd", "3306 Two Notch Rd": the words name the street
        digits = spoken_number(match.group("run"))
        return match.group(0) if digits is None else match.group(0).replace(match.group("run"), digits)
    return _ROAD_NUMBER.sub(to_digits, _HOUSE_NUMBER.sub(to_digits, message))
