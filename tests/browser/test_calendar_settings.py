"""In a real browser against the real server: booking an appointment from the calendar (the issue's
journey), moving and cancelling it, and the owner's backup download and model choice."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.browser.support import snap
from tests.browser.test_admin_journeys import log_in, rows
from tests.shop_seed import add_technician, open_lead
from tests.web_support import OWNER, OWNER_CELL, STAFF, add_user

CUSTOMER = "+15125550123"


def next_weekday(today: date) -> date:
    """Tomorrow, or Monday when tomorrow is a weekend: a day the technicians work."""
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_booking_an_appointment_from_the_calendar(server, page: Page):
    add_user(server.config, server.clock.now(), *STAFF, "staff")
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    add_technician(server.config, "Sam Ortiz", "mon-fri 08:00-17:00")
    add_technician(server.config, "Kim Lee", "mon-fri 08:00-17:00")
    open_lead(server.config, server.clock.now(), CUSTOMER, "Dana Reyes", "Drain cleaning")
    day = next_weekday(server.clock.now().astimezone(ZoneInfo(server.config.business.timezone)).date())

    log_in(page, server.url, *STAFF)                 # the office manager books
    page.get_by_role("link", name="Calendar").click()
    expect(page.get_by_role("heading", name="Calendar", exact=True)).to_be_visible()
    page.get_by_role("link", name="Book a visit").click()
    page.get_by_label("Customer (open lead)").select_option(
        label="Dana Reyes · (512) 555-0123 · new · Drain cleaning")
    page.get_by_label("Service").select_option("Drain cleaning")
    page.get_by_label("Technician").select_option(label="Kim Lee")
    page.get_by_label("Day").fill(day.isoformat())
    page.get_by_role("button", name="Show free times").click()
    expect(page.get_by_role("heading", name=f"Free times on {day:%a %d %b}")).to_be_visible()
    snap(page, "calendar-01-free-times")
    page.get_by_label("10:00–12:00 with Kim Lee").check()
    page.get_by_role("button", name="Book it").click()

    expect(page.get_by_text("Booked job #1")).to_be_visible()
    expect(page.get_by_role("heading", name="Kim Lee: week of")).to_be_visible()
    job = page.locator(".entry.job")
    expect(job).to_contain_text("10:00–12:00")
    expect(job).to_contain_text("Drain cleaning: Dana Reyes")
    snap(page, "calendar-02-booked")
    [appointment] = rows(server, "SELECT * FROM appointments")
    assert appointment["status"] == "booked"
    [text] = rows(server, "SELECT * FROM messages WHERE kind = 'booking'")
    assert text["phone"] == CUSTOMER and "You're booked with Lone Star Plumbing: Kim Lee" in text["body"]

    # Move it to the afternoon, then cancel it without texting the customer.
    page.get_by_role("link", name="Reschedule job #1").click()
    page.get_by_label("Day").fill(day.isoformat())
    page.get_by_role("button", name="Show free times").click()
    page.get_by_label("14:00–16:00 with Kim Lee").check()
    page.get_by_role("button", name="Move the visit").click()
    expect(page.get_by_text("Moved job #1")).to_be_visible()
    expect(page.locator(".entry.job")).to_contain_text("14:00–16:00")
    page.get_by_text("Cancel job #1…").click()
    page.get_by_label("Text the customer that it is cancelled").uncheck()
    page.get_by_role("button", name="Cancel the visit").click()
    expect(page.get_by_text("Cancelled job #1. The customer was not texted.")).to_be_visible()
    expect(page.locator(".entry.job")).to_have_count(0)
    assert rows(server, "SELECT status FROM appointments") == [{"status": "cancelled"}]
    assert len(rows(server, "SELECT * FROM messages WHERE kind = 'booking'")) == 2    # booked, moved
    assert page.errors == []


def test_owner_downloads_a_backup_and_makes_a_calendar_link(server, page: Page, tmp_path):
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    add_technician(server.config, "Sam Ortiz")
    log_in(page, server.url, *OWNER)
    page.goto(server.url + "/settings/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download a backup now").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    conn = sqlite3.connect(saved)
    assert conn.execute("SELECT username FROM web_users").fetchall() == [(OWNER[0],)]
    assert conn.execute("SELECT name FROM technicians").fetchall() == [("Sam Ortiz",)]
    conn.close()

    page.goto(server.url + "/calendar/")
    page.get_by_label("Link for").select_option(label="Sam Ortiz")
    page.get_by_role("button", name="Make a subscription link").click()
    url = page.get_by_label("Calendar link").input_value()
    snap(page, "calendar-03-subscription-link")
    feed = page.request.get(url)
    assert feed.status == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert "X-WR-CALNAME:Lone Star Plumbing: Sam Ortiz" in feed.text()
    assert page.errors == []
