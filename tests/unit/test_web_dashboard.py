"""Dashboard numbers and charts: pure counting, and the page drawn from a real database."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.web_support import OWNER, SETUP_CODE, add_user, login, seed_inbound, seed_missed_call, signed_in
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
    return signed_in(create_app(config, clock=clock, setup_code=SETUP_CODE))


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


def step(minutes_ago: float, lead: int, name: str, value: int | None = 300) -> stats.LeadStep:
    return stats.LeadStep(T - timedelta(minutes=minutes_ago), lead, name, value)


def test_each_lead_counts_once_per_step_and_revenue_is_booked_job_values():
    steps = [step(5, 1, "qualified"), step(4, 1, "booked"), step(3, 1, "booked"),    # rebooked: still one
             step(5, 2, "booked", None), step(60 * 24 * 2, 3, "booked", 900), step(2, 1, "completed"),
             step(1, 1, "review_requested")]
    today = stats.summarize_leads(steps, T - timedelta(hours=1))
    assert today == stats.LeadSummary(qualified=1, booked=2, completed=1, reviews_requested=1,
                                      recovered_revenue=300, booked_without_value=1)
    assert stats.summarize_leads(steps, T - timedelta(days=7)).recovered_revenue == 1200


def test_seed_math_uses_the_shops_own_numbers_or_the_price_list_until_a_priced_booking():
    summary = stats.LeadSummary(qualified=5, booked=4, completed=1, reviews_requested=1, recovered_revenue=1200,
                                booked_without_value=1)
    math = stats.seed_math(20, summary, [100.0, 300.0])
    assert (math.booking_rate, math.average_ticket, math.ticket_from_bookings) == (0.2, 400.0, True)
    assert math.revenue == 20 * 0.2 * 400
    empty = stats.seed_math(10, stats.LeadSummary(0, 0, 0, 0, 0, 0), [100.0, 300.0])
    assert (empty.average_ticket, empty.ticket_from_bookings, empty.revenue) == (200.0, False, 0.0)
    assert stats.seed_math(0, summary, []).booking_rate == 0.0


def test_the_page_follows_a_lead_from_missed_call_to_review_request(config, clock, tmp_path):
    from appliance.pipeline import crm, flow, visits
    from appliance.pipeline.poller import task_handlers
    from appliance.pipeline.settings import price_list
    from appliance.pipeline.task_runner import run_due_tasks
    from appliance.store.db import connect, transaction
    from tests.conftest import make_config
    from tests.shop_seed import add_technician
    from web.calendar import desk

    config = make_config(tmp_path, pipeline={"review_link": "https://g.page/r/example"})
    add_user(config, clock.now(), *OWNER, "owner")
    phone = "+15125550101"
    seed_missed_call(config, clock.now() - timedelta(hours=2), phone, linkedid="1", texted_after=timedelta(seconds=2))
    seed_missed_call(config, clock.now() - timedelta(days=2), "+15125550102", linkedid="2")
    tech = add_technician(config, "Sam Ortiz")
    db = connect(config.storage.database)
    with transaction(db):
        lead = crm.open_lead(db, clock.now() - timedelta(hours=2), phone, "missed_call")
        crm.record_extraction(db, clock.now(), lead, {"intent": "new_job", "service": "Drain cleaning"},
                              price_list(config))
        flow.change_stage(db, config, clock.now(), lead, "qualified", "ai")
        job = desk.book(db, config, clock.now(), lead_id=lead, service="Drain cleaning", technician_id=tech,
                        start=datetime(2026, 11, 26, 19, 0, tzinfo=timezone.utc), actor="owner")
        visits.mark_done(db, config, clock.now(), job, "owner")
    run_due_tasks(db, clock.now(), task_handlers(config))       # sends the review request
    value = crm.get_lead(db, lead)["estimated_value"]
    db.conn.close()
    assert value

    client = create_app(config, clock=clock, setup_code=SETUP_CODE).test_client()
    login(client, *OWNER)
    html = client.get("/dashboard/").get_data(as_text=True)
    rows = {match[0]: match[1:] for match in re.findall(
        r'<th scope="row">([^<]+)</th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>', html)}
    assert rows["Missed"] == ("1", "2", "2")
    for name in ("Qualified", "Booked", "Completed", "Reviews requested"):
        assert rows[name] == ("1", "1", "1"), name
    assert rows["Recovered revenue"] == (f"${value:,}",) * 3
    # 2 missed calls, 1 booked: 2 × 50% × the booked job's value.
    assert f"2 missed calls</span> × <span>50% booked</span>\n    × <span>${value:,} average ticket</span> = " \
           f"<strong>${value:,}</strong>" in html
    assert "The average ticket is that of the jobs booked." in html
