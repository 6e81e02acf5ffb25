"""The dashboard: what happened to the calls today, this week and this month."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils
from flask import Blueprint, render_template

from appliance.clock import iso, parse_iso
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
    summaries = [(name, stats.summarize(facts, since)) for name, since in spans]
    by_hour = charts.bar_chart("Missed calls by hour of day (last 30 days)",
                               [f"{hour}" for hour in range(24)], stats.missed_by_hour(month, timezone))
    by_day = charts.bar_chart("Missed calls by day of week (last 30 days)",
                              list(stats.WEEKDAYS), stats.missed_by_weekday(month, timezone))
    return render_template("dashboard/index.html", summaries=summaries, charts=[by_hour, by_day],
                           readable_seconds=stats.readable_seconds)
