"""Durable tasks: what is due (pure), and the runner's exactly-once promise on a real SQLite file."""

import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.background import BackgroundScheduler

from appliance.clock import iso
from appliance.pipeline.task_runner import add_poll_job, attempts_of, run_due_tasks, schedule
from appliance.pipeline.tasks import Deferred, RetryPolicy, due_tasks, retry_delay
from appliance.store.db import connect, transaction
from appliance.store.events import log_event

T0 = datetime(2026, 3, 7, 12, 0, tzinfo=timezone.utc)


def row(task_id, due, status="pending", kind="k"):
    return {"id": task_id, "kind": kind, "due_at": iso(due), "payload": "{}", "attempts": 0,
            "status": status, "subject": None}


def test_due_tasks_are_the_pending_ones_whose_time_came_oldest_first():
    rows = [row(1, T0 + timedelta(minutes=5)), row(2, T0 - timedelta(minutes=1)),
            row(3, T0 - timedelta(hours=1), status="done"), row(4, T0), row(5, T0 - timedelta(minutes=1))]
    assert [task.id for task in due_tasks(rows, T0)] == [2, 5, 4]


def test_retry_delay_backs_off_then_gives_up():
    policy = RetryPolicy(max_attempts=4, first_delay=timedelta(minutes=1), factor=4,
                         max_delay=timedelta(minutes=10))
    assert [retry_delay(policy, n) for n in (1, 2, 3)] == [
        timedelta(minutes=1), timedelta(minutes=4), timedelta(minutes=10)]
    assert retry_delay(policy, 4) is None


def add(db, kind="note", due=T0, key=None, **payload):
    with transaction(db):
        return schedule(db, T0 - timedelta(hours=1), kind, due, payload, dedupe_key=key)


def note_handler(db, task, now):
    log_event(db, now, "note", task.payload.get("text"))


def notes(db):
    return [r["subject"] for r in db.query("SELECT subject FROM events WHERE kind = 'note' ORDER BY id")]


def test_a_due_task_runs_once_and_a_future_one_waits(db):
    add(db, text="now")
    add(db, due=T0 + timedelta(hours=1), text="later")
    assert run_due_tasks(db, T0, {"note": note_handler}) == 1
    assert run_due_tasks(db, T0, {"note": note_handler}) == 0
    assert notes(db) == ["now"]
    run_due_tasks(db, T0 + timedelta(hours=1), {"note": note_handler})
    assert notes(db) == ["now", "later"]


def test_the_same_dedupe_key_schedules_one_task(db):
    assert add(db, key="followup:1:0", text="a") is not None
    assert add(db, key="followup:1:0", text="b") is None
    run_due_tasks(db, T0, {"note": note_handler})
    assert notes(db) == ["a"]


def test_a_failing_task_is_retried_with_backoff_then_given_up_and_every_attempt_logged(db):
    task_id = add(db, kind="boom")

    def boom(db, task, now):
        log_event(db, now, "note", "half-done")      # rolled back with the failure
        raise RuntimeError("smtp down")

    policy = RetryPolicy(max_attempts=3, first_delay=timedelta(minutes=1), factor=2)
    now = T0
    for _ in range(3):
        run_due_tasks(db, now, {"boom": boom}, policy)
        now += timedelta(hours=1)
    task = db["tasks"].get(task_id)
    assert task["status"] == "failed" and "smtp down" in task["last_error"]
    assert [a["outcome"] for a in attempts_of(db, task_id)] == ["error", "error", "failed"]
    assert "retry at" in attempts_of(db, task_id)[0]["detail"]
    assert notes(db) == []


def test_a_retry_waits_for_its_backoff(db):
    calls = []

    def flaky(db, task, now):
        calls.append(now)
        if len(calls) == 1:
            raise OSError("timeout")

    task_id = add(db, kind="flaky")
    run_due_tasks(db, T0, {"flaky": flaky}, RetryPolicy(first_delay=timedelta(minutes=5)))
    run_due_tasks(db, T0 + timedelta(minutes=4), {"flaky": flaky})
    assert len(calls) == 1
    run_due_tasks(db, T0 + timedelta(minutes=5), {"flaky": flaky})
    assert len(calls) == 2 and db["tasks"].get(task_id)["status"] == "done"


