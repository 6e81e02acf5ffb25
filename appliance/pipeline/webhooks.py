"""Webhooks on lead and stage events: an HMAC-signed POST, retried with backoff, every try logged.

Delivery is at least once: a receiver that sees the same ``X-Textback-Delivery`` id twice
(the agent stopped between the POST and recording it) should ignore the second. Zapier, Make
or n8n can take it from there into Jobber, Housecall Pro or ServiceTitan.

Receivers check ``X-Textback-Signature: sha256=<hex>`` = HMAC-SHA256(secret, "<timestamp>.<body>")
with ``X-Textback-Timestamp``, and reject old timestamps to stop replays.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from appliance.clock import iso
from appliance.config import Config
from appliance.store.db import insert, transaction

log = logging.getLogger(__name__)

FIRST_RETRY = timedelta(seconds=30)
MAX_RETRY = timedelta(hours=6)

# POST url, body, headers -> HTTP status; raises OSError when there was no answer at all.
Poster = Callable[[str, bytes, Mapping[str, str]], int]


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def retry_delay(attempts: int) -> timedelta:
    return min(FIRST_RETRY * (2 ** (attempts - 1)), MAX_RETRY)


def queue_event(db: sqlite_utils.Database, config: Config, now: datetime, event: str,
                data: Mapping[str, Any]) -> int | None:
    """Queue the event for the configured webhook (None when there is none). Call inside a transaction."""
    if not config.webhook.url:
        return None
    delivery_id = insert(db, "webhook_deliveries", {
        "event": event, "url": config.webhook.url, "body": "", "status": "pending", "next_attempt_at": iso(now),
        "created_at": iso(now)})
    body = json.dumps({"id": delivery_id, "event": event, "at": iso(now), "data": dict(data)},
                      sort_keys=True, default=str)
    db.execute("UPDATE webhook_deliveries SET body = ? WHERE id = ?", [body, delivery_id])
    return delivery_id


def deliver_due(db: sqlite_utils.Database, config: Config, now: datetime, post: Poster, limit: int = 20) -> int:
    """POST each due delivery once; return how many were accepted (2xx)."""
    due = list(db.query("SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? "
                        "ORDER BY id LIMIT ?", [iso(now), limit]))
    return sum(_attempt(db, config, now, row, post) for row in due)


def _attempt(db: sqlite_utils.Database, config: Config, now: datetime, row: dict, post: Poster) -> int:
    body = row["body"].encode()
    timestamp = str(int(now.timestamp()))
    headers = {"Content-Type": "application/json", "X-Textback-Event": row["event"],
               "X-Textback-Delivery": str(row["id"]), "X-Textback-Timestamp": timestamp,
               "X-Textback-Signature": sign(config.webhook.secret, timestamp, body)}
    status, error = None, None
    try:
        status = post(row["url"], body, headers)
    except OSError as exc:
        error = f"no answer: {exc}"
    accepted = status is not None and 200 <= status < 300
    attempts = row["attempts"] + 1
    with transaction(db):
        insert(db, "webhook_attempts", {"delivery_id": row["id"], "at": iso(now), "status_code": status,
                                        "error": error})
        if accepted:
            db.execute("UPDATE webhook_deliveries SET status = 'delivered', attempts = ?, delivered_at = ? "
                       "WHERE id = ?", [attempts, iso(now), row["id"]])
        elif attempts >= config.webhook.max_attempts:
            db.execute("UPDATE webhook_deliveries SET status = 'failed', attempts = ? WHERE id = ?",
                       [attempts, row["id"]])
        else:
            db.execute("UPDATE webhook_deliveries SET attempts = ?, next_attempt_at = ? WHERE id = ?",
                       [attempts, iso(now + retry_delay(attempts)), row["id"]])
    if not accepted:
        log.warning("webhook %d (%s) attempt %d: %s", row["id"], row["event"], attempts, error or f"HTTP {status}")
    return int(accepted)


def http_post(url: str, body: bytes, headers: Mapping[str, str], timeout: float = 10.0) -> int:
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
