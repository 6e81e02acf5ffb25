"""Matching that skips what the customer denies or only fears ("no sparks", "before it floods")."""
from __future__ import annotations

import re

from ..negation import negated


def affirmed_matches(pattern: str, sentence: str) -> list[re.Match[str]]:
    """Every match of `pattern` in `sentence` that is not denied or only feared."""
    return [m for m in re.finditer(pattern, sentence) if not negated(sentence, m.start())]


def first_affirmed(patterns: list[str], text: str) -> re.Match[str] | None:
    """The first match, pattern by pattern, that is not denied or only feared."""
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            if not negated(text, match.start()):
                return match
    return None
