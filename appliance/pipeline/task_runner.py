"""Durable tasks, the I/O shell: schedule them, run the due ones exactly once, poll from APScheduler.

Exactly once: each task runs inside one ``BEGIN IMMEDIATE`` transaction that re-checks it is
still pending, runs its handler (database writes only: queue a text, an email, the next
step) and marks it done. A crash anywhere rolls the whole thing back, so the task is still
pending after a restart and nothing it wrote exists: never lost, never doubled. Handlers that
must talk to the outside world queue a row for a sender that owns that I/O (the SMS outbox,
the email outbox, webhook deliveries) instead of doing it themselves.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import sqlite_utils
from apscheduler.triggers.interval import IntervalTrigger

from appliance.clock import iso
from appliance.pipeline.tasks import Deferred, RetryPolicy, Task, due_tasks, retry_delay
from appliance.store.db import insert, one, transaction

log = logging.getLogger(__name__)

# A handler does database writes inside the runner's transaction. It returns None when the
# work is done, or Deferred to be called again later; raising counts as a failed attempt.
Handler = Callable[[sqlite_utils.Database, Task, datetime], Deferred | None]

POLL_JOB_ID = "textback-durable-tasks"


def schedule(db: sqlite_utils.Database, now: datetime, kind: str, due_at: datetime,
             payload: Mapping[str, Any] | None = None, *, dedupe_key: str | None = None,
             subject: str | None = None) -> int | None:
    """Add a task; None when a task with this dedupe_key already exists. Call inside a transaction."""
    cursor = db.execute(
        "INSERT INTO tasks (kind, due_at, payload, created_at, dedupe_key, subject) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING",
        [kind, iso(due_at), json.dumps(dict(payload or {}), sort_keys=True), iso(now), dedupe_key, subject])
    return cursor.lastrowid if cursor.rowcount == 1 else None


def cancel_tasks(db: sqlite_utils.Database, now: datetime, subject: str, kinds: tuple[str, ...],
                 reason: str) -> int:
    """Cancel the pending tasks of these kinds about ``subject``. Call inside a transaction."""
    marks = ", ".join("?" for _ in kinds)
    ids = [row["id"] for row in db.query(
        f"SELECT id FROM tasks WHERE subject = ? AND status = 'pending' AND kind IN ({marks})",
        [subject, *kinds])]
    for task_id in ids:
        db.execute("UPDATE tasks SET status = 'cancelled', finished_at = ? WHERE id = ?", [iso(now), task_id])
        _log_attempt(db, task_id, now, "cancelled", reason)
    return len(ids)


def run_due_tasks(db: sqlite_utils.Database, now: datetime, handlers: Mapping[str, Handler],
                  policy: RetryPolicy = RetryPolicy(), limit: int = 50) -> int:
    """Run every task due at ``now``; return how many were attempted."""
    rows = db.query("SELECT * FROM tasks WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?",
                    [iso(now), limit])
    attempted = 0
    for task in due_tasks(rows, now, limit):
        attempted += _run_one(db, now, task, handlers, policy)
    return attempted


def _run_one(db: sqlite_utils.Database, now: datetime, task: Task, handlers: Mapping[str, Handler],
             policy: RetryPolicy) -> int:
    handler = handlers.get(task.kind)
    try:
        with transaction(db):
            if not _still_due(db, task.id, now):
                return 0                      # another poller got there first
            if handler is None:
                raise LookupError(f"no handler for task kind {task.kind!r}")
            outcome = handler(db, task, now)
            _finish(db, task, now, outcome)
    except Exception as exc:              # noqa: BLE001 - any failure is one attempt, recorded below
        _record_failure(db, task, now, policy, exc)
    return 1


def _still_due(db: sqlite_utils.Database, task_id: int, now: datetime) -> bool:
    return one(db, "SELECT 1 AS x FROM tasks WHERE id = ? AND status = 'pending' AND due_at <= ?",
               [task_id, iso(now)]) is not None


def _finish(db: sqlite_utils.Database, task: Task, now: datetime, outcome: Deferred | None) -> None:
    if isinstance(outcome, Deferred):
        db.execute("UPDATE tasks SET due_at = ? WHERE id = ?", [iso(outcome.until), task.id])
        _log_attempt(db, task.id, now, "deferred", f"{outcome.reason}; next try {iso(outcome.until)}")
        log.info("task %d (%s) deferred to %s: %s", task.id, task.kind, iso(outcome.until), outcome.reason)
        return
    db.execute("UPDATE tasks SET status = 'done', finished_at = ?, attempts = attempts + 1, last_error = NULL "
               "WHERE id = ?", [iso(now), task.id])
    _log_attempt(db, task.id, now, "done", None)
    log.info("task %d (%s) done", task.id, task.kind)


def _record_failure(db: sqlite_utils.Database, task: Task, now: datetime, policy: RetryPolicy,
                    exc: Exception) -> None:
    attempts = task.attempts + 1
    delay = retry_delay(policy, attempts)
    error = f"{type(exc).__name__}: {exc}"
    with transaction(db):
        if delay is None:
            db.execute("UPDATE tasks SET status = 'failed', attempts = ?, last_error = ?, finished_at = ? "
                       "WHERE id = ?", [attempts, error, iso(now), task.id])
            _log_attempt(db, task.id, now, "failed", f"attempt {attempts}, giving up: {error}")
        else:
            db.execute("UPDATE tasks SET attempts = ?, last_error = ?, due_at = ? WHERE id = ?",
                       [attempts, error, iso(now + delay), task.id])
            _log_attempt(db, task.id, now, "error", f"attempt {attempts}: {error}; retry at {iso(now + delay)}")
    log.warning("task %d (%s) attempt %d failed: %s", task.id, task.kind, attempts, error)


def _log_attempt(db: sqlite_utils.Database, task_id: int, now: datetime, outcome: str, detail: str | None) -> None:
    insert(db, "task_attempts", {"task_id": task_id, "at": iso(now), "outcome": outcome, "detail": detail})


def attempts_of(db: sqlite_utils.Database, task_id: int) -> list[dict]:
    return list(db.query("SELECT at, outcome, detail FROM task_attempts WHERE task_id = ? ORDER BY id",
                         [task_id]))


class PollEvery(IntervalTrigger):
    """APScheduler's interval trigger, except that after the wall clock jumps forward (NTP fixing a
    clock that booted wrong, a machine waking from sleep) the next run is found in one step.

    The stock trigger steps through every missed run, one interval at a time, on the agent's event
    loop: a year's jump at 15 s is two million steps, seconds to minutes in which no text moves.
    """

    def get_next_fire_time(self, previous_fire_time, now):
        after_now = super().get_next_fire_time(None, now)
        if previous_fire_time is not None and after_now is not None and after_now <= previous_fire_time:
            return super().get_next_fire_time(previous_fire_time, now)
        return after_now


def add_poll_job(scheduler, poll: Callable[[], None], seconds: float = 15.0):
    """The agent's one APScheduler job: call ``poll`` every ``seconds``, never two at once.

    ``coalesce`` folds polls missed while the machine slept into one; the work itself is in
    the tasks table, so a missed poll loses nothing.
    """
    return scheduler.add_job(poll, PollEvery(seconds=seconds, timezone="UTC"), id=POLL_JOB_ID,
                             replace_existing=True, max_instances=1, coalesce=True, misfire_grace_time=None)
