"""The agent's one scheduled job: run due tasks, send due emails and webhooks, sync calendars.

The agent creates it once:

    poller = PipelinePoller(config, clock)
    poller.recover_after_restart()
    add_poll_job(scheduler, poller, seconds=15)        # appliance.pipeline.task_runner

APScheduler runs the job in a worker thread, so the poller keeps its own SQLite connection
(one per thread), and one slow SMTP server only delays the next poll. Each poll works with the
configuration in force (the file with the admin page's changes on top, as calls and texts do),
so a review link or template edited on the admin page applies to the next due task.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime

import sqlite_utils

from appliance.clock import Clock
from appliance.config import Config
from appliance.effective_config import effective_config
from appliance.mail.outbox import Transport, recover_after_restart, send_due_emails
from appliance.mail.smtp import SmtpSettings, smtp_transport
from appliance.pipeline import followups, visits, webhooks
from appliance.pipeline.task_runner import Handler, run_due_tasks
from appliance.store.db import connect

log = logging.getLogger(__name__)


def task_handlers(config: Config) -> Mapping[str, Handler]:
    """Every kind of durable task the pipeline schedules, and what runs it."""
    from appliance.pipeline import campaigns, summary

    def bind(step: Callable) -> Handler:
        return lambda db, task, now: step(db, config, task, now)

    return {
        followups.KIND: followups.make_handler(config),
        "reminder": bind(visits.send_reminder),
        "review_request": bind(visits.send_review_request),
        "review_reminder": bind(visits.send_review_reminder),
        campaigns.SCAN_KIND: bind(campaigns.scan),
        campaigns.SEND_KIND: bind(campaigns.send),
        summary.KIND: bind(summary.run),
    }


class PipelinePoller:
    def __init__(self, config: Config, clock: Clock, send_email: Transport | None = None,
                 post: webhooks.Poster = webhooks.http_post,
                 extra: Callable[[sqlite_utils.Database, datetime], None] | None = None,
                 extra_handlers: Mapping[str, Handler] | None = None) -> None:
        self._config = config
        self._clock = clock
        self._extra_handlers = extra_handlers or {}
        self._send_email = send_email or (smtp_transport(SmtpSettings.from_config(config.mail))
                                          if config.mail.host else None)
        self._post = post
        self._extra = extra                     # e.g. the CalDAV sync, when configured
        self._local = threading.local()

    def db(self) -> sqlite_utils.Database:
        if not hasattr(self._local, "db"):
            self._local.db = connect(self._config.storage.database)
        return self._local.db

    def recover_after_restart(self) -> None:
        """At start: emails cut off mid-send become unconfirmed; recurring tasks exist."""
        from appliance.pipeline import campaigns, summary
        from appliance.store.db import transaction

        db = self.db()
        config = effective_config(self._config, db)
        recover_after_restart(db, self._clock.now())
        with transaction(db):
            campaigns.ensure_scheduled(db, config, self._clock.now())
            summary.ensure_scheduled(db, config, self._clock.now())

    def __call__(self) -> None:
        db, now = self.db(), self._clock.now()
        config = effective_config(self._config, db)
        run_due_tasks(db, now, {**task_handlers(config), **self._extra_handlers})
        if self._send_email is not None:
            send_due_emails(db, now, self._send_email, self._config.mail.sender)
        webhooks.deliver_due(db, config, now, self._post)
        if self._extra is not None:
            try:
                self._extra(db, now)
            except Exception:  # noqa: BLE001 - a calendar outage must not stop texts and emails
                log.exception("calendar sync failed; it will be tried at the next poll")
