"""The dashboard: what happened to the calls and the leads today, this week and this month, what
that is worth, and when calls are missed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils
from flask import Blueprint, render_template

from appliance.clock import iso, parse_iso
from appliance.pipeline.settings import price_list
from web.dashboard import charts, stats
from web.db import context, get_db, now

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard", template_folder="templates")


def call_facts(db: sqlite_utils.Database, since: datetime) -> list[stats.CallFact]:
    rows = db.query("""
        SELECT c.detected_at, c.missed, m.sent_at AS texted_at,
               EXISTS (SELECT 1 FROM messages i WHERE i.phone = c.phone AND i.direction = 'in'
                       AND i.created_at >= c.detected_at) AS replied
        FROM calls c LEFT JOIN messages m ON m.id = c.textback_message_id
        WHERE c.detected_at >= ?""", [iso(since)])
    return [stats.CallFact(detected_at=parse_iso(row["detected_at"]), missed=bool(row["missed"]),
                           texted_at=parse_iso(row["texted_at"]) if row["texted_at"] else None,
                           replied=bool(row["replied"])) for row in rows]


def lead_steps(db: sqlite_utils.Database, since: datetime) -> list[stats.LeadStep]:
    """Stage changes into the funnel's stages, and review requests sent, from the leads' timelines."""
    rows = db.query("""
        SELECT t.at, t.lead_id, CASE WHEN t.kind = 'stage' THEN json_extract(t.detail, '$.new')
                                     ELSE 'review_requested' END AS step, l.estimated_value
        FROM lead_timeline t JOIN leads l ON l.id = t.lead_id
        WHERE t.at >= ? AND ((t.kind = 'stage' AND json_extract(t.detail, '$.new') IN ('qualified', 'booked',
                                                                                      'completed'))
                             OR (t.kind = 'review' AND t.summary = 'review request sent'))""", [iso(since)])
    return [stats.LeadStep(at=parse_iso(row["at"]), lead_id=row["lead_id"], step=row["step"],
                           value=row["estimated_value"]) for row in rows]


def windows(moment: datetime, timezone: str) -> list[tuple[str, datetime]]:
    local = moment.astimezone(ZoneInfo(timezone))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return [("Today", midnight), ("7 days", moment - timedelta(days=7)), ("30 days", moment - timedelta(days=30))]


@bp.route("/")
def index():
    moment = now()
    timezone = context().config.business.timezone
    spans = windows(moment, timezone)
    facts = call_facts(get_db(), min(since for _, since in spans))
    month = [fact for fact in facts if fact.detected_at >= spans[-1][1]]
    steps = lead_steps(get_db(), spans[-1][1])
    summaries = [(name, stats.summarize(facts, since), stats.summarize_leads(steps, since)) for name, since in spans]
    _, month_calls, month_leads = summaries[-1]
    seed = stats.seed_math(month_calls.missed, month_leads,
                           [(service.low + service.high) / 2 for service in price_list(context().config)])
    by_hour = charts.bar_chart("Missed calls by hour of day (last 30 days)",
                               [f"{hour}" for hour in range(24)], stats.missed_by_hour(month, timezone))
    by_day = charts.bar_chart("Missed calls by day of week (last 30 days)",
                              list(stats.WEEKDAYS), stats.missed_by_weekday(month, timezone))
    return render_template("dashboard/index.html", summaries=summaries, charts=[by_hour, by_day], seed=seed,
                           readable_seconds=stats.readable_seconds)
