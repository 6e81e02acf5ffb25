"""Win-back and maintenance campaigns, the daily summary and CSV exports, on a real SQLite file."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from appliance.clock import iso
from appliance.config import ConfigError
from appliance.pipeline import campaigns, flow, summary
from appliance.pipeline.exports import appointments_csv, leads_csv
from appliance.pipeline.poller import task_handlers
from appliance.pipeline.task_runner import run_due_tasks
from appliance.store import consent, messages
from appliance.store.db import insert, transaction
from tests.conftest import make_config

CHI = ZoneInfo("America/Chicago")
TUNE_UP = {"name": "annual", "kind": "after_service", "service": "Tune-up", "after_days": 335,
           "template": "Hi {name}, it's {business}: time for your annual tune-up! Reply to book. Reply STOP to opt out."}
LOST = {"name": "lost quotes", "kind": "lost_lead", "after_days": 30,
        "template": "{business}: still thinking about that {service}? Reply STOP to opt out."}


@pytest.fixture
def cfg(tmp_path):
    return make_config(tmp_path, pipeline={"campaigns": [TUNE_UP, LOST]})


def done_job(db, phone, completed, name="Dana"):
    completed -= timedelta(hours=3 * db.execute("SELECT COUNT(*) FROM appointments").fetchone()[0])
    with transaction(db):
        contact = insert(db, "contacts", {"phone": phone, "name": name, "created_at": iso(completed)})
        tech = db.execute("SELECT id FROM technicians").fetchone()
        tech = tech[0] if tech else insert(db, "technicians", {"name": "Sam", "hours": "mon-fri 08:00-17:00"})
        insert(db, "appointments", {"technician_id": tech, "contact_id": contact, "service": "Tune-up",
                                    "start_at": iso(completed - timedelta(hours=2)), "end_at": iso(completed),
                                    "status": "done", "completed_at": iso(completed), "uid": f"{phone}@textback",
                                    "created_at": "x", "updated_at": "x"})


def run_days(db, cfg, start, days):
    now = start
    with transaction(db):
        campaigns.ensure_scheduled(db, cfg, now)
    while now < start + timedelta(days=days):
        run_due_tasks(db, now, task_handlers(cfg))
        now += timedelta(hours=1)


def texts(db, phone, kind="campaign"):
    return [m["body"] for m in messages.conversation(db, phone) if m["kind"] == kind]


def test_the_annual_tune_up_goes_once_only_to_customers_who_opted_in(db, cfg):
    start = datetime(2026, 6, 1, 0, 0, tzinfo=CHI)
    for phone in ("+15125550141", "+15125550142", "+15125550143"):
        done_job(db, phone, start - timedelta(days=336))
    with transaction(db):
        consent.record_consent(db, "+15125550141", "opt_in", "staff", start, "agreed on the phone")
        consent.record_consent(db, "+15125550143", "opt_in", "staff", start)
        consent.record_consent(db, "+15125550143", "opt_out", "sms", start)
    run_days(db, cfg, start, 4)
    assert texts(db, "+15125550141") == [
        "Hi Dana, it's Lone Star Plumbing: time for your annual tune-up! Reply to book. Reply STOP to opt out."]
    assert texts(db, "+15125550142") == [] and texts(db, "+15125550143") == []
    sent = [m for m in messages.conversation(db, "+15125550141") if m["kind"] == "campaign"][0]
    assert 9 <= datetime.fromisoformat(sent["created_at"].replace("Z", "+00:00")).astimezone(CHI).hour < 21


def test_with_the_owners_choice_past_customers_who_never_opted_out_get_campaigns_too(db, tmp_path):
    cfg = make_config(tmp_path, pipeline={"campaigns": [TUNE_UP, LOST], "campaigns_to_past_customers": True})
    start = datetime(2026, 6, 1, 0, 0, tzinfo=CHI)
    for phone in ("+15125550141", "+15125550142"):
        done_job(db, phone, start - timedelta(days=336))
    with transaction(db):
        consent.record_consent(db, "+15125550142", "opt_out", "sms", start - timedelta(days=100))
        lost = flow.on_missed_call(db, cfg, start - timedelta(days=31), "+15125550150", None, True)
        flow.change_stage(db, cfg, start - timedelta(days=31), lost, "lost", "maria", reason="price")
    run_days(db, cfg, start, 4)
    assert len(texts(db, "+15125550141")) == 1, "a completed job, never opted out"
    assert texts(db, "+15125550142") == [], "opted out, even long ago"
    assert texts(db, "+15125550150") == [], "a lost lead never became a customer: it needs an opt-in"


def test_a_lost_quote_hears_from_us_thirty_days_later(db, cfg):
    start = datetime(2026, 6, 1, 9, 0, tzinfo=CHI)
    with transaction(db):
        lead_id = flow.on_missed_call(db, cfg, start - timedelta(days=31), "+15125550150", None, True)
        flow.on_lead_qualified(db, cfg, start - timedelta(days=31), lead_id, {"service": "Water heater replacement"})
        flow.change_stage(db, cfg, start - timedelta(days=31), lead_id, "lost", "maria", reason="price")
        consent.record_consent(db, "+15125550150", "opt_in", "sms", start - timedelta(days=31))
    run_days(db, cfg, start, 2)
    assert texts(db, "+15125550150") == ["Lone Star Plumbing: still thinking about that water heater replacement? "
                                         "Reply STOP to opt out."]


def test_a_campaign_without_opt_out_wording_is_refused_by_the_config(tmp_path):
    with pytest.raises(ConfigError, match=r"pipeline.campaigns\[0\].template: a marketing text must say how"):
        make_config(tmp_path, pipeline={"campaigns": [{**LOST, "template": "{business}: come back!"}]})


def test_the_daily_summary_counts_yesterday_in_the_shops_time_zone(db, cfg):
    today = datetime(2026, 6, 2, 7, 0, tzinfo=CHI)
    yesterday = today - timedelta(hours=12)
    with transaction(db):
        for n in range(2):
            lead_id = flow.on_missed_call(db, cfg, yesterday, f"+1512555016{n}", None, True)
            flow.on_lead_qualified(db, cfg, yesterday, lead_id, {"service": "Water heater replacement"})
        insert(db, "calls", {"linkedid": "a", "caller": "x", "missed": 1, "reason": "noanswer", "source": "ami",
                             "detected_at": iso(yesterday), "textback": "queued"})
        insert(db, "calls", {"linkedid": "b", "caller": "x", "missed": 1, "reason": "noanswer", "source": "ami",
                             "detected_at": iso(today), "textback": "queued"})
    day = summary.collect(db, "America/Chicago", today)
    assert (day.day, day.missed_calls, day.new_leads, day.revenue_at_stake) == ("Monday June 1", 1, 2, 4900)
    subject, body = summary.render_summary("Lone Star Plumbing", day)
    assert subject == "Lone Star Plumbing: Monday June 1: 1 missed calls, 0 booked"
    assert "Revenue at stake:  $4,900" in body


def test_csv_exports_hold_every_lead_and_job_and_defuse_formulas(db, cfg):
    now = datetime(2026, 6, 1, 9, 0, tzinfo=CHI)
    with transaction(db):
        lead_id = flow.on_missed_call(db, cfg, now, "+15125550170", None, True)
        flow.on_lead_qualified(db, cfg, now, lead_id, {"service": "Drain cleaning", "name": "=HYPERLINK(\"x\")"})
    done_job(db, "+15125550171", now)
    leads = list(csv.DictReader(io.StringIO(leads_csv(db))))
    assert [(r["phone"], r["stage"], r["estimated_value"]) for r in leads] == [("+15125550170", "qualified", "238")]
    assert leads[0]["name"].startswith("'=")
    [job] = csv.DictReader(io.StringIO(appointments_csv(db)))
    assert (job["technician"], job["status"], job["service"]) == ("Sam", "done", "Tune-up")
