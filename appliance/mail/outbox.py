"""The email outbox: an email is a row before anything sends it, like the SMS outbox.

Its Message-ID is fixed when it is queued, so a mail server or a reader can tell a retry from
a new message. An email claimed ('sending', committed) whose send was cut off by a crash is
marked unconfirmed at the next start and never resent on its own.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage

import sqlite_utils

from appliance.clock import iso
from appliance.store.db import insert, transaction

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=2)


class MailFailed(Exception):
    def __init__(self, detail: str, *, temporary: bool) -> None:
        super().__init__(detail)
        self.temporary = temporary


Transport = Callable[[EmailMessage], None]


def enqueue_email(db: sqlite_utils.Database, now: datetime, *, recipient: str, subject: str, body: str,
                  kind: str, lead_id: int | None = None, domain: str = "textback.local") -> int:
    """Queue an email. Call inside a transaction."""
    return insert(db, "emails", {
        "recipient": recipient, "subject": subject, "body": body, "kind": kind, "lead_id": lead_id,
        "status": "queued", "message_id": f"<{uuid.uuid4().hex}@{domain}>", "created_at": iso(now),
    })


def build_message(row: dict, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row["recipient"]
    message["Subject"] = row["subject"]
    message["Message-ID"] = row["message_id"]
    message.set_content(row["body"])
    return message


def recover_after_restart(db: sqlite_utils.Database, now: datetime) -> int:
    with transaction(db):
        cursor = db.execute("UPDATE emails SET status = 'unconfirmed', error = ? WHERE status = 'sending'",
                            ["the agent stopped while this was being sent; it may or may not have gone out"])
    return cursor.rowcount


def send_due_emails(db: sqlite_utils.Database, now: datetime, send: Transport, sender: str, limit: int = 20) -> int:
    """Send queued emails whose time has come; return how many were sent."""
    due = list(db.query("SELECT * FROM emails WHERE status = 'queued' AND (next_attempt_at IS NULL OR "
                        "next_attempt_at <= ?) ORDER BY id LIMIT ?", [iso(now), limit]))
    sent = 0
    for row in due:
        with transaction(db):
            claimed = db.execute("UPDATE emails SET status = 'sending', attempts = attempts + 1 "
                                 "WHERE id = ? AND status = 'queued'", [row["id"]]).rowcount
        if claimed:
            sent += _send_one(db, now, row, send, sender)
    return sent


def _send_one(db: sqlite_utils.Database, now: datetime, row: dict, send: Transport, sender: str) -> int:
    attempts = row["attempts"] + 1
    try:
        send(build_message(row, sender))
    except MailFailed as failure:
        with transaction(db):
            if failure.temporary and attempts < MAX_ATTEMPTS:
                retry_at = now + FIRST_RETRY * (2 ** (attempts - 1))
                db.execute("UPDATE emails SET status = 'queued', error = ?, next_attempt_at = ? WHERE id = ?",
                           [f"attempt {attempts}: {failure}", iso(retry_at), row["id"]])
            else:
                db.execute("UPDATE emails SET status = 'failed', error = ? WHERE id = ?",
                           [f"attempt {attempts}: {failure}", row["id"]])
        log.warning("email %d to %s not sent (attempt %d): %s", row["id"], row["recipient"], attempts, failure)
        return 0
    with transaction(db):
        db.execute("UPDATE emails SET status = 'sent', sent_at = ?, error = NULL WHERE id = ?", [iso(now), row["id"]])
    log.info("email %d (%s) sent to %s", row["id"], row["kind"], row["recipient"])
    return 1
