"""A hazard (what to look for) and how a sentence shows it, alone or by "it" after the thing
was named earlier; a danger (what was found).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..negation import clause_before
from .matching import affirmed_matches


@dataclass(frozen=True)
class Hazard:
    """A thing in a dangerous state, both named in one sentence (regular expressions over folded text)."""

    kind: str
    thing: str
    state: str = ""   # empty: the thing's words already say it is happening ("flooding", "rotten eggs")
    unless: str = ""  # a sentence that names this is about something harmless ("the faucet sprays")
    needs: str = ""   # must also be said, unnegated, somewhere in the conversation
    source: bool = False  # names where water comes from ("the hose split"): a shut-off told before it contained it


@dataclass(frozen=True)
class Danger:
    kind: str
    phrase: str  # the customer's words that showed it


def shows(hazard: Hazard, sentence: str) -> str | None:
    """The words of `sentence` that show the hazard, if it does."""
    if hazard.unless and re.search(hazard.unless, sentence):
        return None
    things = affirmed_matches(hazard.thing, sentence)
    if not hazard.state:
        return things[0].group(0) if things else None
    states = affirmed_matches(hazard.state, sentence)
    for thing in things:
        for state in states:
            if state.end() <= thing.start() or state.start() >= thing.end():  # two words, not one read twice
                start, end = min(thing.start(), state.start()), max(thing.end(), state.end())
                return sentence[start:end]
    return None


# "my AC disconnect looks rusty / ok I went out to look and it's smoking": the later "it" is the thing named before
_PRONOUN_SUBJECT = re.compile(r"\b(?:it|its|it'?s|it is|one|they|they'?re)(?: \w+){0,2} $")
_PLACE_WORD_BEFORE = re.compile(r"\b(?:in|on|at|near|by|under|the|a|from|into|to) $")  # "it's in the attic" places it, no more


def shown_of_earlier(hazard: Hazard, sentence: str, earlier: str) -> str | None:
    """The words of `sentence` that put a thing named in an `earlier` text in a dangerous state ("it's smoking")."""
    if not hazard.state or (hazard.unless and re.search(hazard.unless, sentence)):
        return None
    for state in affirmed_matches(hazard.state, sentence):
        before = sentence[:state.start()]
        named = re.search(hazard.thing, f"{earlier} {before}")  # named before, even as a worry ("if the CO alarm goes off")
        if named and _PRONOUN_SUBJECT.search(before) and not _PLACE_WORD_BEFORE.search(before):
            return (clause_before(sentence, state.start()) + state.group(0)).strip()
    return None
