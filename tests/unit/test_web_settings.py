"""Settings: template preview and counter, saving templates, users and roles, technicians, the model
choice, and backup download and restore. A real database file throughout."""

from __future__ import annotations

import io
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from appliance.store import health
from appliance.store import settings as settings_store
from appliance.store.db import connect, transaction
from tests.shop_seed import rows
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, STAFF, add_user, csrf_from, login, seed_inbound, signed_in
from web.app import create_app

CUSTOMER = "+15125550123"


@pytest.fixture
def app(config, clock):
    add_user(config, clock.now(), *OWNER, "owner", OWNER_CELL)
    return create_app(config, clock=clock, setup_code=SETUP_CODE)


@pytest.fixture
def client(app):
    return signed_in(app)


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


def test_model_choice_lists_the_default_and_the_shops_gguf_files_and_says_a_restart_is_needed(client, config):
    models = Path(config.storage.database).parent / "models"
    models.mkdir()
    (models / "qwen2.5-1.5b-instruct-q4_k_m.gguf").write_bytes(b"GGUF" + b"\0" * 2_000_000)
    (models / "notes.txt").write_text("not a model")
    page = client.get("/settings/").get_data(as_text=True)
    assert "SmolLM2 135M (bundled default, 98 MB)" in page
    assert "qwen2.5-1.5b-instruct-q4_k_m.gguf (2 MB)" in page and "notes.txt" not in page
    response = client.post("/settings/model", data={"csrf_token": token(client),
                                                    "model": "qwen2.5-1.5b-instruct-q4_k_m.gguf"},
                           follow_redirects=True)
    assert b"restart it (systemctl restart textback-agent) to switch" in response.data
    db = connect(config.storage.database)
    assert settings_store.get(db, "brain.model") == "qwen2.5-1.5b-instruct-q4_k_m.gguf"
    refused = client.post("/settings/model", data={"csrf_token": token(client), "model": "../../etc/passwd"},
                          follow_redirects=True)
    assert b"Not saved: &#39;../../etc/passwd&#39; is not a model" in refused.data
    assert settings_store.get(db, "brain.model") == "qwen2.5-1.5b-instruct-q4_k_m.gguf"
    db.conn.close()


def test_the_page_shows_which_model_the_agent_is_running(client, config, clock):
    db = connect(config.storage.database)
    with transaction(db):
        health.publish(db, clock.now(), "model", {"state": "loaded", "model": "SmolLM2-135M-Instruct.Q4_1.gguf"})
    db.conn.close()
    assert b"Running now:\n  SmolLM2-135M-Instruct.Q4_1.gguf, reported 10:00" in client.get("/settings/").data


