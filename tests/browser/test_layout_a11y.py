"""Every page of the admin, found from the app's own URL map (so a new page cannot slip through),
with a shop's worth of demo data: it fits a 375 px phone without sideways scrolling, every form
field has a label, and keyboard focus is visible on everything Tab reaches."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import url_for
from playwright.sync_api import Page

from tests.browser.support import phone_layout_problems, snap
from tests.browser.test_admin_journeys import log_in
from tests.shop_seed import demo_shop
from tests.web_support import OWNER, OWNER_CELL, add_user
from web.app import create_app

NOT_PAGES = {"static", "home", "calendar.feed", "exports.download"}  # files, a redirect, the ICS feed, CSV downloads
TABS = 15                                             # how far into each page the keyboard walk goes


def every_page(server, phones: list[str]) -> list[str]:
    """A path for each page in the URL map, plus the calendar's views that only show with data."""
    examples = {"phone": phones[0], "lead_id": 1}
    app = create_app(server.config)
    paths = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or rule.rule.endswith(".json"):
                continue
            missing = rule.arguments - examples.keys()
            assert not missing, f"{rule.endpoint}: give an example value for {missing} in this test"
            paths.append(url_for(rule.endpoint, **{name: examples[name] for name in rule.arguments}))
    tomorrow = (server.clock.now() + timedelta(days=1)).astimezone(ZoneInfo(server.config.business.timezone)).date()
    paths += [f"/calendar/?technician=1&week={tomorrow}", f"/calendar/?technician=2&week={tomorrow}",
              f"/calendar/book?lead={1}&service=Drain+cleaning&day={tomorrow}"]
    return sorted(set(paths) - {"/login"})


@pytest.fixture
def shop(server) -> list[str]:
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    return demo_shop(server.config, server.clock.now())


def test_login_page_fits_a_phone_and_labels_its_fields(server, phone_page: Page, shop):
    phone_page.goto(server.url + "/login")
    assert phone_layout_problems(phone_page, "/login") == []


def test_every_page_fits_a_phone_and_labels_every_field(server, phone_page: Page, shop):
    log_in(phone_page, server.url, *OWNER)
    problems = []
    for path in every_page(server, shop):
        phone_page.goto(server.url + path)
        phone_page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
        problems += phone_layout_problems(phone_page, path)
        snap(phone_page, "a11y-phone-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-"))
    assert problems == []


FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {what: el.outerHTML.slice(0, 80), visible: outlined || style.boxShadow !== 'none'};
}"""


def test_keyboard_focus_is_visible_on_every_page(server, page: Page, shop):
    log_in(page, server.url, *OWNER)
    invisible, reached = [], 0
    for path in every_page(server, shop):
        page.goto(server.url + path)
        for _ in range(TABS):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUS_STATE)
            if state is None:
                break
            reached += 1
            if not state["visible"]:
                invisible.append(f"{path}: {state['what']}")
    assert reached > 50          # the walk really moved through the pages' links, fields and buttons
    assert invisible == []
