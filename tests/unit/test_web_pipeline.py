"""The Pipeline pages through Flask's test client on a real SQLite file: the board and its filters,
search, the lead's page, moving, notes, corrections that feed the brain, resolving an emergency,
and the owner's audit log."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from appliance.brain.corrections import load_memory
from appliance.pipeline import crm
from appliance.pipeline.settings import price_list
from appliance.store import messages
from appliance.store.db import transaction
from tests.web_support import (OWNER, OWNER_CELL, SETUP_CODE, STAFF, add_user, csrf_from, login, seed_inbound,
                               signed_in)
from web.app import create_app

CUSTOMER = "+15125550123"
GAS = {"intent": "emergency_repair", "urgency": "emergency", "escalate": True, "service": "Leak repair",
       "name": "Rosa Martinez"}


@pytest.fixture
def app(config, clock):
    add_user(config, clock.now(), *OWNER, "owner", OWNER_CELL)
    add_user(config, clock.now(), *STAFF, "staff")
    return create_app(config, clock=clock, setup_code=SETUP_CODE)


@pytest.fixture
def client(app):
    return signed_in(app)


def seed_lead(db, config, now, phone: str, source: str = "missed_call", fields: dict | None = None,
              stage: str | None = None) -> int:
    """A lead as the agent leaves it: opened, maybe qualified by the brain, maybe moved on."""
    with transaction(db):
        lead_id = crm.open_lead(db, now, phone, source)
        if fields:
            crm.record_extraction(db, now, lead_id, fields, price_list(config))
        if stage:
            crm.set_stage(db, now, lead_id, stage, "system")
    return lead_id


def post(client, page_path: str, action_path: str, data: dict | None = None):
    token = csrf_from(client.get(page_path).get_data(as_text=True))
    return client.post(action_path, data={"csrf_token": token, **(data or {})})


def card_ids(html: str) -> list[int]:
    return [int(found) for found in re.findall(r'data-lead-id="(\d+)"', html)]


def test_the_board_shows_each_stage_with_counts_flags_and_value(client, config, clock, db):
    gas = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS, stage="qualified")
    heater = seed_lead(db, config, clock.now(), "+15125550124", fields={
        "intent": "new_installation", "urgency": "normal", "service": "Water heater replacement"}, stage="qualified")
    quiet = seed_lead(db, config, clock.now(), "+15125550125")
    html = client.get("/pipeline/").get_data(as_text=True)
    for stage in ("New", "Contacted", "Qualified", "Booked", "Completed", "Reviewed", "Lost"):
        assert f'id="column-{stage.lower()}">{stage} <span class="count">' in html
    assert 'id="column-qualified">Qualified <span class="count">2</span>' in html
    assert 'id="column-new">New <span class="count">1</span>' in html
    assert card_ids(html) == [quiet, gas, heater]        # within a column, the emergency first
    assert html.count('class="tag emergency">Emergency<') == 1
    assert "$2,450" in html and "$300" in html             # each job's value, from the price list
    assert "$2,750 estimated" in html                     # and the column's total
    assert 'class="tag priority-high">high<' in html and 'class="tag priority-urgent">urgent<' in html


def test_filters_narrow_the_board_and_a_bad_one_is_explained(client, config, clock, db):
    gas = seed_lead(db, config, clock.now() - timedelta(days=3), CUSTOMER, fields=GAS)
    texted = seed_lead(db, config, clock.now(), "+15125550124", source="inbound_text",
                       fields={"intent": "quote_request", "urgency": "low"})
    page = lambda query: client.get(f"/pipeline/?{query}").get_data(as_text=True)  # noqa: E731
    assert card_ids(page("emergency=yes")) == [gas]
    assert card_ids(page("emergency=no")) == [texted]
    assert card_ids(page("source=inbound_text")) == [texted]
    assert card_ids(page("intent=emergency_repair")) == [gas]
    assert card_ids(page("stage=new")) == [gas, texted]          # the emergency first
    assert 'id="column-lost"' not in page("stage=new")
    # Dates are the shop's own days (Austin): the first lead was made on 23 Nov, the second on 26 Nov.
    assert card_ids(page("since=2026-11-24")) == [texted]
    assert card_ids(page("until=2026-11-23")) == [gas]
    assert card_ids(page("since=2026-11-26&until=2026-11-26")) == [texted]
    bad = page("stage=won&since=26/11/2026")
    assert "&#39;won&#39; is not a stage" in bad and "is not a date like 2026-11-26" in bad
    assert sorted(card_ids(bad)) == sorted([gas, texted])       # the bad filters are ignored, not guessed


def test_search_finds_names_numbers_notes_and_texts(client, config, clock, db):
    rosa = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS)
    other = seed_lead(db, config, clock.now(), "+15127770188")
    seed_inbound(config, clock.now(), "+15127770188", "The water heater in the garage is dripping")
    with transaction(db):
        crm.note(db, clock.now(), rosa, "note", "owner", "Gate code 4471, beware of the dog")
    found = lambda query: card_ids(client.get("/pipeline/", query_string={"q": query}).get_data(as_text=True))  # noqa: E731
    assert found("martinez") == [rosa]                 # part of a name, any case
    assert found("(512) 555-0123") == [rosa]           # a phone number as people write it
    assert found("0188") == [other]                    # the last digits
    assert found("garage") == [other]                  # a word in a customer's text
    assert found("beware dog") == [rosa]               # a staff note
    assert found("rosa dripping") == []                # every word must match the same lead
    assert found("heater 777") == [other]              # words may match in different places
    html = client.get("/pipeline/", query_string={"q": "a b"}).get_data(as_text=True)
    assert "at least 3 letters" in html
    assert card_ids(client.get("/pipeline/", query_string={"q": '"OR NEAR(*'}).get_data(as_text=True)) == []


def test_markup_from_a_customer_shows_as_text(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER,
                        fields={"intent": "service_request", "urgency": "normal", "name": "<b>Bo</b>"})
    seed_inbound(config, clock.now(), CUSTOMER, '<script>alert("x")</script> sink')
    for path in ("/pipeline/", f"/pipeline/leads/{lead_id}", "/pipeline/?q=script"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<b>Bo</b>" not in html, path
        assert "&lt;b&gt;Bo&lt;/b&gt;" in html, path
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; sink" in client.get(
        f"/pipeline/leads/{lead_id}").get_data(as_text=True)


def test_the_lead_page_shows_the_whole_timeline_with_who_did_what(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS)
    seed_inbound(config, clock.now(), CUSTOMER, "Smells like gas in the kitchen")
    post(client, f"/pipeline/leads/{lead_id}", f"/pipeline/leads/{lead_id}/note", {"note": "Called her back"})
    html = client.get(f"/pipeline/leads/{lead_id}").get_data(as_text=True)
    assert "new lead from missed call" in html
    assert "intent: emergency_repair, service: Leak repair, urgency: emergency" in html     # the extraction
    assert "Smells like gas in the kitchen" in html
    assert "· note · owner</span>" in html and "Called her back" in html
    assert client.get("/pipeline/leads/999").status_code == 404


def test_each_staff_reply_names_who_sent_it_and_an_older_one_says_staff(app, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER)
    seed_inbound(config, clock.now(), CUSTOMER, "can someone call me?")
    with transaction(db):      # a reply sent before replies recorded their sender
        messages.enqueue(db, clock.now(), phone=CUSTOMER, body="Calling you now", kind="human", priority=2)
    clock.advance(minutes=1)
    for user, body in ((OWNER, "Dana will be there at 3"), (STAFF, "Running 10 minutes late")):
        post(signed_in(app, *user), f"/inbox/{CUSTOMER}", f"/inbox/{CUSTOMER}/reply", {"body": body})
    thread = signed_in(app).get(f"/inbox/{CUSTOMER}").get_data(as_text=True)
    assert re.findall(r"· human · by (\w+)", thread) == ["staff", OWNER[0], STAFF[0]]
    page = signed_in(app).get(f"/pipeline/leads/{lead_id}").get_data(as_text=True)
    assert re.findall(r"text out \(human, queued\) · (\w+)</span>", page) == ["staff", OWNER[0], STAFF[0]]


def test_moving_a_lead_respects_the_stage_rules_and_is_audited(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS, stage="qualified")
    page = f"/pipeline/leads/{lead_id}"
    response = post(client, page, f"/pipeline/leads/{lead_id}/stage", {"stage": "lost", "back": "board"})
    assert response.headers["Location"].endswith("/pipeline/")
    assert "needs a reason" in client.get("/pipeline/").get_data(as_text=True)
    response = post(client, page, f"/pipeline/leads/{lead_id}/stage", {"stage": "reviewed"})
    assert "cannot become reviewed" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert crm.get_lead(db, lead_id)["stage"] == "qualified"
    post(client, page, f"/pipeline/leads/{lead_id}/stage", {"stage": "lost", "reason": "went with a cheaper shop"})
    lead = crm.get_lead(db, lead_id)
    assert (lead["stage"], lead["lost_reason"]) == ("lost", "went with a cheaper shop")
    [audit] = db.query("SELECT * FROM events WHERE kind = 'stage_changed'")
    assert json.loads(audit["detail"]) == {"lead_id": lead_id, "user": OWNER[0], "old": "qualified", "new": "lost",
                                           "reason": "went with a cheaper shop"}
    html = client.get(page).get_data(as_text=True)
    assert "qualified -&gt; lost (went with a cheaper shop)" in html and "· stage · owner</span>" in html


def test_staff_may_work_the_pipeline(app, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER)
    client = app.test_client()
    login(client, *STAFF)
    post(client, f"/pipeline/leads/{lead_id}", f"/pipeline/leads/{lead_id}/stage", {"stage": "contacted"})
    assert crm.get_lead(db, lead_id)["stage"] == "contacted"
    assert [entry.actor for entry in crm.timeline(db, lead_id) if entry.kind == "stage"] == [STAFF[0]]


def test_an_empty_note_is_refused(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER)
    response = post(client, f"/pipeline/leads/{lead_id}", f"/pipeline/leads/{lead_id}/note", {"note": "  "})
    assert "nothing was saved" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db["lead_timeline"].count_where("kind = 'note'") == 0


def test_a_correction_updates_the_lead_and_teaches_the_brain(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS)
    seed_inbound(config, clock.now() + timedelta(seconds=1), CUSTOMER, "Is this the pizza place? want a large")
    page = f"/pipeline/leads/{lead_id}"
    response = post(client, page, f"/pipeline/leads/{lead_id}/correct", {
        "intent": "not_a_lead", "urgency": "low", "name": "Rosa Martinez", "address": "12 Elm St, Austin",
        "service": "", "preferred_time": "tomorrow at 9am"})
    assert "Similar texts will be read this way" in client.get(response.headers["Location"]).get_data(as_text=True)
    lead = crm.get_lead(db, lead_id)
    fields = json.loads(lead["fields"])
    assert (lead["intent"], lead["emergency"], lead["priority"], lead["service"]) == ("not_a_lead", 0, "normal", None)
    assert fields["address"] == {"text": "12 Elm St, Austin"} and fields["escalate"] is False
    assert fields["preferred_time"]["text"] == "tomorrow at 9am"
    assert fields["preferred_time"]["start"].startswith("2026-11-27T09:00")     # the shop's tomorrow, 9am
    stored = {row["field"]: json.loads(row["new_value"]) for row in db.query("SELECT * FROM lead_corrections")}
    assert stored == {"intent": "not_a_lead", "urgency": "low", "escalate": False, "address": "12 Elm St, Austin",
                      "service": None}             # preferred time is not something the brain learns
    [row] = db.query("SELECT * FROM lead_corrections WHERE field = 'intent'")
    assert (row["lead_id"], row["author"], json.loads(row["old_value"])) == (lead_id, OWNER[0], "emergency_repair")
    assert load_memory(db).recall_intent(["is this the pizza place? I want a large pepperoni"])[0] == "not_a_lead"
    assert "intent: emergency_repair -&gt; not_a_lead" in client.get(page).get_data(as_text=True)
    assert json.loads(next(db.query("SELECT detail FROM events WHERE kind = 'lead_corrected'"))["detail"])[
        "user"] == OWNER[0]


def test_a_bad_correction_is_refused_and_nothing_is_written(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS)
    seed_inbound(config, clock.now(), CUSTOMER, "gas smell")
    before = crm.get_lead(db, lead_id)
    response = post(client, f"/pipeline/leads/{lead_id}", f"/pipeline/leads/{lead_id}/correct",
                    {"intent": "pizza", "urgency": "emergency", "escalate": "yes", "name": "Rosa Martinez",
                     "service": "Leak repair"})
    assert "intent must be one of" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert crm.get_lead(db, lead_id) == before
    assert db["lead_corrections"].count == 0


def test_a_lead_without_texts_is_corrected_but_teaches_nothing(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER)
    response = post(client, f"/pipeline/leads/{lead_id}", f"/pipeline/leads/{lead_id}/correct",
                    {"intent": "quote_request", "name": "Sam"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Corrected" in html and "Similar texts" not in html
    assert crm.get_lead(db, lead_id)["name"] == "Sam" and db["lead_corrections"].count == 0


def test_the_inbox_thread_corrects_the_lead_and_comes_back(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS)
    seed_inbound(config, clock.now(), CUSTOMER, "water everywhere")
    thread = f"/inbox/{CUSTOMER}"
    html = client.get(thread).get_data(as_text=True)
    assert f'action="/pipeline/leads/{lead_id}/correct"' in html and 'value="Rosa Martinez"' in html
    response = post(client, thread, f"/pipeline/leads/{lead_id}/correct",
                    {"intent": "emergency_repair", "urgency": "emergency", "escalate": "yes", "name": "Rosa M.",
                     "service": "Leak repair", "back": "inbox"})
    assert response.headers["Location"].endswith(thread)
    assert "Rosa M." in client.get(thread).get_data(as_text=True)


def test_a_resolved_emergency_leaves_the_top_of_the_inbox(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS)
    seed_inbound(config, clock.now(), CUSTOMER, "gas smell in the kitchen")
    clock.advance(minutes=5)
    seed_inbound(config, clock.now(), "+15125550124", "do you do drains?")
    client.get(f"/inbox/{CUSTOMER}")
    client.get("/inbox/+15125550124")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert inbox.index(CUSTOMER) < inbox.index("+15125550124") and 'class="tag emergency"' in inbox
    response = post(client, f"/inbox/{CUSTOMER}", f"/pipeline/leads/{lead_id}/resolve", {"back": "inbox"})
    assert response.headers["Location"].endswith(f"/inbox/{CUSTOMER}")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert inbox.index("+15125550124") < inbox.index(CUSTOMER) and 'class="tag emergency"' not in inbox
    lead = crm.get_lead(db, lead_id)
    assert (lead["emergency_resolved_by"], lead["emergency_resolved_at"]) == (OWNER[0], "2026-11-26T16:05:00.000000Z")
    html = client.get(f"/pipeline/leads/{lead_id}").get_data(as_text=True)
    assert "Emergency resolved by owner, 10:05." in html
    assert "emergency resolved</button>" not in client.get(f"/inbox/{CUSTOMER}").get_data(as_text=True)


def test_only_an_emergency_can_be_resolved(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER)
    response = post(client, f"/pipeline/leads/{lead_id}", f"/pipeline/leads/{lead_id}/resolve")
    assert "not an emergency" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert crm.get_lead(db, lead_id)["emergency_resolved_at"] is None


def test_the_audit_log_shows_staff_actions_to_the_owner_only(app, client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER)
    staff = app.test_client()
    login(staff, *STAFF)
    post(staff, f"/pipeline/leads/{lead_id}", f"/pipeline/leads/{lead_id}/note", {"note": "left a voicemail"})
    assert staff.get("/audit/").status_code == 403
    assert 'href="/audit/"' not in staff.get("/pipeline/").get_data(as_text=True)
    html = client.get("/audit/").get_data(as_text=True)
    row = html.index("<td>note added</td>")
    assert f"<td>{STAFF[0]}</td>" in html[row - 80:row] and f"lead id: {lead_id}" in html[row:row + 200]
    assert "<td>login</td>" in html


def test_posts_need_the_csrf_token(client, config, clock, db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS)
    for action in ("stage", "note", "correct", "resolve"):
        response = client.post(f"/pipeline/leads/{lead_id}/{action}",
                               data={"stage": "lost", "reason": "x", "note": "x", "intent": "not_a_lead"})
        assert response.status_code == 400 and b"could not be accepted" in response.data, action
    assert crm.get_lead(db, lead_id)["stage"] == "new"
    assert db["lead_timeline"].count_where("kind IN ('note', 'correction', 'resolved')") == 0


def test_a_move_from_a_filtered_board_returns_to_the_same_filters_and_shows_why_it_was_lost(client, config, clock,
                                                                                           db):
    lead_id = seed_lead(db, config, clock.now(), CUSTOMER, fields=GAS)
    board = "/pipeline/?emergency=yes&q=martinez"
    response = post(client, board, f"/pipeline/leads/{lead_id}/stage", {
        "stage": "lost", "reason": "fixed it himself", "back": "board",
        "board_query": "emergency=yes&q=martinez&_external=1&_scheme=javascript"})
    assert response.headers["Location"] == "/pipeline/?emergency=yes&q=martinez"
    card = client.get(response.headers["Location"]).get_data(as_text=True)
    assert card_ids(card) == [lead_id] and "Lost: fixed it himself" in card
