"""Message templates: ``{name}`` placeholders filled from a fixed set of values, nothing more.

``str.format`` would let a template reach attributes (``{business.__class__}``); the shop's
office manager edits templates in the admin, so the renderer only substitutes plain names.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class TemplateError(ValueError):
    """A template that cannot be rendered, phrased for the person editing it."""


def placeholders(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def render(template: str, **values: object) -> str:
    for name in placeholders(template):
        if not _NAME.fullmatch(name):
            raise TemplateError(f"{{{name}}} is not a placeholder; use names like {{business}}")
        if name not in values:
            known = ", ".join(f"{{{key}}}" for key in sorted(values))
            raise TemplateError(f"{{{name}}} is not a known placeholder here; known: {known}")
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), template)
