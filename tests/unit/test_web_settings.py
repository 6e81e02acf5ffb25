"""Settings: template preview and counter, saving templates, and managing users."""

from __future__ import annotations

import pytest

from appliance.store.db import connect
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, STAFF, add_user, csrf_from, login
from appliance.store import settings as settings_store
from web.app import create_app


@pytest.fixture
def app(config, clock):
    add_user(config, clock.now(), *OWNER, "owner", OWNER_CELL)
    return create_app(config, clock=clock, setup_code=SETUP_CODE)


@pytest.fixture
def client(app):
    client = app.test_client()
    login(client, *OWNER)
    return client


def token(client) -> str:
    return csrf_from(client.get("/settings/").get_data(as_text=True))


def test_preview_renders_the_template_and_counts_parts(client):
    result = client.get("/settings/preview.json", query_string={
        "template": "Hi from {business}, call {phone}. Reply STOP to opt out."}).get_json()
    assert result["text"] == "Hi from Lone Star Plumbing, call (512) 555-0100. Reply STOP to opt out."
    assert (result["parts"], result["encoding"], result["error"]) == (1, "GSM-7", None)
    long = client.get("/settings/preview.json", query_string={"template": "Olá {business} " + "é" * 80}).get_json()
    assert (long["encoding"], long["parts"]) == ("UCS-2", 2)
    broken = client.get("/settings/preview.json", query_string={"template": "Hi {nam}"}).get_json()
    assert broken["text"] is None and "{nam} is not a known placeholder" in broken["error"]


def test_a_template_is_saved_only_when_valid(client, config):
    db = connect(config.storage.database)
    good = "Sorry we missed you at {business}! What do you need? Reply STOP to opt out."
    client.post("/settings/templates", data={"csrf_token": token(client), "key": "textback.template",
                                             "template": good})
    assert settings_store.get(db, "textback.template") == good
    response = client.post("/settings/templates", data={"csrf_token": token(client), "key": "textback.template",
                                                        "template": "We missed you, call us"})
    assert b"must tell people how to opt out" in client.get(response.headers["Location"]).data
    assert settings_store.get(db, "textback.template") == good
    assert client.post("/settings/templates", data={"csrf_token": token(client), "key": "asterisk.secret",
                                                    "template": "x"}).status_code == 400


def test_the_owner_adds_and_removes_staff_whose_sessions_end(app, client, config):
    client.post("/settings/users", data={"csrf_token": token(client), "username": STAFF[0],
                                         "password": STAFF[1], "role": "staff", "cell_phone": ""})
    staff = app.test_client()
    assert login(staff, *STAFF).status_code == 302
    db = connect(config.storage.database)
    staff_id = db.execute("SELECT id FROM web_users WHERE username = ?", [STAFF[0]]).fetchone()[0]
    client.post(f"/settings/users/{staff_id}/remove", data={"csrf_token": token(client)})
    assert "/login" in staff.get("/inbox/").headers["Location"]


def test_bad_new_users_are_refused_with_the_reason(client, config):
    for form, why in [
        ({"username": "a b", "password": "long enough pw", "role": "staff"}, b"a username is 2 to 40"),
        ({"username": "bob", "password": "short", "role": "staff"}, b"at least 10"),
        ({"username": "bob", "password": "long enough pw", "role": "admin"}, b"the role must be one of"),
        ({"username": "owner", "password": "long enough pw", "role": "staff"}, b"already a user called owner"),
        ({"username": "bob", "password": "long enough pw", "role": "staff", "cell_phone": "12"},
         b"is not a phone number"),
    ]:
        response = client.post("/settings/users", data={"csrf_token": token(client), **form})
        assert why in client.get(response.headers["Location"]).data
    assert connect(config.storage.database)["web_users"].count == 1


def test_the_last_owner_cannot_be_removed(client, config):
    owner_id = connect(config.storage.database).execute("SELECT id FROM web_users").fetchone()[0]
    response = client.post(f"/settings/users/{owner_id}/remove", data={"csrf_token": token(client)})
    assert b"the only owner" in client.get(response.headers["Location"]).data


def test_an_owner_unlocks_a_locked_account(app, client, config, clock):
    add_user(config, clock.now(), *STAFF, "staff")
    other = app.test_client()
    for attempt in range(20):
        login(other, STAFF[0], f"wrong {attempt}")
        clock.advance(seconds=30)
    assert b"locked" in login(other, *STAFF).data
    staff_id = connect(config.storage.database).execute(
        "SELECT id FROM web_users WHERE username = ?", [STAFF[0]]).fetchone()[0]
    assert b"Locked" in client.get("/settings/").data
    client.post(f"/settings/users/{staff_id}/unlock", data={"csrf_token": token(client)})
    assert login(other, *STAFF).status_code == 302


def test_owners_see_who_did_what(client, config):
    client.post("/settings/users", data={"csrf_token": token(client), "username": STAFF[0],
                                         "password": STAFF[1], "role": "staff"})
    html = client.get("/settings/").get_data(as_text=True)
    activity = html[html.index("Recent activity"):]
    assert "user added" in activity and STAFF[0] in activity and "login" in activity
    assert "$argon2" not in html
