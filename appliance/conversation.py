"""What happens when a customer's text arrives, and when the network reports a delivery.

Compliance comes first, before any model: STOP (and plain-language revocations) gets exactly
one confirmation and then silence; START/UNSTOP (or YES after an opt-out) turns texts back
on; HELP answers with the business name, number and how to opt out. Every change of consent
goes to the append-only ledger.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

import sqlite_utils

from appliance.brain.keywords import Keyword, classify_keyword
from appliance.clock import Clock
from appliance.config import Config
from appliance.phone import pretty
from appliance.sms.pdu import StatusReport
from appliance.store import consent, messages
from appliance.store.db import transaction
from appliance.store.events import log_event
from appliance.templates import render

log = logging.getLogger(__name__)

# Delivery reports for a reference older than this belong to a message we no longer track.
REPORT_WINDOW = timedelta(days=3)


class Conversations:
    def __init__(self, db: sqlite_utils.Database, config: Config, clock: Clock,
                 wake_outbox: Callable[[], None]) -> None:
        self._db = db
        self._config = config
        self._clock = clock
        self._wake_outbox = wake_outbox

    def handle_inbound(self, message_id: int) -> None:
        message = self._db["messages"].get(message_id)
        phone, body = message["phone"], message["body"]
        with transaction(self._db):
            opted_out = consent.is_opted_out(self._db, phone)
            keyword = classify_keyword(body, opted_out=opted_out)
            replied = self._apply_keyword(keyword, phone, message, opted_out)
        if replied:
            self._wake_outbox()
        log.info("text %d from %s handled: %s", message_id, phone, keyword.value)

    def _apply_keyword(self, keyword: Keyword, phone: str, message: dict, opted_out: bool) -> bool:
        now = self._clock.now()
        evidence = f"message {message['id']}"
        if keyword is Keyword.OPT_OUT:
            if opted_out:
                return False                              # one confirmation, then silence
            consent.record_consent(self._db, phone, "opt_out", "sms", now, evidence)
            cancelled = messages.cancel_pending(self._db, now, phone, "the customer opted out")
            log_event(self._db, now, "opt_out", phone, cancelled=cancelled)
            return self._reply(phone, message, self._config.textback.opt_out_confirmation)
        if keyword is Keyword.RESUBSCRIBE and opted_out:
            consent.record_consent(self._db, phone, "opt_in", "sms", now, evidence)
            log_event(self._db, now, "opt_in", phone)
            return self._reply(phone, message, self._config.textback.opt_in_confirmation)
        if keyword is Keyword.HELP:
            return self._reply(phone, message, self._config.textback.help_template)
        return False

    def _reply(self, phone: str, message: dict, template: str) -> bool:
        body = render(template, business=self._config.business.name,
                      phone=pretty(self._config.business.phone))
        messages.enqueue(self._db, self._clock.now(), phone=phone, body=body, kind="compliance",
                         priority=messages.PRIORITY_REPLY, contact_id=message["contact_id"])
        return True

    def delivery_report(self, report: StatusReport) -> None:
        """The network's word on a sent part: delivered, or failed for good."""
        now = self._clock.now()
        with transaction(self._db):
            message = messages.find_by_modem_ref(self._db, report.reference, now - REPORT_WINDOW)
            if message is None:
                log.info("delivery report for unknown reference %s", report.reference)
                return
            detail = f"status report for part ref {report.reference}: TP-ST {report.status_code}"
            if report.status == "delivered":
                messages.set_status(self._db, now, message["id"], "delivered", detail)
            elif report.status == "failed":
                messages.set_status(self._db, now, message["id"], "failed",
                                    f"the network could not deliver it ({detail})")


