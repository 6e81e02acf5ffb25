"""The owner edits quiet hours and the follow-up sequences on the Settings page; what is saved is what
the agent's effective configuration then uses, and a mistake is refused plainly with nothing saved."""

from __future__ import annotations

import json
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import pytest

from appliance.clock import FixedClock
from appliance.effective_config import effective_config
from appliance.pipeline import flow
from appliance.pipeline.poller import PipelinePoller
from appliance.pipeline.settings import DEFAULT_SEQUENCES, quiet_rules, sequences
from appliance.store import messages
from appliance.store.events import recent_events
from appliance.store.db import connect, transaction
from tests.web_support import OWNER, SETUP_CODE, STAFF, add_user, csrf_from, login, signed_in
from web.app import create_app

QUIET = {"quiet_hours": "mon-sat 09:00-20:00; sun 12:00-18:00", "state_quiet_hours": "ok mon-sun 08:00-20:00",
         "max_messages_per_day": "2"}


@pytest.fixture
def app(config, clock):
    add_user(config, clock.now(), *OWNER, "owner")
    return create_app(config, clock=clock, setup_code=SETUP_CODE)


@pytest.fixture
def client(app):
    return signed_in(app)


def in_force(config):
    return effective_config(config, connect(config.storage.database))


class FormReader(HTMLParser):
    """What a browser would post from the form whose action is ``action``: every named field's value,
    the selected option of each list, and the boxes that are ticked."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.fields = action, False, {}
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and (attrs.get("type") != "checkbox" or "checked" in attrs):
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and "selected" in attrs:
            self.fields[self.select] = attrs["value"]

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def form_in(html: str, action: str = "/settings/followups") -> dict[str, str]:
    reader = FormReader(action)
    reader.feed(html)
    return reader.fields


def fields_shown(client) -> dict[str, str]:
    """The follow-up form as the Settings page shows it, ready to post back."""
    return form_in(client.get("/settings/").get_data(as_text=True))


def post(client, path: str, form: dict):
    return client.post(path, data=form, follow_redirects=True)


def test_the_page_shows_the_default_follow_ups_until_the_shop_saves_its_own(client):
    page = unescape(client.get("/settings/").get_data(as_text=True))
    assert "These are the built-in defaults." in page and "Restore the default follow-ups" not in page
    first = DEFAULT_SEQUENCES[0]
    assert f'value="{first.name}"' in page and "Hi, it's {business} again." in page
    shown = fields_shown(client)
    assert (shown["seq-0-step-0-amount"], shown["seq-0-step-0-unit"]) == ("3", "hours")
    assert (shown["seq-0-step-1-amount"], shown["seq-0-step-1-unit"]) == ("1", "days")


def test_an_edited_step_is_what_the_agent_then_uses(client, config):
    form = {**fields_shown(client), "seq-0-step-0-amount": "1",
            "seq-0-step-0-template": "Hi, {business} here. Still need help with that? Reply STOP to opt out."}
    page = post(client, "/settings/followups", form).get_data(as_text=True)
    assert "Saved: the follow-ups." in page and "These are the built-in defaults." not in page
    assert "Restore the default follow-ups" in page
    first, second = sequences(in_force(config))
    assert first.name == DEFAULT_SEQUENCES[0].name and first.steps[0].delay == timedelta(hours=1)
    assert first.steps[0].template.startswith("Hi, {business} here. Still need help")
    assert first.steps[1] == DEFAULT_SEQUENCES[0].steps[1] and second == DEFAULT_SEQUENCES[1]


def test_a_saved_one_hour_step_makes_the_follow_up_due_after_an_hour(client, config, clock):
    """Through the agent's own path: a missed call starts the sequence in force, the poller sends it."""
    db = connect(config.storage.database)
    start = clock.now()                              # Thursday 10:00 in Austin: not quiet hours

    def missed_call(phone: str) -> None:
        with transaction(db):
            flow.on_missed_call(db, effective_config(config, db), start, phone, None, texted_back=True)

    def followups_sent(phone: str) -> list[str]:
        return [m["body"] for m in messages.conversation(db, phone) if m["kind"] == "followup"]

    missed_call("+15125550111")                      # under the defaults: the first follow-up waits 3 hours
    post(client, "/settings/followups", {**fields_shown(client), "seq-0-step-0-amount": "1",
                                         "seq-0-step-0-template": "{business} again: still need a hand?"})
    missed_call("+15125550122")
    PipelinePoller(config, FixedClock(start + timedelta(minutes=59)))()
    assert followups_sent("+15125550122") == []
    PipelinePoller(config, FixedClock(start + timedelta(hours=1)))()
    assert followups_sent("+15125550122") == ["Lone Star Plumbing again: still need a hand?"]
    assert followups_sent("+15125550111") == []
    PipelinePoller(config, FixedClock(start + timedelta(hours=3)))()
    assert followups_sent("+15125550111") == ["Lone Star Plumbing again: still need a hand?"]   # today's wording


