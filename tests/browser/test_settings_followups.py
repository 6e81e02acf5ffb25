"""In a real browser against the real server: the owner rewords a follow-up step (watching the preview
and SMS count) and sets quiet hours on the Settings page, and the agent's configuration has them."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from appliance.effective_config import effective_config
from appliance.pipeline.settings import sequences
from appliance.store.db import connect
from tests.browser.support import snap
from tests.browser.test_admin_journeys import log_in
from tests.web_support import OWNER, OWNER_CELL, add_user

WORDING = "Hi {name}, {business} here again. Want us to come by this week? Reply STOP to opt out."


def test_owner_rewords_a_follow_up_and_sets_quiet_hours(server, page: Page):
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    log_in(page, server.url, *OWNER)
    page.goto(server.url + "/settings/")

    step = page.get_by_role("group", name="no reply after the text-back").get_by_role("group", name="Step 1",
                                                                                        exact=True)
    step.get_by_label("Wording").fill(WORDING)
    preview = step.locator(".preview")
    expect(preview).to_contain_text("Hi Dana, Lone Star Plumbing here again. Want us to come by this week?")
    expect(preview).to_contain_text("1 text")
    step.get_by_label("Wait", exact=True).fill("90")
    step.get_by_label("Step 1: wait in").select_option("minutes")
    snap(page, "settings-followups-01-edited")
    page.get_by_role("button", name="Save the follow-ups").click()
    expect(page.get_by_text("Saved: the follow-ups.")).to_be_visible()
    expect(page.locator("#seq-0-step-0-template")).to_have_value(WORDING)

    page.get_by_label("When texts may go").fill("mon-sat 09:00-20:00; sun 12:00-18:00")
    page.get_by_label("Other windows for customers in a state").fill("OK mon-sun 08:00-20:00")
    page.get_by_role("button", name="Save the quiet hours").click()
    expect(page.get_by_text("Saved: quiet hours")).to_be_visible()
    expect(page.get_by_label("When texts may go")).to_have_value("mon-sat 09:00-20:00; sun 12:00-18:00")

    current = effective_config(server.config, connect(server.config.storage.database))
    first = sequences(current)[0].steps[0]
    assert (first.template, first.delay) == (WORDING, timedelta(minutes=90))
    assert current.pipeline.quiet_hours == "mon-sat 09:00-20:00; sun 12:00-18:00"
    assert current.pipeline.state_quiet_hours == {"OK": "mon-sun 08:00-20:00"}
    assert page.errors == []

    page.get_by_label("When texts may go").fill("weekdays 9 to 5")          # refused, and it says why
    page.get_by_role("button", name="Save the quiet hours").click()
    expect(page.get_by_text("Not saved: Quiet hours: 'weekdays 9 to 5' is not like")).to_be_visible()
    expect(page.get_by_label("When texts may go")).to_have_value("weekdays 9 to 5")      # kept, to correct
    snap(page, "settings-followups-02-refused")
    assert effective_config(server.config, connect(server.config.storage.database)) == current
