from datetime import datetime, timedelta, timezone

import pytest

from appliance.phone import normalise
from appliance.pipeline.textback import TextbackRules, decide_textback

NOW = datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc)
RULES = TextbackRules(region="US", shop_phone="+15125550100",
                      ignore_numbers=frozenset({"+15125550199"}), cooldown=timedelta(minutes=30))


def decide(caller, **kw):
    kw.setdefault("opted_out", False)
    kw.setdefault("last_textback_at", None)
    kw.setdefault("number_is_known_landline", False)
    return decide_textback(caller, RULES, now=NOW, **kw)


@pytest.mark.parametrize("caller", ["5125550123", "(512) 555-0123", "+1 512 555 0123", "15125550123"])
def test_a_normal_caller_gets_one_text_at_their_e164_number(caller):
    decision = decide(caller)
    assert decision.send and decision.phone == "+15125550123"


@pytest.mark.parametrize("caller, reason", [
    ("anonymous", "withheld number"),
    ("", "withheld number"),
    ("Restricted", "withheld number"),
    ("<unknown>", "withheld number"),
    ("911", "emergency number"),
    ("101", "internal extension"),
    ("2001", "internal extension"),
    ("12345", "short code"),
    ("898-211", "short code"),
    ("5125550100", "the shop's own number"),
    ("+1 512-555-0199", "on the ignore list"),
    ("not a number", "not a phone number"),
])
def test_never_texted(caller, reason):
    decision = decide(caller)
    assert not decision.send
    assert decision.reason == reason


def test_opted_out_numbers_are_never_texted():
    assert decide("5125550123", opted_out=True).reason == "opted out"


def test_repeat_calls_inside_the_cooldown_get_no_second_text():
    assert decide("5125550123", last_textback_at=NOW - timedelta(minutes=29)).reason == "texted recently (cooldown)"
    assert decide("5125550123", last_textback_at=NOW - timedelta(minutes=31)).send


def test_known_landlines_are_skipped():
    assert decide("5125550123", number_is_known_landline=True).reason == "landline"


def test_landline_detection_uses_the_numbering_plan():
    # A London geographic number is fixed-line for sure; US numbers may be mobile, so they stay textable.
    london = normalise("+44 20 7946 0000")
    assert decide_textback(london, RULES, now=NOW, opted_out=False, last_textback_at=None).reason == "landline"
    assert decide_textback("5125550123", RULES, now=NOW, opted_out=False, last_textback_at=None).send


def test_a_call_discovered_hours_later_is_recorded_but_not_texted():
    late = decide("5125550123", call_ended_at=NOW - timedelta(hours=3))
    assert not late.send and late.reason == "found too late to text back"
    assert decide("5125550123", call_ended_at=NOW - timedelta(minutes=20)).send
