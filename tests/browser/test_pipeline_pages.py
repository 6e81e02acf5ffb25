"""The Pipeline pages in a real browser against the real server: correcting what the bot got wrong
from the inbox thread, resolving an emergency, moving a lead on the board, and finding it by search."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from appliance.pipeline import crm
from appliance.pipeline.settings import price_list
from appliance.store.db import connect, transaction
from tests.browser.support import phone_layout_problems, snap
from tests.browser.test_admin_journeys import log_in, rows
from tests.web_support import OWNER, OWNER_CELL, add_user, seed_inbound

PIZZA = "+15125550123"
PIZZA_TEXT = "Is this Tony's? Gas is fine, I want a large pepperoni delivered to 12 Elm St"
# What a confused bot might have made of that text: a gas emergency.
WRONG = {"intent": "emergency_repair", "urgency": "emergency", "escalate": True, "service": "Leak repair",
         "address": {"text": "12 Elm St"}, "name": None}


def seed_lead(server, phone: str, fields: dict | None = None, note: str | None = None) -> int:
    db = connect(server.config.storage.database)
    try:
        with transaction(db):
            lead_id = crm.open_lead(db, server.clock.now(), phone, "inbound_text")
            if fields:
                crm.record_extraction(db, server.clock.now(), lead_id, fields, price_list(server.config))
            if note:
                crm.note(db, server.clock.now(), lead_id, "note", "owner", note)
        return lead_id
    finally:
        db.conn.close()


def test_correcting_a_lead_from_the_inbox_and_resolving_an_emergency(server, page: Page):
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    lead_id = seed_lead(server, PIZZA, WRONG)
    seed_inbound(server.config, server.clock.now(), PIZZA, PIZZA_TEXT)
    seed_inbound(server.config, server.clock.now(), "+15125550177", "Do you fix garbage disposals?")
    log_in(page, server.url, *OWNER)

    # The bot's mistake heads the inbox as an emergency.
    first = page.locator(".conversation").first
    expect(first).to_contain_text(PIZZA_TEXT)
    expect(first.locator(".tag.emergency")).to_be_visible()
    first.click()
    expect(page.locator(".facts")).to_contain_text("emergency_repair")
    snap(page, "pipeline-01-thread-before-correction")

    # The owner corrects it where they read it.
    page.get_by_text("Correct these").click()
    page.get_by_label("What they want").select_option("not_a_lead")
    page.get_by_label("Urgency").select_option("low")
    page.get_by_label("Escalate: alert the on-call technician").uncheck()
    page.get_by_label("Service", exact=True).fill("")
    page.get_by_label("Name", exact=True).fill("Tony's customer")
    snap(page, "pipeline-02-correction-form")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Corrected (intent: emergency_repair -> not_a_lead")).to_be_visible()
    expect(page.get_by_text("Similar texts will be read this way from now on.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("not_a_lead")
    expect(page.get_by_role("heading", name="Tony's customer")).to_be_visible()
    snap(page, "pipeline-03-thread-after-correction")

    # It is stored for the brain to learn from, with the texts it was made from, and on the lead.
    learned = {r["field"]: json.loads(r["new_value"]) for r in rows(server, "SELECT * FROM lead_corrections")}
    assert learned == {"intent": "not_a_lead", "urgency": "low", "escalate": False, "service": None,
                       "name": "Tony's customer"}
    assert json.loads(rows(server, "SELECT messages FROM lead_corrections LIMIT 1")[0]["messages"]) == [PIZZA_TEXT]
    [lead] = rows(server, "SELECT * FROM leads WHERE id = ?", [lead_id])
    assert (lead["intent"], lead["emergency"], lead["priority"]) == ("not_a_lead", 0, "normal")

    # No longer an emergency: the inbox does not put it first any more.
    page.get_by_role("link", name="Inbox").first.click()
    expect(page.locator(".tag.emergency")).to_have_count(0)

    # The lead's page tells who changed what.
    page.get_by_text(PIZZA_TEXT).click()
    page.get_by_role("link", name="The lead's page").click()
    expect(page.locator(".timeline .entry.correction")).to_contain_text("intent: emergency_repair -> not_a_lead")
    expect(page.locator(".timeline .entry.correction .meta")).to_contain_text("correction · owner")
    snap(page, "pipeline-04-lead-timeline")

    # A real emergency, handled by phone: marked resolved, it leaves the top of the inbox.
    gas = seed_lead(server, "+15125550188", {**WRONG, "name": "Lee"})
    seed_inbound(server.config, server.clock.now(), "+15125550188", "GAS SMELL in the basement!!")
    page.get_by_role("link", name="Inbox").first.click()
    expect(page.locator(".conversation").first).to_contain_text("GAS SMELL")
    page.get_by_text("GAS SMELL in the basement!!").click()
    page.get_by_role("button", name="Emergency resolved").click()
    expect(page.get_by_text("Emergency marked resolved")).to_be_visible()
    page.get_by_role("link", name="Inbox").first.click()
    expect(page.locator(".tag.emergency")).to_have_count(0)
    assert rows(server, "SELECT emergency_resolved_by FROM leads WHERE id = ?", [gas]) == [
        {"emergency_resolved_by": OWNER[0]}]
    page.goto(f"{server.url}/audit/")
    expect(page.locator("tr", has_text="emergency resolved")).to_contain_text(OWNER[0])
    expect(page.locator("tr", has_text="lead corrected")).to_contain_text(OWNER[0])
    snap(page, "pipeline-05-audit")
    assert page.errors == []


def test_moving_a_lead_on_the_board_and_finding_it_by_search(server, page: Page):
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    dana = seed_lead(server, "+15125550123", {"intent": "new_installation", "urgency": "normal",
                                               "service": "Water heater replacement", "name": "Dana Whitfield"},
                     note="Wants a quote for a 50 gallon tank")
    seed_lead(server, "+15125550124", {"intent": "service_request", "urgency": "normal",
                                       "service": "Drain cleaning", "name": "Sam Ortiz"})
    log_in(page, server.url, *OWNER)
    page.get_by_role("link", name="Pipeline").click()
    expect(page.get_by_role("heading", name="Pipeline", exact=True)).to_be_visible()
    card = page.locator(f'.card[data-lead-id="{dana}"]')
    expect(page.locator("#column-new")).to_contain_text("2")
    expect(card).to_contain_text("$2,450")
    snap(page, "pipeline-06-board")

    # Lost needs a reason: refused without one, and the card stays where it was.
    card.locator("summary", has_text="Move").click()
    card.get_by_label("Move Dana Whitfield to").select_option("lost")
    card.get_by_role("button", name="Move").click()
    expect(page.get_by_text("needs a reason")).to_be_visible()
    card = page.locator(f'.card[data-lead-id="{dana}"]')
    expect(page.locator(".column", has=page.locator("#column-new")).locator(card)).to_be_visible()

    # Booked instead: the card moves to the Booked column.
    card.locator("summary", has_text="Move").click()
    card.get_by_label("Move Dana Whitfield to").select_option("booked")
    card.get_by_role("button", name="Move").click()
    expect(page.get_by_text("Dana Whitfield moved to booked.")).to_be_visible()
    booked = page.locator(".column", has=page.locator("#column-booked"))
    expect(booked.locator(f'.card[data-lead-id="{dana}"]')).to_be_visible()
    expect(page.locator("#column-booked")).to_contain_text("1")
    snap(page, "pipeline-07-board-after-move")
    assert rows(server, "SELECT stage FROM leads WHERE id = ?", [dana]) == [{"stage": "booked"}]

    # Search: by a word from the staff's note, and by the last digits of the number.
    page.get_by_label("Search names, numbers, notes and texts").fill("gallon")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".card")).to_have_count(1)
    expect(page.locator(".card")).to_contain_text("Dana Whitfield")
    page.get_by_label("Search names, numbers, notes and texts").fill("0124")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".card")).to_have_count(1)
    expect(page.locator(".card")).to_contain_text("Sam Ortiz")
    snap(page, "pipeline-08-search")
    assert page.errors == []


def test_pipeline_pages_fit_a_phone_and_label_every_field(server, phone_page):
    page = phone_page
    add_user(server.config, server.clock.now(), *OWNER, "owner", OWNER_CELL)
    lead_id = seed_lead(server, PIZZA, WRONG, note="A very long note " * 20)
    seed_inbound(server.config, server.clock.now(), PIZZA, "A long message " * 20)
    log_in(page, server.url, *OWNER)
    for path in ("/pipeline/", f"/pipeline/leads/{lead_id}", f"/inbox/{PIZZA}", "/audit/"):
        page.goto(server.url + path)
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
        assert phone_layout_problems(page, path) == []
        snap(page, f"pipeline-phone-{path.strip('/').replace('/', '-').replace('+', '')}")
