"""Durable tasks, the pure part: which tasks are due, and when a failed one is tried again.

Due work lives in the ``tasks`` table, never in APScheduler's job stores (they drop one-off
jobs that miss their time and cannot be shared between processes). One interval job polls
the table; see task_runner.py for the I/O shell.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from appliance.clock import parse_iso


@dataclass(frozen=True)
class Task:
    id: int
    kind: str
    due_at: datetime
    payload: dict[str, Any]
    attempts: int
    subject: str | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Task":
        return cls(id=row["id"], kind=row["kind"], due_at=parse_iso(row["due_at"]),
                   payload=json.loads(row["payload"] or "{}"), attempts=row["attempts"],
                   subject=row.get("subject"))


@dataclass(frozen=True)
class Deferred:
    """A handler's answer when the task may not run yet (quiet hours, a daily cap): try at ``until``.

    Deferring is not a failure: it costs no attempt.
    """

    until: datetime
    reason: str


@dataclass(frozen=True)
class RetryPolicy:
    """How a task that raised is tried again: exponential backoff, then given up for a person."""

    max_attempts: int = 6
    first_delay: timedelta = timedelta(minutes=1)
    factor: float = 4.0
    max_delay: timedelta = timedelta(hours=6)


def due_tasks(rows: Iterable[Mapping[str, Any]], now: datetime, limit: int = 50) -> list[Task]:
    """The pending tasks whose time has come, oldest due first (ties: created first)."""
    due = [Task.from_row(row) for row in rows if row["status"] == "pending"]
    due = [task for task in due if task.due_at <= now]
    due.sort(key=lambda task: (task.due_at, task.id))
    return due[:limit]


def retry_delay(policy: RetryPolicy, attempts: int) -> timedelta | None:
    """How long to wait after the ``attempts``-th failed attempt; None: give up."""
    if attempts >= policy.max_attempts:
        return None
    delay = policy.first_delay * (policy.factor ** (attempts - 1))
    return min(delay, policy.max_delay)
