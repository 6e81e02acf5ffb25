from datetime import datetime, timezone

import pytest

from appliance.pipeline.hours import HoursError, is_open, parse_hours

SPANS = parse_hours("mon-fri 08:00-17:00; sat 09:00-12:00")


@pytest.mark.parametrize("utc, expected", [
    (datetime(2026, 11, 26, 14, 0), True),    # Thu 08:00 Chicago: opening minute
    (datetime(2026, 11, 26, 13, 59), False),  # Thu 07:59
    (datetime(2026, 11, 26, 23, 0), False),   # Thu 17:00: closed at closing time
    (datetime(2026, 11, 28, 16, 0), True),    # Sat 10:00
    (datetime(2026, 11, 29, 16, 0), False),   # Sun
    (datetime(2026, 7, 6, 13, 30), True),     # Mon 08:30 in summer time (UTC-5)
])
def test_open_in_the_shops_time_zone(utc, expected):
    assert is_open(SPANS, "America/Chicago", utc.replace(tzinfo=timezone.utc)) is expected


def test_day_ranges_wrap_around_the_week():
    spans = parse_hours("fri-mon 10:00-14:00")
    assert sorted({span.weekday for span in spans}) == [0, 4, 5, 6]


@pytest.mark.parametrize("spec", ["weekdays 9-5", "mon 17:00-08:00", "mon-fry 08:00-17:00", "mon 25:00-26:00"])
def test_bad_hours_are_refused_plainly(spec):
    with pytest.raises(HoursError):
        parse_hours(spec)
