"""Dashboard numbers and charts: pure counting, and the page drawn from a real database."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.web_support import OWNER, SETUP_CODE, add_user, login, seed_inbound, seed_missed_call
from web.app import create_app
from web.dashboard import charts, stats

T = datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc)   # Thursday, 10:00 in Austin


def fact(minutes_ago: float, missed=True, texted_after: float | None = None, replied=False) -> stats.CallFact:
    at = T - timedelta(minutes=minutes_ago)
    return stats.CallFact(at, missed, at + timedelta(seconds=texted_after) if texted_after is not None else None,
                          replied)


def test_summary_counts_and_median_time_to_text():
    facts = [fact(5, texted_after=2), fact(10, texted_after=4), fact(15, texted_after=30, replied=True),
             fact(20, missed=False), fact(60 * 24 * 3, texted_after=1)]
    today = stats.summarize(facts, T - timedelta(hours=1))
    assert today == stats.Summary(calls=4, missed=3, texted=3, median_seconds_to_text=4.0, replied=1)
    assert stats.summarize(facts, T - timedelta(days=7)).texted == 4
    assert stats.summarize([], T).median_seconds_to_text is None


def test_missed_calls_by_hour_and_weekday_in_the_shops_time_zone():
    facts = [fact(0), fact(1), fact(60 * 24), fact(0, missed=False)]
    hours = stats.missed_by_hour(facts, "America/Chicago")
    assert (hours[9], hours[10], sum(hours)) == (1, 2, 3)     # 15:59 and 16:00 UTC: 09:59 and 10:00 in Austin
    days = stats.missed_by_weekday(facts, "America/Chicago")
    assert days[stats.WEEKDAYS.index("Thu")] == 2 and days[stats.WEEKDAYS.index("Wed")] == 1


def test_bar_chart_scales_to_the_tallest_bar():
    chart = charts.bar_chart("t", ["a", "b", "c"], [0, 5, 10], width=300, height=116)
    assert [bar.height for bar in chart.bars] == [0, 48, 96]
    assert all(bar.y + bar.height == chart.baseline for bar in chart.bars)
    assert charts.bar_chart("t", ["a"], [0]).empty


@pytest.fixture
def client(config, clock):
    add_user(config, clock.now(), *OWNER, "owner")
    client = create_app(config, clock=clock, setup_code=SETUP_CODE).test_client()
    login(client, *OWNER)
    return client


def test_the_page_shows_the_shops_numbers_and_charts(client, config, clock):
    seed_missed_call(config, clock.now() - timedelta(minutes=30), "+15125550101", linkedid="1",
                     texted_after=timedelta(seconds=3))
    seed_inbound(config, clock.now() - timedelta(minutes=20), "+15125550101", "yes please")
    seed_missed_call(config, clock.now() - timedelta(days=3), "+15125550102", linkedid="2",
                     texted_after=timedelta(seconds=1))
    html = client.get("/dashboard/").get_data(as_text=True)
    rows = {match[0]: match[1:] for match in re.findall(
        r'<th scope="row">([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>', html)}
    assert rows["Missed"] == ("1", "2", "2")
    assert rows["Texted back"] == ("1", "2", "2")
    assert rows["Median time to text"] == ("3.0 s", "2.0 s", "2.0 s")
    assert rows["Replied"] == ("1", "1", "1")
    assert html.count("<svg") == 2 and "<title>9: 1</title>" in html