def test_steps_and_sequences_are_added_removed_and_the_defaults_restored(client, config):
    form = {**fields_shown(client),
            "seq-0-step-1-remove": "yes",                                        # drop the 1-day check-in
            "seq-1-step-1-amount": "3", "seq-1-step-1-unit": "days",            # a second step for "qualified"
            "seq-1-step-1-template": "{name}, one more try from {business}: reply to book.",
            "seq-2-name": "after the visit", "seq-2-stage": "completed",      # a new sequence
            "seq-2-step-0-amount": "2", "seq-2-step-0-unit": "days", "seq-2-step-0-channel": "email",
            "seq-2-step-0-subject": "How did we do?", "seq-2-step-0-template": "Thanks from {business}!"}
    post(client, "/settings/followups", form)
    no_reply, qualified, after_visit = sequences(in_force(config))
    assert [step.delay for step in no_reply.steps] == [timedelta(hours=3)]
    assert [step.delay for step in qualified.steps] == [timedelta(days=1), timedelta(days=3)]
    assert (after_visit.stage, after_visit.steps[0].channel, after_visit.steps[0].subject) == \
        ("completed", "email", "How did we do?")

    post(client, "/settings/followups", {**fields_shown(client), "seq-1-remove": "yes"})
    assert [s.name for s in sequences(in_force(config))] == [no_reply.name, "after the visit"]

    page = post(client, "/settings/followups/defaults", {"csrf_token": fields_shown(client)["csrf_token"]})
    assert "Restored the default follow-ups." in page.get_data(as_text=True)
    assert sequences(in_force(config)) == DEFAULT_SEQUENCES


@pytest.mark.parametrize("change, said", [
    ({"seq-0-step-1-template": "Hi {customer}, still need us?"},
     "Follow-up “no reply after the text-back”, step 2, wording: {customer} is not a known placeholder here"),
    ({"seq-0-step-0-amount": "soon"}, "step 1: the wait 'soon' is not a whole number"),
    ({"seq-0-step-0-amount": "-2"}, "step 1: delay_hours and delay_minutes must be numbers of 0 or more"),
    ({"seq-0-step-0-channel": "email"}, "step 1, email subject: an email step needs a subject"),
    ({"seq-0-step-0-remove": "yes", "seq-0-step-1-remove": "yes"},
     "Follow-up “no reply after the text-back”, steps: needs at least one step"),
    ({"seq-1-name": "no reply after the text-back"}, "two are called “no reply after the text-back”"),
])
def test_a_bad_follow_up_is_refused_with_its_reason_and_nothing_is_saved(client, config, change, said):
    response = post(client, "/settings/followups", {**fields_shown(client), **change})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Not saved:" in page and said in unescape(page)
    assert in_force(config) is config and sequences(config) == DEFAULT_SEQUENCES
    assert change.items() <= form_in(page).items()          # what was typed is shown again, to be corrected


