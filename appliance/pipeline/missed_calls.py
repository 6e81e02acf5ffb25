"""A call ended: record it once, and if it was missed, queue exactly one text-back.

Everything happens in one BEGIN IMMEDIATE transaction, so two reports of the same call (our
UserEvent, the AMI events, the CDR after a reconnect) or two calls from one number a second
apart can never produce two texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from appliance.clock import iso
from appliance.config import Config
from appliance.phone import normalise
from appliance.pipeline import flow
from appliance.pipeline.hours import is_open, parse_hours
from appliance.pipeline.textback import Decision, TextbackRules, decide_textback
from appliance.store import calls, consent, contacts, messages
from appliance.store.db import transaction
from appliance.store.events import log_event
from appliance.templates import render


# Numbers whose missed calls never become leads in the pipeline.
NOT_A_LEAD = ("the shop's own number", "on the ignore list", "blocked on the admin page")


@dataclass(frozen=True)
class EndedCall:
    """What the telephony side knows when a call ends, whoever reported it."""

    linkedid: str
    caller: str
    missed: bool
    reason: str
    source: str
    did: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    after_hours: bool | None = None


@dataclass(frozen=True)
class CallResult:
    call_id: int | None                 # None: this call was already recorded
    decision: Decision | None           # None for answered or duplicate calls
    message_id: int | None


def rules_from_config(config: Config) -> TextbackRules:
    region = config.business.region
    return TextbackRules(
        region=region,
        shop_phone=normalise(config.business.phone, region) or "",
        ignore_numbers=frozenset(filter(None, (normalise(n, region) for n in config.textback.ignore_numbers))),
        cooldown=timedelta(minutes=config.textback.cooldown_minutes),
        max_delay=timedelta(minutes=config.textback.max_delay_minutes),
    )


def handle_ended_call(db: sqlite_utils.Database, config: Config, call: EndedCall,
                      now: datetime) -> CallResult:
    rules = rules_from_config(config)
    with transaction(db):
        call_id = calls.insert_call(db, _call_row(call, now, rules.region))
        if call_id is None:
            return CallResult(None, None, None)
        if not call.missed:
            calls.set_textback(db, call_id, "answered", None)
            return CallResult(call_id, None, None)
        decision = _decide(db, rules, call, now)
        message_id = _queue_textback(db, config, call, call_id, decision, now) if decision.send else None
        calls.set_textback(db, call_id, decision.reason, message_id)
        if decision.phone and decision.reason not in NOT_A_LEAD:
            flow.on_missed_call(db, config, now, decision.phone, call_id, texted_back=message_id is not None)
        log_event(db, now, "missed_call", decision.phone or call.caller, reason=call.reason,
                  source=call.source, textback=decision.reason)
    return CallResult(call_id, decision, message_id)


def _decide(db: sqlite_utils.Database, rules: TextbackRules, call: EndedCall, now: datetime) -> Decision:
    e164 = normalise(call.caller, rules.region)
    return decide_textback(
        call.caller, rules, now=now,
        opted_out=bool(e164) and consent.is_opted_out(db, e164),
        blocked=bool(e164) and contacts.is_blocked(db, e164),
        last_textback_at=calls.last_textback_at(db, e164) if e164 else None,
        call_ended_at=call.ended_at,
    )


def _queue_textback(db: sqlite_utils.Database, config: Config, call: EndedCall, call_id: int,
                    decision: Decision, now: datetime) -> int:
    after_hours = call.after_hours
    if after_hours is None:
        after_hours = not is_open(parse_hours(config.business.hours), config.business.timezone, now)
    template = config.textback.after_hours_template if after_hours else config.textback.template
    contact_id = contacts.contact_id_for(db, decision.phone, now)
    db.execute("UPDATE calls SET contact_id = ? WHERE id = ?", [contact_id, call_id])
    return messages.enqueue(db, now, phone=decision.phone, body=render(template, business=config.business.name),
                            kind="textback", priority=messages.PRIORITY_TEXTBACK,
                            contact_id=contact_id, call_id=call_id)


def _call_row(call: EndedCall, now: datetime, region: str) -> dict:
    return {
        "linkedid": call.linkedid, "caller": call.caller, "phone": normalise(call.caller, region),
        "did": call.did, "missed": int(call.missed), "reason": call.reason, "source": call.source,
        "started_at": iso(call.started_at) if call.started_at else None,
        "ended_at": iso(call.ended_at or now),
        "after_hours": None if call.after_hours is None else int(call.after_hours),
        "detected_at": iso(now), "textback": "pending",
    }