def test_a_downloaded_backup_is_a_checked_copy_of_everything(client, config, clock, tmp_path):
    seed_inbound(config, clock.now(), CUSTOMER, "my sink is leaking")
    response = client.post("/settings/backup", data={"csrf_token": token(client)})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=textback-")
    copy = tmp_path / "downloaded.db"
    copy.write_bytes(response.data)
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT body FROM messages").fetchall() == [("my sink is leaking",)]
    assert conn.execute("SELECT username FROM web_users").fetchall() == [(OWNER[0],)]
    conn.close()
    kept = list((Path(config.storage.database).parent / "backups").glob("textback-*.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == response.data
    assert rows(config, "SELECT kind FROM events WHERE kind = 'backup_downloaded'")


def restore(client, data: bytes, name="backup.db", confirm=True):
    form = {"csrf_token": token(client), "backup": (io.BytesIO(data), name)}
    if confirm:
        form["confirm"] = "replace"
    return client.post("/settings/restore", data=form, content_type="multipart/form-data", follow_redirects=True)


def test_restore_puts_the_backup_back_and_keeps_what_it_replaced(client, config, clock):
    seed_inbound(config, clock.now(), CUSTOMER, "before the backup")
    backup = client.post("/settings/backup", data={"csrf_token": token(client)}).data
    assert len(backup) > 64 * 1024           # bigger than the app's form limit: the upload limit is raised
    seed_inbound(config, clock.now(), CUSTOMER, "after the backup")
    response = restore(client, backup)
    assert b"Restored backup.db. The database it replaced is kept as replaced-" in response.data
    assert [r["body"] for r in rows(config, "SELECT body FROM messages")] == ["before the backup"]
    [replaced] = (Path(config.storage.database).parent / "backups").glob("replaced-*.db")
    conn = sqlite3.connect(replaced)
    assert conn.execute("SELECT COUNT(*) FROM messages").fetchone() == (2,)
    conn.close()
    assert rows(config, "SELECT subject FROM events WHERE kind = 'backup_restored'") == [{"subject": "backup.db"}]


def test_restore_refuses_without_confirmation_a_damaged_file_and_a_running_agent(client, config, clock):
    seed_inbound(config, clock.now(), CUSTOMER, "keep me")
    backup = client.post("/settings/backup", data={"csrf_token": token(client)}).data
    assert b"tick the box" in restore(client, backup, confirm=False).data
    broken = restore(client, b"SQLite format 3\0" + b"garbage" * 1000, name="broken.db")
    assert b"Not restored: not restoring" in broken.data and b"The current database was not touched." in broken.data
    db = connect(config.storage.database)
    with transaction(db):
        health.publish(db, clock.now() - timedelta(seconds=5), "ami", {"connected": True})
    db.conn.close()
    running = restore(client, backup)
    assert b"Not restored: the agent is running. Stop it first" in running.data
    assert [r["body"] for r in rows(config, "SELECT body FROM messages")] == ["keep me"]


def test_owner_sets_roles_but_never_demotes_the_last_owner(client, config, clock):
    staff_id = add_user(config, clock.now(), *STAFF, "staff")
    client.post(f"/settings/users/{staff_id}/role", data={"csrf_token": token(client), "role": "owner"})
    assert rows(config, "SELECT role FROM web_users WHERE id = ?", [staff_id]) == [{"role": "owner"}]
    client.post(f"/settings/users/{staff_id}/role", data={"csrf_token": token(client), "role": "staff"})
    response = client.post("/settings/users/1/role", data={"csrf_token": token(client), "role": "staff"},
                           follow_redirects=True)
    assert b"Not changed: this is the only owner: make someone else an owner first." in response.data
    assert rows(config, "SELECT role FROM web_users WHERE id = 1") == [{"role": "owner"}]
    bogus = client.post(f"/settings/users/{staff_id}/role", data={"csrf_token": token(client), "role": "root"},
                        follow_redirects=True)
    assert b"the role must be one of: owner, staff" in bogus.data


def test_technicians_are_added_edited_and_checked(client, config):
    added = client.post("/settings/technicians", data={"csrf_token": token(client), "name": "Sam Ortiz",
                                                       "phone": "(512) 555-0140", "hours": "mon-fri 08:00-16:00"},
                        follow_redirects=True)
    assert b"Added Sam Ortiz." in added.data
    [sam] = rows(config, "SELECT * FROM technicians")
    assert (sam["phone"], sam["hours"], sam["active"]) == ("+15125550140", "mon-fri 08:00-16:00", 1)
    bad = client.post("/settings/technicians/save", data={"csrf_token": token(client), "technician_id": sam["id"],
                                                          "name": "Sam Ortiz", "hours": "weekdays 8 to 4",
                                                          "active": "yes"}, follow_redirects=True)
    assert b"Not saved: working hours: &#39;weekdays 8 to 4&#39; is not like" in bad.data
    assert rows(config, "SELECT hours FROM technicians")[0]["hours"] == "mon-fri 08:00-16:00"
    client.post("/settings/technicians/save", data={"csrf_token": token(client), "technician_id": sam["id"],
                                                    "name": "Sam Ortiz", "hours": "tue-sat 09:00-17:00"})
    assert rows(config, "SELECT hours, active FROM technicians") == [{"hours": "tue-sat 09:00-17:00", "active": 0}]
    twin = client.post("/settings/technicians", data={"csrf_token": token(client), "name": "Sam Ortiz",
                                                      "hours": "mon 08:00-12:00"}, follow_redirects=True)
    assert b"there is already a technician called Sam Ortiz" in twin.data


def test_a_restore_upload_is_read_only_for_a_logged_in_owner_with_the_token(app, client, config, clock):
    big = {"backup": (io.BytesIO(b"\0" * 300_000), "big.db"), "confirm": "replace"}
    anonymous = app.test_client().post("/settings/restore", data=dict(big), content_type="multipart/form-data")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    add_user(config, clock.now(), *STAFF, "staff")
    staff = app.test_client()
    login(staff, *STAFF)
    big = {"backup": (io.BytesIO(b"\0" * 300_000), "big.db"), "confirm": "replace"}
    assert staff.post("/settings/restore", data=big, content_type="multipart/form-data").status_code == 403
    forged = client.post("/settings/restore", data={"backup": (io.BytesIO(b"\0" * 300_000), "big.db"),
                                                    "confirm": "replace"}, content_type="multipart/form-data")
    assert forged.status_code == 400 and b"could not be accepted" in forged.data


def test_the_page_says_when_the_chosen_model_is_not_the_one_running(client, config, clock):
    db = connect(config.storage.database)
    with transaction(db):
        health.publish(db, clock.now(), "model", {"state": "loaded", "model": "SmolLM2-135M-Instruct.Q4_1.gguf"})
    db.conn.close()
    assert b"is not in use yet" not in client.get("/settings/").data          # the default, and it runs
    models = Path(config.storage.database).parent / "models"
    models.mkdir()
    (models / "qwen.gguf").write_bytes(b"GGUF")
    client.post("/settings/model", data={"csrf_token": token(client), "model": "qwen.gguf"})
    page = client.get("/settings/").get_data(as_text=True)
    assert "The chosen model (qwen.gguf) is not in use yet: the agent is running SmolLM2-135M-Instruct.Q4_1.gguf." \
        in page


def test_the_model_shown_as_chosen_is_the_one_the_agent_will_load(client, config, clock):
    models = Path(config.storage.database).parent / "models"
    models.mkdir()
    (models / "qwen.gguf").write_bytes(b"GGUF")
    client.post("/settings/model", data={"csrf_token": token(client), "model": "qwen.gguf"})
    assert b'<option value="qwen.gguf" selected' in client.get("/settings/").data
    # A saved setting that does not validate makes the agent ignore the page's settings, the model too.
    db = connect(config.storage.database)
    with transaction(db):
        settings_store.put(db, clock.now(), "textback.template", "We missed you, no opt-out line", "owner")
    db.conn.close()
    page = client.get("/settings/").data
    assert b'<option value="qwen.gguf" selected' not in page and b'<option value="" selected' in page
