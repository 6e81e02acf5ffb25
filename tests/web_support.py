"""Helpers for the admin's tests: a configured app on a real SQLite file, a logged-in client, and a
shop's worth of calls and texts written through the store's own functions."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from appliance.clock import iso
from appliance.config import Config
from appliance.store import calls, contacts, messages
from appliance.store.db import connect, transaction
from web.auth import users

SETUP_CODE = "test-setup-code"
OWNER = ("owner", "correct horse battery")
STAFF = ("office", "staple clip paper")
OWNER_CELL = "+15125550199"


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token field"
    return match.group(1)


def add_user(config: Config, now: datetime, username: str, password: str, role: str,
             cell: str | None = None) -> int:
    db = connect(config.storage.database)
    try:
        with transaction(db):
            return users.create(db, now, username=username, password=password, role=role, cell_phone=cell).id
    finally:
        db.conn.close()


def login(client, username: str, password: str):
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": csrf_from(page.get_data(as_text=True))})


def signed_in(app, username: str = OWNER[0], password: str = OWNER[1]):
    """A test client of ``app`` already logged in (as the owner unless told)."""
    client = app.test_client()
    login(client, username, password)
    return client


def seed_missed_call(config: Config, now: datetime, phone: str, *, linkedid: str,
                     texted_after: timedelta | None = None) -> tuple[int, int | None]:
    """A missed call from ``phone`` and, optionally, its text-back sent ``texted_after`` later."""
    db = connect(config.storage.database)
    try:
        with transaction(db):
            contact_id = contacts.contact_id_for(db, phone, now)
            call_id = calls.insert_call(db, {
                "linkedid": linkedid, "caller": phone, "phone": phone, "contact_id": contact_id,
                "started_at": iso(now - timedelta(seconds=30)), "ended_at": iso(now), "missed": 1,
                "reason": "no_answer", "source": "ami", "detected_at": iso(now), "textback": "pending"})
            message_id = None
            if texted_after is not None:
                message_id = messages.enqueue(db, now, phone=phone, body="Sorry we missed you", kind="textback",
                                              priority=messages.PRIORITY_TEXTBACK, contact_id=contact_id,
                                              call_id=call_id)
                calls.set_textback(db, call_id, "queued", message_id)
                messages.claim(db, now, message_id)
                messages.mark_sent(db, now + texted_after, message_id, [7])
        return call_id, message_id
    finally:
        db.conn.close()


def seed_inbound(config: Config, now: datetime, phone: str, body: str) -> int:
    db = connect(config.storage.database)
    try:
        with transaction(db):
            contact_id = contacts.contact_id_for(db, phone, now)
            return messages.record_inbound(db, now, phone=phone, body=body, contact_id=contact_id)
    finally:
        db.conn.close()
