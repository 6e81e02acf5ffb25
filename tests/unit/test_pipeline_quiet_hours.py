"""Quiet hours in the recipient's time zone, placed by area code, with state rules and daily caps."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from appliance.pipeline.quiet_hours import (
    CONTIGUOUS_US, build_rules, daily_cap, earliest_send, is_allowed, locate, next_allowed,
    state_from_description, window_for,
)

RULES = build_rules(max_per_day=5)
MIAMI = "+13055550123"
AUSTIN = "+15125550123"
EL_PASO = "+19155550123"
NOWHERE = "+15555550123"           # 555 is not a real area code
TOLL_FREE = "+18005550123"


def local(zone, *args):
    return datetime(*args, tzinfo=ZoneInfo(zone))


def test_area_codes_place_people_in_their_zone_and_state():
    assert (locate(MIAMI).zones, locate(MIAMI).state) == (("America/New_York",), "FL")
    assert (locate(EL_PASO).zones, locate(EL_PASO).state) == (("America/Denver",), "TX")
    assert locate("+12125550123").state == "NY"
    for unplaceable in (NOWHERE, TOLL_FREE):
        assert locate(unplaceable) == locate(unplaceable).__class__(CONTIGUOUS_US, None, False)


def test_geocoder_descriptions_become_state_codes():
    assert state_from_description("Palm Beach, FL") == "FL"
    assert state_from_description("Washington D.C.") == "DC"
    assert state_from_description("British Columbia") is None


@pytest.mark.parametrize("number, moment, allowed", [
    (AUSTIN, local("America/Chicago", 2026, 6, 3, 8, 30), False),       # Texas: 9am on weekdays
    (AUSTIN, local("America/Chicago", 2026, 6, 3, 9, 0), True),
    (AUSTIN, local("America/Chicago", 2026, 6, 7, 11, 0), False),       # Texas Sunday: from noon
    (AUSTIN, local("America/Chicago", 2026, 6, 7, 12, 0), True),
    (MIAMI, local("America/New_York", 2026, 6, 3, 20, 30), False),      # Florida ends at 8pm
    (MIAMI, local("America/New_York", 2026, 6, 3, 8, 0), True),
    ("+12125550123", local("America/New_York", 2026, 6, 3, 20, 30), True),  # elsewhere 9pm
    ("+12125550123", local("America/New_York", 2026, 6, 3, 7, 59), False),
])
def test_windows_follow_the_state_in_the_persons_own_zone(number, moment, allowed):
    recipient = locate(number)
    assert is_allowed(window_for(recipient, RULES), recipient.zones, moment) is allowed


def test_an_unknown_zone_gets_the_strictest_window_across_the_country():
    recipient = locate(NOWHERE)
    win = window_for(recipient, RULES)
    # Strictest: 9am-8pm. 9am Pacific is noon Eastern, so only noon-8pm Eastern is safe in every zone.
    assert not is_allowed(win, recipient.zones, local("America/New_York", 2026, 6, 3, 11, 59))
    assert is_allowed(win, recipient.zones, local("America/New_York", 2026, 6, 3, 12, 0))
    assert is_allowed(win, recipient.zones, local("America/New_York", 2026, 6, 3, 19, 59))
    assert not is_allowed(win, recipient.zones, local("America/New_York", 2026, 6, 3, 20, 0))
    assert daily_cap(recipient, RULES) == 3             # Florida's cap is the strictest


def test_a_text_held_by_quiet_hours_goes_when_the_window_opens():
    recipient = locate(MIAMI)
    late = local("America/New_York", 2026, 6, 3, 22, 15)
    assert next_allowed(window_for(recipient, RULES), recipient.zones, late) == \
        local("America/New_York", 2026, 6, 4, 8, 0)


def test_the_next_window_is_found_across_the_spring_dst_switch():
    recipient = locate(AUSTIN)
    saturday_night = local("America/Chicago", 2026, 3, 7, 23, 0)     # DST starts Sunday 8 March, 2am
    sunday_noon = next_allowed(window_for(recipient, RULES), recipient.zones, saturday_night)
    assert sunday_noon == local("America/Chicago", 2026, 3, 8, 12, 0)
    assert sunday_noon.astimezone(timezone.utc).hour == 17              # CDT, no longer CST


def test_florida_caps_texts_at_three_a_day_then_waits_for_tomorrow_morning():
    recipient = locate(MIAMI)
    noon = local("America/New_York", 2026, 6, 3, 12, 0)
    assert daily_cap(recipient, RULES) == 3
    assert earliest_send(recipient, RULES, noon, sent_today=2) == noon
    assert earliest_send(recipient, RULES, noon, sent_today=3) == local("America/New_York", 2026, 6, 4, 8, 0)


def test_the_shop_can_add_its_own_state_rules():
    rules = build_rules(max_per_day=5, state_windows={"NY": "mon-fri 10:00-18:00"}, state_caps={"NY": 1})
    recipient = locate("+12125550123")
    assert not is_allowed(window_for(recipient, rules), recipient.zones, local("America/New_York", 2026, 6, 6, 12))
    assert daily_cap(recipient, rules) == 1
