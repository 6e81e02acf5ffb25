"""The admin's security foundation, through Flask's test client on a real SQLite file."""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest

from appliance.store.db import connect
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, STAFF, add_user, csrf_from, login
from web import secret_key
from web.app import create_app
from web.auth import policy


@pytest.fixture
def app(config, clock):
    app = create_app(config, clock=clock, setup_code=SETUP_CODE, idle_timeout=timedelta(minutes=30))
    app.config["TESTING"] = True
    return app


@pytest.fixture
def owner_app(app, config, clock):
    add_user(config, clock.now(), *OWNER, "owner", OWNER_CELL)
    return app


def test_first_run_leads_every_page_to_making_the_owner_account(app):
    client = app.test_client()
    for path in ("/", "/inbox/", "/health/", "/settings/", "/login"):
        response = client.get(path)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/setup/")


def test_owner_account_needs_the_setup_code_and_a_real_password(app, config):
    client = app.test_client()
    page = client.get("/setup/?code=" + SETUP_CODE).get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "username": "owner", "password": OWNER[1],
            "password_again": OWNER[1], "cell_phone": "512-555-0199"}
    refused = client.post("/setup/", data={**form, "code": "guess"})
    assert refused.status_code == 400 and b"setup code is wrong" in refused.data
    short = client.post("/setup/", data={**form, "code": SETUP_CODE, "password": "short", "password_again": "short"})
    assert short.status_code == 400 and b"at least 10 characters" in short.data
    db = connect(config.storage.database)
    assert db["web_users"].count == 0

    made = client.post("/setup/", data={**form, "code": SETUP_CODE})
    assert made.status_code == 302 and made.headers["Location"].endswith("/setup/business")
    row = next(db.query("SELECT * FROM web_users"))
    assert row["role"] == "owner" and row["cell_phone"] == OWNER_CELL
    assert row["password_hash"].startswith("$argon2id$") and OWNER[1] not in row["password_hash"]
    # Made and logged in: the next page opens, and the first-run page is closed for good.
    assert client.get("/setup/business").status_code == 200
    assert "/login" in app.test_client().get("/setup/").headers["Location"]


def test_pages_need_a_login_and_a_good_password_opens_them(owner_app):
    client = owner_app.test_client()
    response = client.get("/inbox/")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    assert client.get("/inbox/feed.json").status_code == 401
    bad = login(client, OWNER[0], "wrong password")
    assert bad.status_code == 401 and b"Wrong username or password" in bad.data
    good = login(client, *OWNER)
    assert good.status_code == 302
    assert client.get("/inbox/").status_code == 200


def test_login_only_redirects_within_the_site(owner_app):
    client = owner_app.test_client()
    page = client.get("/login?next=https://evil.example/").get_data(as_text=True)
    response = client.post("/login", data={"username": OWNER[0], "password": OWNER[1], "csrf_token": csrf_from(page),
                                           "next": "https://evil.example/"})
    assert response.headers["Location"] == "/inbox/"
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"username": OWNER[0], "password": OWNER[1], "csrf_token": csrf_from(page),
                                           "next": "/health/"})
    assert response.headers["Location"] == "/health/"


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(owner_app, config):
    client = owner_app.test_client()
    login(client, *OWNER)
    response = client.post("/settings/users", data={"username": "intruder", "password": "p" * 12, "role": "owner"})
    assert response.status_code == 400 and b"could not be accepted" in response.data
    assert not list(connect(config.storage.database).query(
        "SELECT 1 FROM web_users WHERE username = 'intruder'"))
    assert client.post("/login", data={"username": OWNER[0], "password": OWNER[1]}).status_code == 400


def test_twenty_bad_passwords_lock_the_account_even_across_a_restart(owner_app, config, clock):
    client = owner_app.test_client()
    for attempt in range(policy.LOCK_AFTER):
        response = login(client, OWNER[0], f"wrong {attempt}")
        assert response.status_code == 401
        clock.advance(seconds=policy.LONGEST_WAIT.total_seconds())   # wait out the throttle each time
    restarted = create_app(config, clock=clock, setup_code=SETUP_CODE).test_client()
    locked = login(restarted, *OWNER)
    assert locked.status_code == 401 and b"locked" in locked.data
    clock.advance(seconds=policy.LOCK_FOR.total_seconds() + 1)
    assert login(restarted, *OWNER).status_code == 302


