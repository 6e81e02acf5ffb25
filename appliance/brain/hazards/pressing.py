"""Whether the customer needs it soon (time pressure, or something relied on is out with no way
round it) or says there is no rush.
"""
from __future__ import annotations

import re

from ..text import fold
from .matching import first_affirmed

_SELF_DECLARED_CALM = re.compile(
    r"\b(?:no rush|not urgent|no hurry|not an emergency|nothing urgent|whenever|flexible|"
    r"at your convenience|when(?:ever)? you (?:get a chance|have time|can)|no prisa|sin prisa|cuando puedan|"
    r"not in a hurry|any ?time (?:next|this) (?:week|month)|sometime|"
    r"for (?:future reference|the future|next time)|in case (?:we|i) ever|just (?:want|wanted) to know)\b"
)
_TIME_PRESSURE = re.compile(
    r"\b(?:asap|urgent|urgently|right away|immediately|hurry|emergency|today|tonight|come now|"
    r"(?:need|come|send|get|fix|here|over|someone)\b(?: \w+){0,3} right now|"  # "it's dry right now" is a state, not a deadline
    r"as soon as|first thing|on call|same day|urgente|hoy|ahorita|lo antes posible)\b"
)
_OUTAGE = re.compile(
    r"\b(?:no (?:hot water|heat|ac|a/c|air|power|water)|not (?:cooling|heating)|isn'?t (?:cooling|heating)|"
    r"won'?t (?:open|close|go up|go down|start|turn on)|stuck|trapped|can'?t get (?:my|the|out)|snapped|"
    r"backing up|quit|died|stopped working|(?:water )?pressure (?:dropped|fell|went) to (?:nothing|zero)|no (?:esta )?enfria|sin agua caliente)\b"
)


# "door works fine with the remotes", "I can close it by hand": the outage has a way around it
_WORKAROUND = re.compile(
    r"\b(?:works? fine|still works?|(?:can|could) (?:still )?(?:\w+ ){0,4}(?:by hand|manually)|by hand|manually|"
    r"(?:we'?re|we are|staying) (?:at|with) (?:my|our|a|the) \w+|house is empty|nobody(?:'s| is) (?:home|there|living))\b"
)


def sounds_pressing(messages: list[str], outage_counts: bool = True) -> bool:
    """The customer needs it soon: time pressure, or (for repairs) something they rely on is out and cannot be got round."""
    text = fold(" ".join(messages))
    patterns = [_TIME_PRESSURE.pattern] + ([_OUTAGE.pattern] if outage_counts and not _WORKAROUND.search(text) else [])
    return bool(first_affirmed(patterns, text))


def sounds_calm(messages: list[str]) -> bool:
    return bool(_SELF_DECLARED_CALM.search(fold(" ".join(messages))))
