"""Follow-up sequences on a real SQLite file with a controllable clock: steps, stops, quiet hours,
caps, restarts and the DST switches."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from appliance.clock import FixedClock, parse_iso
from appliance.pipeline import flow
from appliance.pipeline.followups import make_handler, pick_sequence
from appliance.pipeline.poller import PipelinePoller
from appliance.pipeline.settings import Sequence, Step
from appliance.pipeline.task_runner import run_due_tasks
from appliance.store import consent, messages, settings
from appliance.store.db import connect, transaction
from tests.conftest import make_config

AUSTIN = "+15125550123"
MIAMI = "+13055550123"
CENTRAL = ZoneInfo("America/Chicago")

SEQUENCES = [{
    "name": "chase", "stage": "contacted",
    "steps": [{"delay_hours": 3, "template": "{business}: still need help? Reply STOP to opt out."},
              {"delay_hours": 24, "template": "{business}: last check-in."}],
}]


@pytest.fixture
def cfg(tmp_path):
    return make_config(tmp_path, pipeline={"sequences": SEQUENCES, "max_messages_per_day": 3})


def contacted(db, cfg, now, phone=AUSTIN):
    with transaction(db):
        return flow.on_missed_call(db, cfg, now, phone, None, texted_back=True)


def poll(db, cfg, now):
    run_due_tasks(db, now, {"followup": make_handler(cfg)})


def followups(db, phone=AUSTIN):
    return [m for m in messages.conversation(db, phone) if m["kind"] == "followup"]


def test_the_intent_specific_sequence_wins_over_the_catch_all():
    step = (Step(timedelta(hours=1), "sms", "x"),)
    general = Sequence("general", "qualified", (), step)
    quotes = Sequence("quotes", "qualified", ("quote_request",), step)
    assert pick_sequence([general, quotes], "qualified", "quote_request") is quotes
    assert pick_sequence([general, quotes], "qualified", "service_request") is general
    assert pick_sequence([general, quotes], "booked", "quote_request") is None


def test_steps_go_out_in_order_with_their_delays(db, cfg):
    start = datetime(2026, 6, 3, 10, 0, tzinfo=CENTRAL)
    contacted(db, cfg, start)
    poll(db, cfg, start + timedelta(hours=2, minutes=59))
    assert followups(db) == []
    poll(db, cfg, start + timedelta(hours=3))
    assert [m["body"] for m in followups(db)] == ["Lone Star Plumbing: still need help? Reply STOP to opt out."]
    poll(db, cfg, start + timedelta(hours=26))
    assert len(followups(db)) == 1
    poll(db, cfg, start + timedelta(hours=27))
    assert [m["body"] for m in followups(db)][1] == "Lone Star Plumbing: last check-in."
    poll(db, cfg, start + timedelta(days=5))
    assert len(followups(db)) == 2


@pytest.mark.parametrize("stopper", ["reply", "opt_out", "takeover", "booked"])
def test_a_reply_an_opt_out_a_takeover_or_a_booking_stops_the_sequence(db, cfg, stopper):
    start = datetime(2026, 6, 3, 10, 0, tzinfo=CENTRAL)
    lead_id = contacted(db, cfg, start)
    poll(db, cfg, start + timedelta(hours=3))
    later = start + timedelta(hours=4)
    with transaction(db):
        if stopper == "reply":
            messages.record_inbound(db, later, phone=AUSTIN, body="yes please", contact_id=None)
            flow.customer_replied(db, later, AUSTIN)
        elif stopper == "opt_out":
            consent.record_consent(db, AUSTIN, "opt_out", "sms", later)
            flow.on_opt_out(db, later, AUSTIN)
        elif stopper == "takeover":
            db.execute("INSERT INTO conversation_controls (phone, bot_paused, updated_at) VALUES (?, 1, ?)",
                       [AUSTIN, later.isoformat()])
        else:
            flow.change_stage(db, cfg, later, lead_id, "booked", "maria")
    poll(db, cfg, start + timedelta(days=3))
    assert len(followups(db)) == 1


def test_a_stop_the_pipeline_was_not_told_about_is_still_caught_when_the_step_runs(db, cfg):
    start = datetime(2026, 6, 3, 10, 0, tzinfo=CENTRAL)
    contacted(db, cfg, start)
    with transaction(db):      # the inbound text arrives but nobody calls on_customer_reply
        messages.record_inbound(db, start + timedelta(hours=1), phone=AUSTIN, body="hi", contact_id=None)
    poll(db, cfg, start + timedelta(days=3))
    assert followups(db) == []


def test_a_step_due_in_quiet_hours_waits_for_the_morning_in_the_customers_zone(db, cfg):
    evening = datetime(2026, 6, 3, 18, 30, tzinfo=ZoneInfo("America/New_York"))   # +3h = 21:30 in Miami
    contacted(db, cfg, evening, MIAMI)
    poll(db, cfg, evening + timedelta(hours=3))
    assert followups(db, MIAMI) == []
    poll(db, cfg, datetime(2026, 6, 4, 7, 59, tzinfo=ZoneInfo("America/New_York")))
    assert followups(db, MIAMI) == []
    eight = datetime(2026, 6, 4, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    poll(db, cfg, eight)
    [sent] = followups(db, MIAMI)
    assert parse_iso(sent["created_at"]) == eight


def test_the_daily_cap_holds_the_next_text_until_tomorrow(db, tmp_path):
    cfg = make_config(tmp_path, pipeline={"sequences": SEQUENCES, "max_messages_per_day": 1})
    start = datetime(2026, 6, 3, 9, 0, tzinfo=CENTRAL)
    contacted(db, cfg, start)
    with transaction(db):
        messages.enqueue(db, start, phone=AUSTIN, body="your reminder", kind="reminder", priority=5)
    poll(db, cfg, start + timedelta(hours=3))
    assert followups(db) == []
    poll(db, cfg, datetime(2026, 6, 4, 9, 0, tzinfo=CENTRAL))
    assert len(followups(db)) == 1


@pytest.mark.parametrize("evening", [
    datetime(2026, 3, 7, 19, 30, tzinfo=CENTRAL),     # the night clocks spring forward
    datetime(2026, 10, 31, 19, 30, tzinfo=CENTRAL),   # the night clocks fall back
])
def test_across_a_dst_switch_and_restarts_no_step_is_lost_or_doubled(tmp_path, cfg, evening):
    path = tmp_path / "textback.db"
    clock = FixedClock(evening.astimezone(timezone.utc))
    db = connect(path)
    contacted(db, cfg, clock.now())
    for n in range(4 * 24 * 6):                # four days of polls, every ten minutes
        if n % 50 == 0:                        # the agent restarts now and then
            db.conn.close()
            db = connect(path)
        poll(db, cfg, clock.now())
        clock.advance(minutes=10)
    sent = [parse_iso(m["created_at"]).astimezone(CENTRAL) for m in followups(db)]
    assert len(sent) == 2
    # Saturday 22:30 is quiet in Texas, and Sunday texts wait until noon.
    assert (sent[0].date() - evening.date()).days == 1 and (sent[0].hour, sent[0].minute) == (12, 0)
    assert sent[1] - sent[0] >= timedelta(hours=24)
    assert all(9 <= moment.hour < 21 for moment in sent)


def test_the_agents_poller_writes_with_what_the_owner_saved_on_the_admin_page(cfg):
    db = connect(cfg.storage.database)
    start = datetime(2026, 6, 1, 10, 0, tzinfo=CENTRAL)
    contacted(db, cfg, start)
    with transaction(db):
        settings.put(db, start, "business", {"name": "Lone Star Plumbing & Drains"}, "owner")
    PipelinePoller(cfg, FixedClock(start + timedelta(hours=3)))()
    [followup] = [m["body"] for m in messages.conversation(db, AUSTIN) if m["kind"] == "followup"]
    assert followup == "Lone Star Plumbing & Drains: still need help? Reply STOP to opt out."


def test_a_step_the_owner_removed_while_a_lead_waited_for_it_ends_the_sequence_quietly(db, cfg, tmp_path):
    start = datetime(2026, 6, 3, 10, 0, tzinfo=CENTRAL)
    lead_id = contacted(db, cfg, start)
    poll(db, cfg, start + timedelta(hours=3))
    one_step = make_config(tmp_path, pipeline={"sequences": [{**SEQUENCES[0], "steps": SEQUENCES[0]["steps"][:1]}]})
    poll(db, one_step, start + timedelta(hours=27))
    assert len(followups(db)) == 1
    assert db.execute("SELECT count(*) FROM tasks WHERE status = 'failed'").fetchone()[0] == 0
    timeline = [r["summary"] for r in db.query("SELECT summary FROM lead_timeline WHERE lead_id = ?", [lead_id])]
    assert "follow-ups stopped: its next step was removed from the sequence" in timeline