def test_bad_passwords_in_quick_succession_are_throttled(owner_app, clock):
    client = owner_app.test_client()
    for attempt in range(policy.THROTTLE_AFTER):
        login(client, OWNER[0], f"wrong {attempt}")
    throttled = login(client, *OWNER)     # the right password, but too soon: not even checked
    assert throttled.status_code == 401 and b"wait a few seconds" in throttled.data
    clock.advance(seconds=policy.throttle_wait(policy.THROTTLE_AFTER).total_seconds())
    assert login(client, *OWNER).status_code == 302


def test_logout_ends_the_session_on_the_server_even_for_a_copied_cookie(owner_app):
    client = owner_app.test_client()
    login(client, *OWNER)
    cookie = client.get_cookie("textback_session").value
    page = client.get("/inbox/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    thief = owner_app.test_client()
    thief.set_cookie("textback_session", cookie)
    response = thief.get("/inbox/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_idle_session_times_out_but_polling_does_not_keep_it_alive(owner_app, clock):
    client = owner_app.test_client()
    login(client, *OWNER)
    clock.advance(minutes=20)
    assert client.get("/inbox/").status_code == 200          # a person clicked: still alive
    for _ in range(4):
        clock.advance(minutes=10)
        client.get("/inbox/feed.json")                        # only the page polling on its own
    response = client.get("/inbox/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_cookie_flags_and_security_headers(owner_app):
    client = owner_app.test_client()
    response = login(client, *OWNER)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = client.get("/inbox/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Cache-Control"] == "no-store"
    assert "<script>" not in page.get_data(as_text=True)      # no inline script for the CSP to refuse


def test_the_session_cookie_is_secure_when_served_over_https(owner_app):
    client = owner_app.test_client()
    page = client.get("/login", base_url="https://textback.lan")
    response = client.post("/login", base_url="https://textback.lan",
                           headers={"Referer": "https://textback.lan/login"}, data={
        "username": OWNER[0], "password": OWNER[1], "csrf_token": csrf_from(page.get_data(as_text=True))})
    assert "Secure" in response.headers["Set-Cookie"]


def test_staff_cannot_open_owner_pages(owner_app, config, clock):
    add_user(config, clock.now(), *STAFF, "staff")
    client = owner_app.test_client()
    login(client, *STAFF)
    assert client.get("/inbox/").status_code == 200
    assert client.get("/health/").status_code == 200
    assert client.get("/settings/").status_code == 403
    assert client.get("/setup/business").status_code == 403
    assert b"Settings" not in client.get("/inbox/").data


def test_the_secret_key_is_made_once_private_and_kept(config, tmp_path):
    path = secret_key.key_path_for(config.storage.database)
    assert not path.exists()
    first = create_app(config).secret_key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert create_app(config).secret_key == first and len(first) == 32
    other = tmp_path / "other" / "textback.db"
    assert secret_key.load_or_create(secret_key.key_path_for(other)) != first


def test_a_key_file_others_can_read_is_refused_with_advice(config):
    path = secret_key.key_path_for(config.storage.database)
    create_app(config)
    os.chmod(path, 0o644)
    with pytest.raises(secret_key.SecretKeyError, match="chmod 600"):
        create_app(config)


def test_throttle_and_lock_policy():
    from datetime import datetime, timezone

    t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert policy.gate(4, t, t).allowed
    assert not policy.gate(5, t, t).allowed and policy.gate(5, t, t + timedelta(seconds=1)).allowed
    assert policy.throttle_wait(19) == policy.LONGEST_WAIT
    locked = policy.gate(20, t, t + timedelta(minutes=59))
    assert locked.locked and not locked.allowed and locked.retry_at == t + policy.LOCK_FOR
    assert policy.gate(25, t, t + policy.LOCK_FOR).allowed
