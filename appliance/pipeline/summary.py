"""The owner's daily email: yesterday's calls, texts, leads, bookings and the revenue at stake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from appliance.clock import iso
from appliance.config import Config
from appliance.mail.outbox import enqueue_email
from appliance.pipeline.task_runner import schedule
from appliance.pipeline.tasks import Task

KIND = "daily_summary"


@dataclass(frozen=True)
class DaySummary:
    day: str
    missed_calls: int
    texts_in: int
    texts_out: int
    new_leads: int
    bookings: int
    revenue_at_stake: int          # estimated value of yesterday's leads that are still open


def ensure_scheduled(db: sqlite_utils.Database, config: Config, now: datetime) -> int | None:
    """Schedule the next summary, if there is someone to send it to. Call inside a transaction."""
    if not (config.mail.host and config.pipeline.owner_email):
        return None
    zone = ZoneInfo(config.business.timezone)
    local = now.astimezone(zone)
    at = datetime.combine(local.date(), time(config.mail.daily_summary_hour), zone)
    if at <= now:
        at = datetime.combine(local.date() + timedelta(days=1), time(config.mail.daily_summary_hour), zone)
    return schedule(db, now, KIND, at, {}, dedupe_key=f"{KIND}:{at.date().isoformat()}")


def collect(db: sqlite_utils.Database, timezone: str, now: datetime) -> DaySummary:
    zone = ZoneInfo(timezone)
    yesterday = now.astimezone(zone).date() - timedelta(days=1)
    start = iso(datetime.combine(yesterday, time(0), zone))
    end = iso(datetime.combine(yesterday + timedelta(days=1), time(0), zone))

    def count(sql: str) -> int:
        return db.execute(sql, [start, end]).fetchone()[0] or 0

    return DaySummary(
        day=yesterday.strftime("%A %B %-d"),
        missed_calls=count("SELECT COUNT(*) FROM calls WHERE missed = 1 AND detected_at >= ? AND detected_at < ?"),
        texts_in=count("SELECT COUNT(*) FROM messages WHERE direction = 'in' AND created_at >= ? AND created_at < ?"),
        texts_out=count("SELECT COUNT(*) FROM messages WHERE direction = 'out' AND status IN ('sent', 'delivered') "
                        "AND created_at >= ? AND created_at < ?"),
        new_leads=count("SELECT COUNT(*) FROM leads WHERE created_at >= ? AND created_at < ?"),
        bookings=count("SELECT COUNT(*) FROM appointments WHERE created_at >= ? AND created_at < ?"),
        revenue_at_stake=count("SELECT SUM(estimated_value) FROM leads WHERE created_at >= ? AND created_at < ? "
                               "AND stage IN ('new', 'contacted', 'qualified')"),
    )


def render_summary(business: str, summary: DaySummary) -> tuple[str, str]:
    subject = f"{business}: {summary.day}: {summary.missed_calls} missed calls, {summary.bookings} booked"
    body = "\n".join([
        f"Yesterday ({summary.day}) at {business}:",
        f"  Missed calls:      {summary.missed_calls}",
        f"  Texts received:    {summary.texts_in}",
        f"  Texts sent:        {summary.texts_out}",
        f"  New leads:         {summary.new_leads}",
        f"  Jobs booked:       {summary.bookings}",
        f"  Revenue at stake:  ${summary.revenue_at_stake:,} (estimated value of yesterday's leads not yet booked)",
    ])
    return subject, body


def run(db: sqlite_utils.Database, config: Config, task: Task, now: datetime) -> None:
    subject, body = render_summary(config.business.name, collect(db, config.business.timezone, now))
    enqueue_email(db, now, recipient=config.pipeline.owner_email, subject=subject, body=body, kind=KIND)
    ensure_scheduled(db, config, now + timedelta(minutes=1))
