"""Telling the owner: a text and an email, whichever are configured. Call inside a transaction."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils

from appliance.config import Config
from appliance.mail.outbox import enqueue_email
from appliance.phone import pretty
from appliance.store import messages


def alert_owner(db: sqlite_utils.Database, config: Config, now: datetime, subject: str, body: str,
                lead_id: int | None = None) -> None:
    owner = config.pipeline
    if owner.owner_phone:
        messages.enqueue(db, now, phone=owner.owner_phone, body=f"{subject}: {body}", kind="alert",
                         priority=messages.PRIORITY_ALERT)
    if owner.owner_email and config.mail.host:
        enqueue_email(db, now, recipient=owner.owner_email, subject=subject, body=body, kind="lead_alert",
                      lead_id=lead_id)


def lead_alert(db: sqlite_utils.Database, config: Config, now: datetime, lead: dict) -> None:
    """A new qualified lead, in one line a busy owner can act on."""
    value = f", about ${lead['estimated_value']:,}" if lead.get("estimated_value") else ""
    urgent = "URGENT " if lead.get("priority") == "urgent" else ""
    subject = f"{urgent}New lead: {lead.get('name') or pretty(lead['phone'])}"
    body = (f"{lead.get('service') or 'Service request'} for {lead.get('name') or 'a customer'} at "
            f"{pretty(lead['phone'])}{value}. Intent: {lead.get('intent') or 'unknown'}.")
    alert_owner(db, config, now, subject, body, lead["id"])
