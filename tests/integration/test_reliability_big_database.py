"""Every admin page renders on a shop with a big history (issue 7; timing is bench/admin_pages.py's
job, at 100,000 messages). 20,000 messages, 1,000 customers, bulk-written through the real schema."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bench.admin_pages import pages
from bench.big_shop import TEXTS_PER_CUSTOMER, fill
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, add_user, login
from web.app import create_app

MESSAGES = 20_000


def test_every_admin_page_renders_on_a_big_database(config):
    now = datetime.now(timezone.utc)
    busiest = fill(config.storage.database, MESSAGES, now - timedelta(hours=1))[0]
    add_user(config, now, *OWNER, "owner", OWNER_CELL)
    app = create_app(config, setup_code=SETUP_CODE)
    client = app.test_client()
    login(client, *OWNER)
    for path in pages(app, busiest):
        page = client.get(path, follow_redirects=True)
        assert page.status_code == 200, f"{path} answered {page.status_code}"
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert inbox.count("/inbox/+1512") >= 200, "the inbox does not list the latest 200 conversations"
    thread = client.get(f"/inbox/{busiest}").get_data(as_text=True)
    assert thread.count("text ") >= TEXTS_PER_CUSTOMER // 2, "the busiest customer's texts are not all shown"
    health = client.get("/health/").get_data(as_text=True)
    assert "/health/messages/" in health, "the unconfirmed texts are not offered for a decision"
