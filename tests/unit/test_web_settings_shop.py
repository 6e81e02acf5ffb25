"""The owner keeps the on-call cells, service area, review link and price list on the Settings page;
the agent's effective configuration uses them, and a mistake is refused with nothing saved."""

import pytest

from appliance.effective_config import effective_config
from appliance.pipeline.settings import price_list
from appliance.store.db import connect
from tests.web_support import OWNER, SETUP_CODE, add_user, csrf_from, signed_in
from web.app import create_app

FORM = {"on_call": "(512) 555-0199\n512-555-0188", "service_zips": "78701, 78702",
        "service_towns": "Austin\nPflugerville", "review_link": "https://g.page/r/lone-star/review",
        "prices": "Drain cleaning | 125 | 350\nWater heater replacement | $1,400 | $3,500"}


@pytest.fixture
def client(config, clock):
    add_user(config, clock.now(), *OWNER, "owner")
    return signed_in(create_app(config, clock=clock, setup_code=SETUP_CODE))


def save(client, form: dict):
    token = csrf_from(client.get("/settings/").get_data(as_text=True))
    return client.post("/settings/shop", data={**form, "csrf_token": token}, follow_redirects=True)


def test_what_the_owner_saves_is_what_the_agent_uses(client, config):
    page = save(client, FORM).get_data(as_text=True)
    assert "Saved: on-call cells" in page and "Water heater replacement | 1400 | 3500" in page
    current = effective_config(config, connect(config.storage.database))
    assert current.brain.on_call == ("+15125550199", "+15125550188")
    assert current.brain.service_zips == ("78701", "78702")
    assert current.brain.service_towns == ("Austin", "Pflugerville")
    assert current.pipeline.review_link == "https://g.page/r/lone-star/review"
    assert [(s.name, s.low, s.high) for s in price_list(current)] == [
        ("Drain cleaning", 125, 350), ("Water heater replacement", 1400, 3500)]
    assert current.business.name == config.business.name


@pytest.mark.parametrize("field, value, said", [
    ("on_call", "call Bob", "is not a phone number"),
    ("service_zips", "787", "not a five-digit ZIP code"),
    ("review_link", "g.page/r/x", "must start with https://"),
    ("prices", "Drain cleaning 125-350", "should read like"),
    ("prices", "Drain cleaning | 350 | 125", "low (350) is more than high (125)"),
])
def test_a_mistake_is_refused_plainly_and_nothing_is_saved(client, config, field, value, said):
    page = save(client, {**FORM, field: value}).get_data(as_text=True)
    assert "Not saved:" in page and said in page
    assert effective_config(config, connect(config.storage.database)) is config