def test_deferring_moves_the_task_without_costing_an_attempt(db):
    task_id = add(db, kind="quiet")
    later = T0 + timedelta(hours=9)
    run_due_tasks(db, T0, {"quiet": lambda db, task, now: Deferred(later, "quiet hours")})
    task = db["tasks"].get(task_id)
    assert task["status"] == "pending" and task["due_at"] == iso(later) and task["attempts"] == 0
    assert attempts_of(db, task_id)[0]["outcome"] == "deferred"


def test_an_unknown_kind_is_an_error_someone_can_read(db):
    task_id = add(db, kind="mystery")
    run_due_tasks(db, T0, {})
    assert "no handler for task kind 'mystery'" in db["tasks"].get(task_id)["last_error"]


CRASHING_POLLER = """
import os, sys
from datetime import datetime, timezone
from appliance.pipeline.task_runner import run_due_tasks
from appliance.store.db import connect
from appliance.store.events import log_event

def crash(db, task, now):
    log_event(db, now, "note", "written before the crash")
    os._exit(9)            # the power goes out mid-transaction

run_due_tasks(connect(sys.argv[1]), datetime(2026, 3, 7, 12, tzinfo=timezone.utc), {"note": crash})
"""


def test_a_crash_mid_task_leaves_it_pending_and_it_runs_exactly_once_after_restart(tmp_path):
    path = tmp_path / "textback.db"
    db = connect(path)
    add(db, text="the real run")
    db.conn.close()
    crashed = subprocess.run([sys.executable, "-c", CRASHING_POLLER, str(path)], timeout=60)
    assert crashed.returncode == 9
    db = connect(path)
    assert notes(db) == []                      # nothing of the half-run survived
    run_due_tasks(db, T0, {"note": note_handler})
    run_due_tasks(db, T0, {"note": note_handler})
    assert notes(db) == ["the real run"]


def test_two_pollers_racing_run_every_task_exactly_once(tmp_path):
    path = tmp_path / "textback.db"
    db = connect(path)
    for n in range(40):
        add(db, text=str(n))
    start = threading.Barrier(2)

    def poll():
        own = connect(path)
        start.wait()
        run_due_tasks(own, T0, {"note": note_handler}, limit=100)

    threads = [threading.Thread(target=poll) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(notes(db), key=int) == [str(n) for n in range(40)]


def test_the_apscheduler_job_polls_the_table(tmp_path):
    path = tmp_path / "textback.db"
    db = connect(path)
    task_id = add(db, text="from the scheduler")
    poller_db = connect(path)
    scheduler = BackgroundScheduler()
    add_poll_job(scheduler, lambda: run_due_tasks(poller_db, T0, {"note": note_handler}), seconds=0.1)
    scheduler.start()
    try:
        deadline = time.monotonic() + 10
        while db["tasks"].get(task_id)["status"] != "done" and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        scheduler.shutdown()
    assert notes(db) == ["from the scheduler"]


def test_after_the_clock_jumps_a_year_the_next_poll_is_one_interval_away_not_every_missed_one():
    scheduler = BackgroundScheduler(timezone="UTC")
    job = add_poll_job(scheduler, lambda: None, seconds=15)
    scheduler.start(paused=True)
    try:
        first = scheduler.get_job(job.id).next_run_time
        year_later = first + timedelta(days=365, seconds=7)
        assert job.trigger.get_next_fire_time(first, year_later) == year_later + timedelta(seconds=8)
        assert job.trigger.get_next_fire_time(first, first + timedelta(seconds=3)) == first + timedelta(seconds=15)
    finally:
        scheduler.shutdown()
