"""The customer's email address, when a text contains one: pure text rules.

Only a written-out address counts ("dana@gmail.com"); "dana at gmail dot com" is left for a
person, because a wrong guess would send follow-ups to a stranger.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"(?<![\w.+-])([A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?)@"
                    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![\w-])")


def find_email(text: str) -> str | None:
    """The first email address written in ``text``, its domain in lower case; None if there is none."""
    match = _EMAIL.search(text)
    if match is None:
        return None
    local, domain = match.groups()
    if ".." in local:
        return None
    return f"{local}@{domain.lower()}"
