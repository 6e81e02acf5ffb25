"""What the rest of the appliance calls when something happens to a lead.

Each function writes inside the caller's transaction (call them within
``with transaction(db):``), so the lead's change, its timeline line, the follow-ups it
starts or stops and the webhook it fires commit together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlite_utils

from appliance.clock import iso
from appliance.config import Config
from appliance.pipeline import alerts, crm, followups, webhooks
from appliance.pipeline.settings import price_list
from appliance.store.db import one


def change_stage(db: sqlite_utils.Database, config: Config, now: datetime, lead_id: int, stage: str,
                 actor: str, reason: str | None = None) -> bool:
    """Move the lead, stop the old stage's follow-ups, start the new stage's; False if already there."""
    old = crm.get_lead(db, lead_id)["stage"]
    if not crm.set_stage(db, now, lead_id, stage, actor, reason):
        return False
    run = db.execute("SELECT MAX(id) FROM lead_timeline WHERE lead_id = ?", [lead_id]).fetchone()[0]
    followups.stop_sequences(db, now, lead_id, f"the lead moved on to {stage}")
    followups.start_sequence(db, config, now, lead_id, run)
    webhooks.queue_event(db, config, now, "lead.stage_changed",
                         {**_lead_summary(db, lead_id), "from": old, "reason": reason})
    return True


def on_missed_call(db: sqlite_utils.Database, config: Config, now: datetime, phone: str,
                   call_id: int | None, texted_back: bool) -> int:
    """A missed call from ``phone`` (E.164): its lead, now 'contacted' if the text-back was queued."""
    lead_id = _open(db, config, now, phone, "missed_call", call_id)
    if texted_back and crm.get_lead(db, lead_id)["stage"] == "new":
        change_stage(db, config, now, lead_id, "contacted", "system")
    return lead_id


def on_inbound_lead(db: sqlite_utils.Database, config: Config, now: datetime, phone: str) -> int:
    """A text from someone with no open lead starts one (source: inbound text)."""
    return _open(db, config, now, phone, "inbound_text", None)


def on_lead_qualified(db: sqlite_utils.Database, config: Config, now: datetime, lead_id: int,
                      fields: Mapping[str, Any], actor: str = "ai") -> None:
    """The brain has the facts (``Lead.to_dict()``): store them, value the job, move to qualified."""
    crm.record_extraction(db, now, lead_id, dict(fields), price_list(config), actor)
    if crm.get_lead(db, lead_id)["stage"] in ("new", "contacted", "lost"):
        change_stage(db, config, now, lead_id, "qualified", actor)
        alerts.lead_alert(db, config, now, crm.get_lead(db, lead_id))


def on_escalation(db: sqlite_utils.Database, now: datetime, lead_id: int) -> None:
    """The agent alerted the on-call technician. If a person had resolved the lead's emergency, this
    is a new one: it heads the inbox and the board again, and the timeline says so."""
    lead = crm.get_lead(db, lead_id)
    if lead["emergency_resolved_at"] is None:
        return
    db.execute("UPDATE leads SET emergency_resolved_at = NULL, emergency_resolved_by = NULL, updated_at = ? "
               "WHERE id = ?", [iso(now), lead_id])
    crm.note(db, now, lead_id, "emergency", "ai",
             f"emergency raised again (resolved by {lead['emergency_resolved_by']} before)")


def customer_replied(db: sqlite_utils.Database, now: datetime, phone: str) -> int | None:
    """Any text from the customer stops the chasing; returns their open lead, if any.
    (inbound.on_customer_reply calls this; it is the whole of what a reply means to follow-ups.)"""
    lead = crm.lead_for_phone(db, phone)
    if lead is None:
        return None
    followups.stop_sequences(db, now, lead["id"], "the customer replied")
    return lead["id"]


def on_opt_out(db: sqlite_utils.Database, now: datetime, phone: str) -> None:
    """STOP: nothing automated may follow (the outbox refuses it too; this cancels it at the source)."""
    lead = crm.lead_for_phone(db, phone)
    if lead is not None:
        followups.stop_sequences(db, now, lead["id"], "the customer opted out")


def on_human_takeover(db: sqlite_utils.Database, now: datetime, phone: str, actor: str) -> None:
    lead = crm.lead_for_phone(db, phone)
    if lead is not None:
        followups.stop_sequences(db, now, lead["id"], f"{actor} took over the conversation")


def _open(db: sqlite_utils.Database, config: Config, now: datetime, phone: str, source: str,
          call_id: int | None) -> int:
    existing = crm.lead_for_phone(db, phone)
    lead_id = crm.open_lead(db, now, phone, source, call_id)
    if existing is None:
        _bot_on_for_new_lead(db, now, phone, lead_id)
        webhooks.queue_event(db, config, now, "lead.created", _lead_summary(db, lead_id))
    return lead_id


def _bot_on_for_new_lead(db: sqlite_utils.Database, now: datetime, phone: str, lead_id: int) -> None:
    """The inbox's pause (a person took over) belongs to the lead it was set on: a customer who
    comes back weeks later with a new job is texted back and qualified. The pause is kept per
    number (the inbox's thread is), so it is lifted here, where the number's next lead begins;
    unless a person took over after the last lead closed: they are talking with the customer now."""
    if _taken_over_since_last_lead(db, phone, lead_id):
        return
    lifted = db.execute("UPDATE conversation_controls SET bot_paused = 0, updated_at = ?, updated_by = 'system' "
                        "WHERE phone = ? AND bot_paused = 1", [iso(now), phone]).rowcount
    if lifted:
        crm.note(db, now, lead_id, "bot", "system", "the bot is on for this new lead (a person had paused it "
                                                   "on the last one)")


def _taken_over_since_last_lead(db: sqlite_utils.Database, phone: str, lead_id: int) -> bool:
    last = one(db, "SELECT leads.updated_at FROM leads JOIN contacts ON contacts.id = leads.contact_id "
                   "WHERE contacts.phone = ? AND leads.id < ? ORDER BY leads.id DESC LIMIT 1", [phone, lead_id])
    return last is not None and one(
        db, "SELECT 1 AS x FROM events WHERE subject = ? AND kind IN ('bot_paused', 'human_reply') AND at > ?",
        [phone, last["updated_at"]]) is not None


def _lead_summary(db: sqlite_utils.Database, lead_id: int) -> dict[str, Any]:
    lead = crm.get_lead(db, lead_id)
    return {key: lead[key] for key in ("id", "phone", "name", "stage", "source", "intent", "service",
                                       "estimated_value", "priority", "created_at")}
