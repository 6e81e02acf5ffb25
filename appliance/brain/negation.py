"""Is a word in a customer's sentence denied, wished away or only imagined?

A negation reaches only the words that follow it in the same clause and only a few of
them: "no sparks or smell" denies the smell, but "I don't know what to do, water is
pouring in" does not deny the water. Idioms that carry a negator without denying
anything ("not sure", "no idea") are ignored. Pure functions over folded text.
"""
from __future__ import annotations

import re

NEGATION_REACH = 4  # words after a negator that it still denies

_NEGATORS = re.compile(
    r"\b(?:no|not|don'?t|dont|doesn'?t|doesnt|isn'?t|isnt|aren'?t|wasn'?t|hasn'?t|hasnt|without|never|nothing|zero|"
    r"no sign of|sin|nada|ni|nor)\b"
)
# "before it floods", "worried it might": talk of danger that is not happening
_HYPOTHETICAL = re.compile(
    r"\b(?:if|before|might|could|worried|afraid|in case|prevent|avoid|check for|test for|thinking|so it|so they|"
    r"so the \w+|so that)\b"
)
# negators that deny nothing about what follows them; "is it bad if the vent fell off" asks about what happened;
# "no sé" (I don't know) is an idiom, but "no se" right before the word denies it ("no se reventó nada")
# "scared of it catching the place on fire", "afraid it will flood": a fear of what has not happened, however far before
_FEARED = re.compile(
    r"\b(?:scared|afraid|worried|terrified|nervous|fear\w*) (?:of (?:it |that |them |the \w+ )?\w+ing|"
    r"(?:that )?(?:it|they|this|that|the \w+)(?:'ll| will| would| might| could| may| is going to| gonna))\b"
)
_IDIOMS = re.compile(
    r"\b(?:(?:i |we )?(?:don'?t|dont|do not) know|not sure|no idea|(?:i'?m|im|i am) not (?:panicking|sure|kidding)|"
    r"not to (?:bother|alarm)|no se\b(?!\s*$)|not an emergency i think|not gonna lie|"
    r"(?:is it|is that|would it be) (?:bad|ok|okay|normal|dangerous|safe|a problem) if|"
    # "no deja de salir agua", "it doesn't stop filling": what follows keeps happening
    r"no (?:deja|dejan) de|(?:doesn'?t|does not|don'?t|do not) stop|(?:hasn'?t|hasnt|has not) (?:stopped|quit|let up|slowed))\b"
)
_CLAUSE_BREAK = re.compile(r"[,;:()!?]|\.\s|\s(?:but|pero|and|y|though|although|however|now)\s")


def clause_before(sentence: str, start: int) -> str:
    """The words of the clause that lead up to position `start`."""
    before = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    return before[breaks[-1].end():] if breaks else before


def negated(sentence: str, start: int, hypothetical: bool = True) -> bool:
    """A negation (or, if asked, a hypothetical) close before `start` in the same clause."""
    clause = _IDIOMS.sub(" ", clause_before(sentence, start))
    window = " ".join(clause.split()[-NEGATION_REACH:])
    return bool(_NEGATORS.search(window) or (hypothetical and (_HYPOTHETICAL.search(window) or _FEARED.search(clause))))
