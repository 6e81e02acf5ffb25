"""What happens when a customer's text arrives, and when the network reports a delivery.

In this order, each step ending the turn when it has answered:
1. Compliance, before any model: STOP (and plain-language revocations) gets exactly one
   confirmation and then silence; START/UNSTOP (or YES after an opt-out) turns texts back on;
   HELP answers with the business name, number and how to opt out. Every change of consent
   goes to the append-only ledger.
2. The pipeline: a picked slot, C/R for a reminder, DONE from a technician, a complaint after
   a review request (appliance/pipeline/inbound.py).
3. The brain: rules, parsers and the local model qualify the conversation; the pure policy
   decides the reply (from templates, never free model text), the on-call alert and bridged
   call for emergencies, and the hand-off to booking.
Texts are handled one at a time, in arrival order.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, fields, replace
from datetime import datetime, timedelta

import sqlite_utils

from appliance.brain.corrections import load_memory
from appliance.brain.engine import Advisor, Memory, qualify
from appliance.brain.keywords import Keyword, classify_keyword
from appliance.brain.lead import Lead
from appliance.brain.policy import (AlertOnCall, BridgeCall, CancelFollowUps, ConversationState, Decision,
                                    HandOff, RecordConsent, Reply, decide, on_call_summary)
from appliance.brain.profile import TradeProfile
from appliance.clock import Clock, iso
from appliance.config import Config
from appliance.phone import normalise, pretty
from appliance.pipeline import booking, crm, flow, inbound
from appliance.pipeline.settings import price_list
from appliance.sms.pdu import StatusReport
from appliance.store import consent, contacts, messages
from appliance.store.db import one, transaction
from appliance.store.events import log_event
from appliance.templates import render

log = logging.getLogger(__name__)

# Delivery reports for a reference older than this belong to a message we no longer track.
REPORT_WINDOW = timedelta(days=3)
# A text stored but not answered when the agent stopped is answered at start if younger than this.
RECOVER_WINDOW = timedelta(hours=1)
AUTOMATED_KINDS = ("reply",)                    # what counts against the per-conversation caps
STATE_FIELDS = {f.name for f in fields(ConversationState)}
BridgeCaller = Callable[[str, str], None]       # (technician's number, customer's number)


class Conversations:
    def __init__(self, db: sqlite_utils.Database, config: Callable[[], Config], clock: Clock,
                 wake_outbox: Callable[[], None], bridge_call: BridgeCaller | None = None) -> None:
        self._db = db
        self._config = config
        self._clock = clock
        self._wake_outbox = wake_outbox
        self._bridge_call = bridge_call
        self.advisor: Advisor | None = None       # the local model, once it has loaded
        self._arrived: asyncio.Queue[int] = asyncio.Queue()

    # -- arrival order ---------------------------------------------------------------

    def received(self, message_id: int) -> None:
        self._arrived.put_nowait(message_id)

    def recover_after_restart(self) -> list[int]:
        """At start: texts stored but not handled when the agent stopped are answered now, in order.
        Older ones wait in the inbox for a person: a late automated reply would only confuse."""
        since = self._clock.now() - RECOVER_WINDOW
        unhandled = messages.unhandled_inbound(self._db, since)
        for message_id in unhandled:
            self.received(message_id)
        if unhandled:
            log.warning("%d text(s) stored but not answered when the agent stopped; answering them now: %s",
                        len(unhandled), unhandled)
        return unhandled

    async def run(self) -> None:
        while True:
            message_id = await self._arrived.get()
            try:
                await self.handle_inbound(message_id)
            except Exception:
                # The text is stored whatever happens here; a person sees it in the inbox.
                log.exception("could not answer text %d; it is kept in the inbox", message_id)

    # -- one text ----------------------------------------------------------------------

    async def handle_inbound(self, message_id: int) -> None:
        config = self._config()
        message = self._db["messages"].get(message_id)
        if message["status"] == "handled":
            return
        outcome = self._compliance_or_pipeline(config, message)
        if outcome is None:
            outcome = await self._brain(config, message)
        self._wake_outbox()
        log.info("text %d from %s handled: %s", message_id, message["phone"], outcome)

    def _compliance_or_pipeline(self, config: Config, message: dict) -> str | None:
        with transaction(self._db):
            outcome = self._rules_first(config, message)
            if outcome is not None:   # in the same transaction: answered and marked, or neither
                messages.mark_handled(self._db, self._clock.now(), message["id"], outcome)
            return outcome

    def _rules_first(self, config: Config, message: dict) -> str | None:
        """Compliance keywords, then the pipeline; None when the brain should answer."""
        phone, body, now = message["phone"], message["body"], self._clock.now()
        opted_out = consent.is_opted_out(self._db, phone)
        keyword = classify_keyword(body, opted_out=opted_out)
        if keyword is not Keyword.NONE:
            self._apply_keyword(config, keyword, message, opted_out)
            return f"keyword {keyword.value}"
        if opted_out:
            return "opted out: stored, no reply"
        if contacts.is_blocked(self._db, phone):
            return "blocked number: stored, no reply"
        handled = inbound.on_customer_reply(self._db, config, now, phone, body)
        if handled.handled:
            return f"pipeline: {handled.what}"
        if crm.lead_for_phone(self._db, phone) is None:
            flow.on_inbound_lead(self._db, config, now, phone)
        return None

    def _apply_keyword(self, config: Config, keyword: Keyword, message: dict, opted_out: bool) -> None:
        phone, now = message["phone"], self._clock.now()
        evidence = f"message {message['id']}: {message['body'][:160]}"
        if keyword is Keyword.OPT_OUT and not opted_out:       # one confirmation, then silence
            consent.record_consent(self._db, phone, "opt_out", "sms", now, evidence)
            cancelled = messages.cancel_pending(self._db, now, phone, "the customer opted out")
            flow.on_opt_out(self._db, now, phone)
            log_event(self._db, now, "opt_out", phone, cancelled=cancelled)
            self._compliance_reply(config, message, config.textback.opt_out_confirmation)
            self._alert_despite_opt_out(config, message)
        elif keyword is Keyword.RESUBSCRIBE and opted_out:
            consent.record_consent(self._db, phone, "opt_in", "sms", now, evidence)
            log_event(self._db, now, "opt_in", phone)
            self._compliance_reply(config, message, config.textback.opt_in_confirmation)
        elif keyword is Keyword.HELP:
            self._compliance_reply(config, message, config.textback.help_template)

    def _alert_despite_opt_out(self, config: Config, message: dict) -> None:
        """"Stop texting me and send someone, water is pouring through the ceiling": the opt-out silences
        our texts to the customer, not the danger. The on-call technician is alerted and put through to
        them as for any emergency (rules only, like every escalation)."""
        profile = trade_profile(config)
        lead = qualify([message["body"]], profile, self._clock.now(), None, None)
        if lead.escalate:
            self._alert_on_call(config, on_call_summary(lead, profile), message["phone"])
            self._bridge(config, message["phone"])

    def _compliance_reply(self, config: Config, message: dict, template: str) -> None:
        body = render(template, business=config.business.name, phone=pretty(config.business.phone))
        messages.enqueue(self._db, self._clock.now(), phone=message["phone"], body=body, kind="compliance",
                         priority=messages.PRIORITY_REPLY, contact_id=message["contact_id"])

    async def _brain(self, config: Config, message: dict) -> str:
        phone, now = message["phone"], self._clock.now()
        lead_row = crm.lead_for_phone(self._db, phone)
        # The text that opened the lead was stored a moment before the lead: read it too.
        history = self._texts_since(phone, min(lead_row["created_at"], message["created_at"]))
        profile = trade_profile(config)
        memory = load_memory(self._db)
        lead = await asyncio.to_thread(qualify, history, profile, now, self.advisor, memory)
        state = self._load_state(phone, lead_row, now)
        if lead_row["emergency_resolved_at"] and state.escalated:
            state = self._after_resolution(lead, state, phone, lead_row["emergency_resolved_at"], profile, memory)
        decision = decide(message["body"], lead, state, profile)
        outcome = ", ".join(type(action).__name__ for action in decision.actions)
        with transaction(self._db):
            if not any(isinstance(action, HandOff) for action in decision.actions):
                # A hand-off records the extraction itself (flow.on_lead_qualified): once per turn.
                crm.record_extraction(self._db, now, lead_row["id"], lead.to_dict(), price_list(config))
            if decision.state.escalated and not state.escalated:
                flow.on_escalation(self._db, now, lead_row["id"])
            self._carry_out(config, decision, lead, lead_row, message)
            self._save_state(lead_row["id"], decision.state, now)
            messages.mark_handled(self._db, now, message["id"], outcome)
        return outcome

    def _after_resolution(self, lead: Lead, state: ConversationState, phone: str, resolved_at: str,
                          profile: TradeProfile, memory: Memory) -> ConversationState:
        """A person resolved the emergency this conversation escalated. The whole conversation still
        reads as that emergency, so only what the customer wrote since can raise a new one: then the
        on-call technician is alerted afresh, about the new danger."""
        since = self._texts_since(phone, resolved_at)
        # Rules only: escalation is never the model's call (engine.consult_model).
        fresh = qualify(since, profile, self._clock.now(), None, memory)
        if not fresh.escalate:
            return state
        lead.hazard = fresh.hazard
        return replace(state, escalated=False, on_call_has_address=False)

    def _carry_out(self, config: Config, decision: Decision, lead: Lead, lead_row: dict, message: dict) -> None:
        phone, now = message["phone"], self._clock.now()
        priority = messages.PRIORITY_ALERT if lead.escalate else messages.PRIORITY_REPLY
        books_by_text = self._books_by_text(decision, lead)
        for action in decision.actions:
            if isinstance(action, Reply) and books_by_text and action.template == "qualified":
                continue        # the slot offer answers; "someone will call you to set a time" would contradict it
            if isinstance(action, Reply):
                messages.enqueue(self._db, now, phone=phone, body=action.text, kind="reply", priority=priority,
                                 contact_id=message["contact_id"])
            elif isinstance(action, RecordConsent):
                consent.record_consent(self._db, phone, action.kind, "sms", now, action.text[:160])
            elif isinstance(action, CancelFollowUps):
                flow.on_opt_out(self._db, now, phone)
            elif isinstance(action, AlertOnCall):
                self._alert_on_call(config, action.summary, phone)
            elif isinstance(action, BridgeCall):
                self._bridge(config, phone)
            elif isinstance(action, HandOff):
                self._hand_off(config, lead, lead_row, books_by_text)

    def _alert_on_call(self, config: Config, summary: str, customer: str) -> None:
        now = self._clock.now()
        technician = on_call_number(config)
        if technician is None:
            log.error("emergency from %s but no on-call number is configured ([brain] on_call)", customer)
            log_event(self._db, now, "emergency_unalerted", customer, reason="no on-call number configured")
            return
        messages.enqueue(self._db, now, phone=technician, body=f"{summary} Their number: {pretty(customer)}",
                         kind="alert", priority=messages.PRIORITY_ALERT)
        log_event(self._db, now, "on_call_alerted", customer, technician=technician)

    def _bridge(self, config: Config, customer: str) -> None:
        technician = on_call_number(config)
        if technician and self._bridge_call:
            self._bridge_call(technician, customer)
            log_event(self._db, self._clock.now(), "on_call_bridge", customer, technician=technician)

    def _books_by_text(self, decision: Decision, lead: Lead) -> bool:
        """Does this turn hand off to booking by text (slots offered), rather than to a person's call?"""
        has_technicians = one(self._db, "SELECT 1 AS x FROM technicians WHERE active = 1") is not None
        hands_off = any(isinstance(action, HandOff) for action in decision.actions)
        return hands_off and has_technicians and not lead.escalate

    def _hand_off(self, config: Config, lead: Lead, lead_row: dict, books_by_text: bool) -> None:
        now = self._clock.now()
        flow.on_lead_qualified(self._db, config, now, lead_row["id"], lead.to_dict())
        if books_by_text:
            booking.offer_slots(self._db, config, now, lead_row["id"])

    # -- what the conversation remembers -----------------------------------------------

    def _texts_since(self, phone: str, since: str) -> list[str]:
        return [row["body"] for row in self._db.query(
            "SELECT body FROM messages WHERE phone = ? AND direction = 'in' AND created_at >= ? ORDER BY id",
            [phone, since])]

    def _load_state(self, phone: str, lead_row: dict, now: datetime) -> ConversationState:
        """What the policy remembers of this lead, with what the database already knows taken from
        there. The memory is the lead's own: a customer's next job starts afresh (a new emergency
        alerts the technician again). Consent and the daily count stay with the number, across its
        leads; the inbox's pause is kept per number but lifted when a new lead opens (flow._open)."""
        row = one(self._db, "SELECT state FROM conversation_states WHERE lead_id = ?", [lead_row["id"]])
        saved = json.loads(row["state"]) if row else {}
        saved["asked"] = tuple(tuple(pair) for pair in saved.get("asked", ()))
        remembered = {key: value for key, value in saved.items() if key in STATE_FIELDS}
        controls = one(self._db, "SELECT bot_paused FROM conversation_controls WHERE phone = ?", [phone])
        return ConversationState(**{
            **remembered,
            "opted_out": consent.is_opted_out(self._db, phone),
            "paused": bool(controls and controls["bot_paused"]),
            "sent_total": self._automated_since(phone, lead_row["created_at"]),
            "sent_today": self._automated_since(phone, iso(now - timedelta(days=1))),
        })

    def _automated_since(self, phone: str, since: str) -> int:
        marks = ", ".join("?" for _ in AUTOMATED_KINDS)
        return one(self._db, f"SELECT COUNT(*) AS n FROM messages WHERE phone = ? AND direction = 'out' "
                             f"AND kind IN ({marks}) AND created_at >= ?", [phone, *AUTOMATED_KINDS, since])["n"]

    def _save_state(self, lead_id: int, state: ConversationState, now: datetime) -> None:
        self._db.execute(
            "INSERT INTO conversation_states (lead_id, state, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(lead_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            [lead_id, json.dumps(asdict(state)), iso(now)])

    # -- the network's word on what we sent -----------------------------------------------

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


def trade_profile(config: Config) -> TradeProfile:
    return TradeProfile.from_mapping({
        "business": config.business.name,
        "trade": config.business.trade,
        "phone": pretty(config.business.phone),
        "hours": config.business.hours,
        "timezone": config.business.timezone,
        "service_zips": config.brain.service_zips,
        "service_towns": config.brain.service_towns,
        "callback_promise": config.brain.callback_promise,
        "services": [asdict(service) for service in price_list(config)],
    })


def on_call_number(config: Config) -> str | None:
    for number in (*config.brain.on_call, config.pipeline.owner_phone):
        e164 = normalise(number, config.business.region) if number else None
        if e164:
            return e164
    return None
