"""Email addresses in customers' texts: written-out addresses only, never a guess."""

import pytest

from appliance.pipeline.email_address import find_email


@pytest.mark.parametrize("text, email", [
    ("my email is Dana.Reyes@Gmail.com.", "Dana.Reyes@gmail.com"),
    ("send it to bob+quotes@mail.example.org, thanks", "bob+quotes@mail.example.org"),
    ("(dana_r@yahoo.com)", "dana_r@yahoo.com"),
    ("joe@ex-ample.co.uk!", "joe@ex-ample.co.uk"),
    ("dana at gmail dot com", None),
    ("me@localhost", None),
    ("a..b@example.com", None),
    ("@home after 5", None),
    ("my sink is leaking", None),
])
def test_finds_a_written_out_address_and_nothing_else(text, email):
    assert find_email(text) == email
