"""Follow-up sequences: when a lead enters a stage, chase it step by step until something stops it.

Each step is one durable task. Its handler sends the step (through the SMS outbox or the
email outbox) and schedules the next step in the same transaction, so across restarts a
step is never lost or sent twice, and steps keep their order and spacing. A step whose
moment falls in the person's quiet hours, or past today's cap, is deferred (the task moves),
not dropped. A reply, a booking, an opt-out or a person taking over stops the sequence.
"""

from __future__ import annotations

from collections.abc import Sequence as Seq
from datetime import datetime

import sqlite_utils

from appliance.clock import iso, parse_iso
from appliance.config import Config
from appliance.mail.outbox import enqueue_email
from appliance.phone import pretty
from appliance.pipeline import crm
from appliance.pipeline.quiet_hours import earliest_send, local_day_bounds, locate
from appliance.pipeline.settings import Sequence, quiet_rules, sequences
from appliance.pipeline.task_runner import cancel_tasks, schedule
from appliance.pipeline.tasks import Deferred, Task
from appliance.store import consent, messages
from appliance.store.db import one
from appliance.templates import render

KIND = "followup"
# Texts the shop starts on its own: these count toward the daily cap and respect quiet hours.
AUTOMATED_KINDS = ("followup", "review", "campaign", "reminder")


def pick_sequence(available: Seq[Sequence], stage: str, intent: str | None) -> Sequence | None:
    """The sequence for this stage that names the lead's intent, else the one for any intent."""
    for_stage = [s for s in available if s.stage == stage]
    return next((s for s in for_stage if intent in s.intents), None) or \
        next((s for s in for_stage if not s.intents), None)


def start_sequence(db: sqlite_utils.Database, config: Config, now: datetime, lead_id: int, run: int) -> int | None:
    """Schedule the first step of the sequence for the lead's current stage; ``run`` names this entry
    into the stage (the stage change's timeline id), so re-entering a stage starts a fresh run."""
    lead = crm.get_lead(db, lead_id)
    sequence = pick_sequence(sequences(config), lead["stage"], lead["intent"])
    if sequence is None:
        return None
    crm.note(db, now, lead_id, "sequence", "system", f"follow-up sequence started: {sequence.name}")
    return _schedule_step(db, now, lead_id, lead["stage"], sequence.name, run, 0, sequence, started_at=now)


def stop_sequences(db: sqlite_utils.Database, now: datetime, lead_id: int, reason: str) -> int:
    stopped = cancel_tasks(db, now, subject_for(lead_id), (KIND,), reason)
    if stopped:
        crm.note(db, now, lead_id, "sequence", "system", f"follow-ups stopped: {reason}")
    return stopped


def subject_for(lead_id: int) -> str:
    return f"lead:{lead_id}"


def make_handler(config: Config):
    def followup_step(db: sqlite_utils.Database, task: Task, now: datetime) -> Deferred | None:
        return run_step(db, config, task, now)
    return followup_step


def run_step(db: sqlite_utils.Database, config: Config, task: Task, now: datetime) -> Deferred | None:
    p = task.payload
    lead = crm.get_lead(db, p["lead_id"])
    sequence = next((s for s in sequences(config) if s.name == p["sequence"]), None)
    reason = stop_reason(db, lead, p["stage"], parse_iso(p["started_at"])) or _edited_away(sequence, p["step"])
    if reason:
        crm.note(db, now, lead["id"], "sequence", "system", f"follow-ups stopped: {reason}")
        return None
    step = sequence.steps[p["step"]]
    if step.channel == "sms":
        at = sms_allowed_at(db, config, lead["phone"], now)
        if at > now:
            return Deferred(at, "quiet hours or daily limit in the customer's time zone")
    _send(db, config, now, lead, step.channel, step.template, step.subject)
    if p["step"] + 1 < len(sequence.steps):
        _schedule_step(db, now, lead["id"], p["stage"], sequence.name, p["run"], p["step"] + 1, sequence,
                       started_at=parse_iso(p["started_at"]))
    return None


def _edited_away(sequence: Sequence | None, step: int) -> str | None:
    """The owner removed the sequence, or the step this run was waiting for, on the Settings page."""
    if sequence is None:
        return "its sequence is no longer configured"
    if step >= len(sequence.steps):
        return "its next step was removed from the sequence"
    return None


def stop_reason(db: sqlite_utils.Database, lead: dict, stage: str, started_at: datetime) -> str | None:
    """Why this sequence must not go on, or None."""
    if lead["stage"] != stage:
        return f"the lead moved on to {lead['stage']}"
    if consent.is_opted_out(db, lead["phone"]):
        return "the customer opted out"
    if _bot_paused(db, lead["phone"]):
        return "a person took over the conversation"
    if one(db, "SELECT 1 AS x FROM messages WHERE phone = ? AND direction = 'in' AND created_at > ?",
           [lead["phone"], iso(started_at)]):
        return "the customer replied"
    return None


def sms_allowed_at(db: sqlite_utils.Database, config: Config, phone: str, now: datetime) -> datetime:
    """When an automated text to ``phone`` may go: now, or the next moment quiet hours and the cap allow."""
    recipient = locate(phone)
    day_start, day_end = local_day_bounds(recipient.zones[0], now)
    marks = ", ".join("?" for _ in AUTOMATED_KINDS)
    sent_today = one(db, f"""SELECT COUNT(*) AS n FROM messages WHERE phone = ? AND direction = 'out'
                             AND kind IN ({marks}) AND status != 'cancelled' AND created_at >= ? AND created_at < ?""",
                     [phone, *AUTOMATED_KINDS, iso(day_start), iso(day_end)])["n"]
    return earliest_send(recipient, quiet_rules(config), now, sent_today)


def template_values(config: Config, lead: dict) -> dict[str, str]:
    return {"business": config.business.name, "name": lead.get("name") or "there",
            "service": (lead.get("service") or "job").lower(), "phone": pretty(config.business.phone),
            "link": config.pipeline.review_link}


def _send(db: sqlite_utils.Database, config: Config, now: datetime, lead: dict, channel: str,
          template: str, subject: str) -> None:
    body = render(template, **template_values(config, lead))
    if channel == "sms":
        messages.enqueue(db, now, phone=lead["phone"], body=body, kind=KIND,
                         priority=messages.PRIORITY_FOLLOWUP, contact_id=lead["contact_id"])
        crm.note(db, now, lead["id"], "followup", "system", f"follow-up text queued: {body}")
    elif lead.get("email"):
        enqueue_email(db, now, recipient=lead["email"], subject=render(subject, **template_values(config, lead)),
                      body=body, kind=KIND, lead_id=lead["id"])
        crm.note(db, now, lead["id"], "followup", "system", f"follow-up email queued to {lead['email']}")
    else:
        crm.note(db, now, lead["id"], "followup", "system", "email step skipped: no email address on file")


def _schedule_step(db: sqlite_utils.Database, now: datetime, lead_id: int, stage: str, name: str, run: int,
                   step: int, sequence: Sequence, started_at: datetime) -> int | None:
    payload = {"lead_id": lead_id, "stage": stage, "sequence": name, "run": run, "step": step,
               "started_at": iso(started_at)}
    return schedule(db, now, KIND, now + sequence.steps[step].delay, payload,
                    dedupe_key=f"{KIND}:{lead_id}:{run}:{step}", subject=subject_for(lead_id))


def _bot_paused(db: sqlite_utils.Database, phone: str) -> bool:
    row = one(db, "SELECT bot_paused FROM conversation_controls WHERE phone = ?", [phone])
    return bool(row and row["bot_paused"])
