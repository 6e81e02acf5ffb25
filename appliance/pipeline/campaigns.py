"""Win-back and maintenance campaigns: "time for your annual tune-up", "still thinking about that quote?".

A daily scan finds who is due (a job of the campaign's service done N days ago, or a lead
lost N days ago) and schedules one text per person per occasion (the dedupe key makes a
second scan, or a restart, harmless). They respect quiet hours and the daily cap.

Marketing texts need consent. The policy:
- a number whose latest consent-ledger entry is an opt-in gets campaigns;
- if the owner sets ``[pipeline] campaigns_to_past_customers = true``, so does a customer whose
  job was completed and who never opted out (no opt-out in the ledger, ever);
- nobody else: a caller who never became a customer, or anyone who opted out and did not opt
  back in. The send re-checks consent at its moment, so a STOP after the scan still wins.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from appliance.clock import iso
from appliance.config import Config
from appliance.pipeline.followups import sms_allowed_at, template_values
from appliance.pipeline.settings import Campaign, campaigns
from appliance.pipeline.task_runner import schedule
from appliance.pipeline.tasks import Deferred, Task
from appliance.store import messages
from appliance.store.db import one
from appliance.templates import render

SCAN_KIND = "campaign_scan"
SEND_KIND = "campaign"
SCAN_AT = time(10, 0)                  # shop's local time
# Who became due in this many days before today is still picked up (the appliance may have been off).
CATCH_UP = timedelta(days=7)


def ensure_scheduled(db: sqlite_utils.Database, config: Config, now: datetime) -> int | None:
    """Schedule the next daily scan, if the shop has campaigns. Call inside a transaction."""
    if not campaigns(config):
        return None
    zone = ZoneInfo(config.business.timezone)
    local = now.astimezone(zone)
    at = datetime.combine(local.date(), SCAN_AT, zone)
    if at <= now:
        at = datetime.combine(local.date() + timedelta(days=1), SCAN_AT, zone)
    return schedule(db, now, SCAN_KIND, at, {}, dedupe_key=f"{SCAN_KIND}:{at.date().isoformat()}")


def due_contacts(db: sqlite_utils.Database, campaign: Campaign, now: datetime) -> list[dict]:
    """(contact_id, phone, anchor, service) of everyone the campaign is due for at ``now``; the anchor is
    the job or lost lead that makes them due, so each occasion is texted once."""
    newest, oldest = iso(now - campaign.after), iso(now - campaign.after - CATCH_UP)
    if campaign.kind == "after_service":
        sql = """SELECT appointments.contact_id, contacts.phone, appointments.id AS anchor, service FROM appointments
                 JOIN contacts ON contacts.id = appointments.contact_id
                 WHERE status = 'done' AND lower(service) = lower(?) AND completed_at > ? AND completed_at <= ?"""
        return list(db.query(sql, [campaign.service, oldest, newest]))
    sql = """SELECT leads.contact_id, contacts.phone, leads.id AS anchor, service FROM leads
             JOIN contacts ON contacts.id = leads.contact_id
             WHERE stage = 'lost' AND leads.updated_at > ? AND leads.updated_at <= ?"""
    return list(db.query(sql, [oldest, newest]))


def scan(db: sqlite_utils.Database, config: Config, task: Task, now: datetime) -> None:
    for campaign in campaigns(config):
        for target in due_contacts(db, campaign, now):
            schedule(db, now, SEND_KIND, now, {"campaign": campaign.name, "phone": target["phone"],
                                               "contact_id": target["contact_id"], "service": target["service"]},
                     dedupe_key=f"{SEND_KIND}:{campaign.name}:{target['contact_id']}:{target['anchor']}",
                     subject=f"contact:{target['contact_id']}")
    ensure_scheduled(db, config, now + timedelta(minutes=1))


def has_consent(db: sqlite_utils.Database, config: Config, phone: str) -> bool:
    """May ``phone`` get a campaign? The policy in this module's docstring."""
    latest = one(db, "SELECT action FROM consent WHERE phone = ? ORDER BY id DESC LIMIT 1", [phone])
    if latest is not None and latest["action"] == "opt_in":
        return True
    if not config.pipeline.campaigns_to_past_customers:
        return False
    ever_opted_out = one(db, "SELECT 1 AS x FROM consent WHERE phone = ? AND action = 'opt_out'", [phone])
    return ever_opted_out is None and _completed_a_job(db, phone)


def _completed_a_job(db: sqlite_utils.Database, phone: str) -> bool:
    return one(db, "SELECT 1 AS x FROM appointments JOIN contacts ON contacts.id = appointments.contact_id "
                   "WHERE contacts.phone = ? AND appointments.status = 'done' "
                   "UNION SELECT 1 FROM leads JOIN contacts ON contacts.id = leads.contact_id "
                   "WHERE contacts.phone = ? AND leads.stage IN ('completed', 'reviewed')", [phone, phone]) is not None


def send(db: sqlite_utils.Database, config: Config, task: Task, now: datetime) -> Deferred | None:
    campaign = next((c for c in campaigns(config) if c.name == task.payload["campaign"]), None)
    phone = task.payload["phone"]
    if campaign is None or not has_consent(db, config, phone):
        return None
    allowed = sms_allowed_at(db, config, phone, now)
    if allowed > now:
        return Deferred(allowed, "quiet hours or daily limit in the customer's time zone")
    contact = one(db, "SELECT id, name FROM contacts WHERE id = ?", [task.payload["contact_id"]])
    body = render(campaign.template, **template_values(config, {"name": contact["name"],
                                                               "service": task.payload["service"]}))
    messages.enqueue(db, now, phone=phone, body=body, kind=SEND_KIND, priority=messages.PRIORITY_FOLLOWUP,
                     contact_id=contact["id"])
    return None
