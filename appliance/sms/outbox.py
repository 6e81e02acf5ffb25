"""The durable outbox: the only path from the database to the modem.

A message is in the database before anything sends it. It is claimed ('sending', committed)
before the first AT+CMGS, so a kill -9 at any instant leaves it either queued (never touched
the modem: sent later) or sending (may have gone out: marked unconfirmed at the next start
and shown to a person, never resent on its own). No message is ever sent twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import sqlite_utils

from appliance.clock import Clock, iso, parse_iso
from appliance.sms.send_policy import SendLimits, next_send_allowed_at, retry_delay, should_give_up
from appliance.store import consent, messages
from appliance.store.db import transaction

log = logging.getLogger(__name__)


class SendFailed(Exception):
    """What the modem side reports when a send did not certainly succeed."""

    def __init__(self, detail: str, *, temporary: bool, maybe_sent: bool = False) -> None:
        super().__init__(detail)
        self.temporary = temporary
        self.maybe_sent = maybe_sent       # a part may have left the modem: never retry blindly


MODEM_DOWN_RECHECK = 1.0
# Opt-out confirmations and a person's own replies may reach an opted-out number; nothing automated may.
KINDS_ALLOWED_AFTER_OPT_OUT = ("compliance", "human")

Sender = Callable[[str, str], Awaitable[list[int]]]


class Outbox:
    def __init__(self, db: sqlite_utils.Database, clock: Clock, limits: SendLimits, send: Sender,
                 on_sent: Callable[[dict, list[int]], None] | None = None,
                 ready: Callable[[], bool] = lambda: True) -> None:
        self._db = db
        self._clock = clock
        self._limits = limits
        self._send = send
        self._on_sent = on_sent
        self._ready = ready
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something was queued: look now rather than at the next poll."""
        self._wake.set()

    def recover_after_restart(self) -> list[int]:
        with transaction(self._db):
            interrupted = messages.mark_interrupted_sends(self._db, self._clock.now())
        if interrupted:
            log.warning("%d message(s) were mid-send when the agent stopped; marked unconfirmed: %s",
                        len(interrupted), interrupted)
        return interrupted

    async def run(self, idle_poll_seconds: float = 5.0) -> None:
        while True:
            wait = await self.send_next()
            if wait is None:
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=min(wait, idle_poll_seconds))
            except asyncio.TimeoutError:
                pass

    async def send_next(self) -> float | None:
        """Send the next due message. None when one was handled; else seconds worth waiting."""
        if not self._ready():
            return MODEM_DOWN_RECHECK      # messages stay queued: an absent modem costs no attempt
        now = self._clock.now()
        allowed_at = self._allowed_at(now)
        if allowed_at > now:
            return (allowed_at - now).total_seconds()
        message = messages.next_due(self._db, now)
        if message is None:
            return self._seconds_until_retry(now)
        with transaction(self._db):
            if _blocked_by_opt_out(self._db, message):
                messages.set_status(self._db, now, message["id"], "cancelled",
                                    "not sent: the number opted out")
                return None
            if not messages.claim(self._db, now, message["id"]):
                return None
        await self._deliver(message)
        return None

    def _allowed_at(self, now: datetime) -> datetime:
        window = messages.send_window(self._db, now - timedelta(days=1))
        return next_send_allowed_at(self._limits, now=now, last_send_at=window.latest,
                                    sends_last_24h=window.count, oldest_send_in_window=window.oldest)

    def _seconds_until_retry(self, now: datetime) -> float:
        at = messages.earliest_retry(self._db)
        return max(0.0, (parse_iso(at) - now).total_seconds()) if at else float("inf")

    async def _deliver(self, message: dict) -> None:
        try:
            refs = await self._send(message["phone"], message["body"])
        except SendFailed as failure:
            self._record_failure(message, failure)
            return
        with transaction(self._db):
            messages.mark_sent(self._db, self._clock.now(), message["id"], refs)
        log.info("sent message %d (%s) refs=%s", message["id"], message["kind"], refs)
        if self._on_sent:
            self._on_sent(message, refs)

    def _record_failure(self, message: dict, failure: SendFailed) -> None:
        now = self._clock.now()
        attempts = message["attempts"] + 1
        with transaction(self._db):
            if failure.maybe_sent:
                messages.set_status(self._db, now, message["id"], "unconfirmed", str(failure),
                                    error=str(failure))
            elif failure.temporary and not should_give_up(self._limits, attempts):
                retry_at = now + retry_delay(self._limits, attempts)
                messages.set_status(self._db, now, message["id"], "queued",
                                    f"{failure}; retry {attempts + 1} at {iso(retry_at)}",
                                    error=str(failure), next_attempt_at=iso(retry_at))
            else:
                messages.set_status(self._db, now, message["id"], "failed", str(failure),
                                    error=str(failure))
        log.warning("message %d not sent (attempt %d): %s", message["id"], attempts, failure)


def _blocked_by_opt_out(db: sqlite_utils.Database, message: dict) -> bool:
    """The last gate before the modem: whatever queued it, no automated text after STOP."""
    return message["kind"] not in KINDS_ALLOWED_AFTER_OPT_OUT and consent.is_opted_out(db, message["phone"])