def test_quiet_hours_and_the_daily_limit_are_what_the_agent_uses(client, config):
    page = post(client, "/settings/quiet-hours", {**QUIET, "csrf_token": fields_shown(client)["csrf_token"]})
    assert "Saved: quiet hours" in page.get_data(as_text=True)
    current = in_force(config)
    assert current.pipeline.quiet_hours == "mon-sat 09:00-20:00; sun 12:00-18:00"
    assert current.pipeline.state_quiet_hours == {"OK": "mon-sun 08:00-20:00"}
    assert current.pipeline.max_messages_per_day == 2
    assert "OK" in quiet_rules(current).states
    page = client.get("/settings/").get_data(as_text=True)
    assert 'value="mon-sat 09:00-20:00; sun 12:00-18:00"' in page and "OK mon-sun 08:00-20:00</textarea>" in page


@pytest.mark.parametrize("field, value, said", [
    ("quiet_hours", "", "Quiet hours: a window is needed"),
    ("quiet_hours", "every day 8-9", "Quiet hours: 'every day 8-9' is not like"),
    ("state_quiet_hours", "OK mon-sun 20:00-08:00", "Quiet hours for OK: 'mon-sun 20:00-08:00': closing time"),
    ("state_quiet_hours", "XX mon-sun 08:00-20:00", "Quiet hours by state: 'XX' is not a two-letter US state"),
    ("state_quiet_hours", "Oklahoma", "should read like 'OK mon-sun 08:00-20:00'"),
    ("state_quiet_hours", "OK sat-sun 10:00-12:00\nNY mon-fri 10:00-12:00", "these windows never overlap"),
    ("max_messages_per_day", "0", "Automated texts a day: must be 1 or more"),
    ("max_messages_per_day", "lots", "Automated texts a day: 'lots' is not a whole number"),
])
def test_bad_quiet_hours_are_refused_plainly_and_nothing_is_saved(client, config, field, value, said):
    response = post(client, "/settings/quiet-hours",
                    {**QUIET, field: value, "csrf_token": fields_shown(client)["csrf_token"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Not saved:" in page and said in unescape(page)
    assert in_force(config) is config


def test_staff_and_forged_posts_change_nothing(app, client, config, clock):
    add_user(config, clock.now(), *STAFF, "staff")
    staff = app.test_client()
    login(staff, *STAFF)
    staff_token = csrf_from(staff.get("/inbox/").get_data(as_text=True))
    form = {**fields_shown(client), "seq-0-step-0-amount": "1"}
    for path, data in (("/settings/followups", form), ("/settings/followups/defaults", form),
                       ("/settings/quiet-hours", {**QUIET, "csrf_token": form["csrf_token"]})):
        assert staff.post(path, data={**data, "csrf_token": staff_token}).status_code == 403
        forged = {key: value for key, value in data.items() if key != "csrf_token"}
        assert client.post(path, data=forged).status_code == 400
    assert in_force(config) is config


def test_saves_are_in_the_activity_log(client, config):
    post(client, "/settings/quiet-hours", {**QUIET, "csrf_token": fields_shown(client)["csrf_token"]})
    post(client, "/settings/followups", fields_shown(client))
    page = client.get("/settings/").get_data(as_text=True)
    assert "<td>setting changed</td><td>pipeline.quiet_hours, pipeline.state_quiet_hours, " \
           "pipeline.max_messages_per_day</td>" in page
    assert "<td>setting changed</td><td>pipeline.sequences</td>" in page
    post(client, "/settings/followups/defaults", {"csrf_token": fields_shown(client)["csrf_token"]})
    [restored] = [event for event in recent_events(connect(config.storage.database)) if "restored" in event["detail"]]
    assert (restored["subject"], json.loads(restored["detail"])) == (
        "pipeline.sequences", {"user": OWNER[0], "restored": "the defaults"})


def test_the_follow_up_preview_fills_in_a_customer(client):
    result = client.get("/settings/preview.json", query_string={
        "values": "followup", "template": "Hi {name}, {business} here about your {service}."}).get_json()
    assert result["error"] is None and result["text"] == "Hi Dana, Lone Star Plumbing here about your drain cleaning."
    assert result["parts"] == 1
