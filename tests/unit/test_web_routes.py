"""Every route of the admin, found from the app's own URL map so a new page cannot slip through:
a login is required, owner pages refuse staff, and no POST is accepted without its CSRF token."""

from __future__ import annotations

import pytest
from flask import url_for

from appliance.pipeline import crm
from appliance.store.db import connect, transaction
from tests.web_support import OWNER, SETUP_CODE, STAFF, add_user, csrf_from, login, seed_inbound
from web.app import create_app

CUSTOMER = "+15125550123"
ARGUMENTS = {"phone": CUSTOMER, "user_id": 1, "message_id": 1, "lead_id": 1, "what": "consent"}
PUBLIC = {"static", "auth.login", "calendar.feed"}   # the feed: token-guarded, tested in test_web_calendar
OWNER_ONLY_PREFIXES = ("/settings", "/setup", "/audit", "/exports")


@pytest.fixture
def app(config, clock):
    add_user(config, clock.now(), *OWNER, "owner")
    add_user(config, clock.now(), *STAFF, "staff")
    seed_inbound(config, clock.now(), CUSTOMER, "hello")
    db = connect(config.storage.database)
    with transaction(db):
        crm.open_lead(db, clock.now(), CUSTOMER, "inbound_text")     # lead 1
    db.conn.close()
    return create_app(config, clock=clock, setup_code=SETUP_CODE)


def routes(app, method: str) -> list[tuple[str, str]]:
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if method in rule.methods and rule.endpoint not in PUBLIC:
                found.append((rule.endpoint, url_for(rule.endpoint, **{k: ARGUMENTS[k] for k in rule.arguments})))
    assert found
    return found


def test_every_page_needs_a_login(app):
    client = app.test_client()
    for endpoint, path in routes(app, "GET"):
        response = client.get(path)
        if path.endswith(".json"):
            assert response.status_code == 401, endpoint
        else:
            assert response.status_code == 302 and "/login" in response.headers["Location"], endpoint
    for endpoint, path in routes(app, "POST"):
        response = client.post(path)
        assert response.status_code in (302, 400, 401), endpoint
        assert response.status_code != 302 or "/login" in response.headers["Location"], endpoint


def test_every_post_without_a_csrf_token_is_refused(app):
    client = app.test_client()
    login(client, *OWNER)
    for endpoint, path in routes(app, "POST"):
        response = client.post(path, data={"body": "x", "username": "x", "template": "x"})
        assert response.status_code == 400 and b"could not be accepted" in response.data, endpoint


def test_staff_are_refused_every_owner_page(app):
    client = app.test_client()
    login(client, *STAFF)
    for endpoint, path in routes(app, "GET"):
        status = client.get(path, follow_redirects=True).status_code
        assert status == (403 if path.startswith(OWNER_ONLY_PREFIXES) else 200), endpoint
    token = csrf_from(client.get("/inbox/").get_data(as_text=True))
    for endpoint, path in routes(app, "POST"):
        if path.startswith(OWNER_ONLY_PREFIXES):
            assert client.post(path, data={"csrf_token": token}, follow_redirects=True).status_code == 403, endpoint
