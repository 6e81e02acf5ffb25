"""What an owner does in a real browser against the real server: first run, log in, read the
inbox, answer a customer, see new texts arrive without reloading."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from appliance.store.db import connect
from tests.browser.support import phone_layout_problems, snap
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, add_user, seed_inbound, seed_missed_call
from web.auth import policy

CUSTOMER = "+15125550123"
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> is my sink ok?'


def log_in(page: Page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def rows(server, sql: str, params=()) -> list[dict]:
    db = connect(server.config.storage.database)
    try:
        return list(db.query(sql, params))
    finally:
        db.conn.close()


def test_first_run_then_login_inbox_reply_and_live_updates(server, page: Page):
    # First run: every page leads to making the owner account.
    page.goto(server.url + "/")
    expect(page).to_have_url(re.compile(r"/setup/$"))
    page.get_by_label("Setup code").fill(SETUP_CODE)
    page.get_by_label("Your username").fill(OWNER[0])
    page.get_by_label("Password (at least").fill(OWNER[1])
    page.get_by_label("The same password again").fill(OWNER[1])
    page.get_by_label("Your cell phone").fill("(512) 555-0199")
    snap(page, "01-first-run")
    page.get_by_role("button", name="Create the owner account").click()
    expect(page.get_by_role("heading", name="Your business")).to_be_visible()
    page.get_by_label("Opening hours").fill("mon-fri 07:00-17:00")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Test the modem and the phone line")).to_be_visible()
    page.get_by_role("button", name="Send me a test text").click()
    expect(page.get_by_text("Test text queued")).to_be_visible()
    assert [(r["phone"], r["kind"]) for r in rows(server, "SELECT * FROM messages")] == [(OWNER_CELL, "test")]
    page.get_by_role("link", name="Continue: does everything work?").click()
    expect(page.get_by_text("The agent has never reported.").first).to_be_visible()
    snap(page, "02-first-run-summary")
    page.get_by_role("button", name=f"Log out {OWNER[0]}").click()

    # A customer's text with markup, and a missed call, wait in the inbox.
    now = server.clock.now()
    seed_missed_call(server.config, now - timedelta(minutes=5), CUSTOMER, linkedid="j-1",
                     texted_after=timedelta(seconds=2))
    seed_inbound(server.config, now, CUSTOMER, HOSTILE)
    log_in(page, server.url, *OWNER)
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    expect(page.get_by_text(HOSTILE)).to_be_visible()          # shown as the characters the customer typed
    assert page.evaluate("window.__pwned") is None
    snap(page, "03-inbox")

    # The thread, a reply as a human, and its SMS counter.
    page.get_by_text(HOSTILE).click()
    expect(page.get_by_text("Missed call (no_answer): text-back queued")).to_be_visible()
    expect(page.locator(".message.in .body")).to_have_text(HOSTILE)
    assert page.evaluate("window.__pwned") is None
    reply = "Hi! We can come by today at 3pm. Does that work?"
    page.get_by_label("Your text to").fill(reply)
    expect(page.locator("#reply-counter")).to_have_text(f"{len(reply)} characters · 1 text · GSM-7")
    page.get_by_role("button", name="Send as me").click()
    expect(page.get_by_text("Reply queued")).to_be_visible()
    sent = rows(server, "SELECT * FROM messages WHERE kind = 'human'")
    assert [(r["phone"], r["body"], r["status"]) for r in sent] == [(CUSTOMER, reply, "queued")]
    expect(page.locator(".message.out .body", has_text=reply)).to_be_visible()
    expect(page.get_by_role("button", name="Resume the bot")).to_be_visible()   # a person took over
    snap(page, "04-thread-after-reply")

    # A new text arrives while the thread is open: it shows up without a reload.
    page.evaluate("window.__same_page = true")
    seed_inbound(server.config, server.clock.now(), CUSTOMER, "3pm is perfect, thanks!")
    expect(page.get_by_text("3pm is perfect, thanks!")).to_be_visible()
    assert page.evaluate("window.__same_page") is True

    # And on the inbox list, a text from a new number appears by itself, on top and unread.
    page.get_by_role("link", name="Inbox").first.click()
    page.evaluate("window.__same_page = true")
    seed_inbound(server.config, server.clock.now(), "+15125550177", "Do you fix garbage disposals?")
    first = page.locator(".conversation").first
    expect(first).to_contain_text("Do you fix garbage disposals?")
    expect(first.locator(".tag.unread")).to_be_visible()
    assert page.evaluate("window.__same_page") is True
    snap(page, "05-inbox-live")
    assert page.errors == []       # no script error and nothing the CSP refused


def test_a_post_without_the_csrf_token_is_refused(server, page: Page):
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    seed_inbound(server.config, server.clock.now(), CUSTOMER, "hello?")
    log_in(page, server.url, *OWNER)
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    # The browser's own cookies, but no token: what a forged form on another site would send.
    response = page.request.post(f"{server.url}/inbox/{CUSTOMER}/reply", form={"body": "forged"})
    assert response.status == 400
    assert rows(server, "SELECT * FROM messages WHERE direction = 'out'") == []


def test_twenty_bad_logins_lock_the_account(server, page: Page):
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    for attempt in range(policy.LOCK_AFTER):
        log_in(page, server.url, OWNER[0], f"guess number {attempt}")
        expect(page.locator(".flash.error")).to_be_visible()
        server.clock.advance(seconds=policy.LONGEST_WAIT.total_seconds())   # past the throttle
    log_in(page, server.url, *OWNER)
    expect(page.get_by_text("This account is locked")).to_be_visible()
    snap(page, "06-locked")
    assert rows(server, "SELECT failed_logins FROM web_users")[0]["failed_logins"] == policy.LOCK_AFTER


def test_phone_width_layout_labels_and_visible_focus(server, phone_page):
    page = phone_page
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    seed_inbound(server.config, server.clock.now(), CUSTOMER, "A long message " * 20)
    log_in(page, server.url, *OWNER)
    for path in ("/inbox/", f"/inbox/{CUSTOMER}", "/dashboard/", "/health/", "/settings/"):
        page.goto(server.url + path)
        assert phone_layout_problems(page, path) == []
        snap(page, f"07-phone-{path.strip('/').replace('/', '-').replace('+', '') or 'home'}")
    page.goto(server.url + "/settings/")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "keyboard focus is invisible"


def test_template_preview_and_sms_counter_follow_the_typing(server, page: Page):
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    log_in(page, server.url, *OWNER)
    page.goto(server.url + "/settings/")
    editor = page.get_by_label("Text-back during business hours")
    preview = page.locator("#preview-1")
    expect(preview.locator(".preview-text")).to_contain_text("Lone Star Plumbing")   # filled in on load
    editor.fill("{business} here 🙂 sorry we missed you! Reply STOP to opt out.")
    rendered = "Lone Star Plumbing here 🙂 sorry we missed you! Reply STOP to opt out."
    expect(preview.locator(".preview-text")).to_have_text(rendered)
    expect(preview.locator(".preview-count")).to_have_text(f"{len(rendered)} characters · 1 text · UCS-2")
    editor.fill(rendered + " More words push it past seventy.")      # the emoji forces UCS-2: 67 a part
    expect(preview.locator(".preview-count")).to_contain_text("2 texts · UCS-2")
    editor.fill("Hi from {busines}")
    expect(preview.locator(".preview-text")).to_contain_text("Problem: {busines} is not a known placeholder")
    snap(page, "08-template-preview")
