"""Fuzzing the message templates the office edits in the admin (appliance/templates.py, issue 7).

Any text typed into a template either renders or is refused with a TemplateError phrased for
the person editing it; nothing else escapes (the settings page shows that error next to the
field). A template that renders never leaves one of its placeholders unfilled in the text a
customer reads, and never reaches past plain names (no {business.__class__}).
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from appliance.templates import TemplateError, placeholders, render

FUZZ = settings(max_examples=400, deadline=timedelta(seconds=1))
VALUES = {"business": "Lone Star Plumbing", "phone": "(512) 555-0100", "name": "Dana"}
PIECES = ["{business}", "{phone}", "{name}", "{", "}", "{{", "}}", "{business.__class__}", "{0}", "{}",
          "{ business }", "{Business}", "{price!r}", "{phone:>10}", "Reply STOP to opt out", "%s", "\x00",
          "\U0001F527", "{unknown}", "\\{business\\}"]
TEMPLATE = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=15)), max_size=10).map("".join)


@FUZZ
@given(TEMPLATE)
def test_a_template_renders_or_is_refused_plainly(template):
    try:
        text = render(template, **VALUES)
    except TemplateError as error:
        assert "{" in str(error) and "placeholder" in str(error)
        return
    for name in VALUES:
        assert f"{{{name}}}" not in text, f"{{{name}}} left unfilled in {text!r}"
    assert "<class" not in text or "<class" in template, "a placeholder reached an attribute"
    assert not [name for name in placeholders(text) if name in VALUES]
