"""The board: leads in one column per stage, narrowed by filters and search.

Reading the filters from the page's query string is pure (``parse_filter``); ``board`` runs one
query over the database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from appliance.brain.lead import INTENTS
from appliance.clock import iso
from appliance.pipeline.crm import SOURCES
from appliance.pipeline.stages import STAGES, StageError, check_transition
from web.pipeline import search

# A column shows this many cards; the count above it is always the whole number.
CARDS_PER_COLUMN = 50
# The query-string names the board reads (parse_filter).
FILTER_NAMES = ("q", "stage", "intent", "emergency", "source", "since", "until")


@dataclass(frozen=True)
class LeadFilter:
    stage: str | None = None
    intent: str | None = None
    emergency: bool | None = None        # True: only emergencies; False: none; None: either
    source: str | None = None
    since: date | None = None            # created on or after this day, in the shop's time zone
    until: date | None = None            # created on or before this day
    query: str = ""


def parse_filter(args: Mapping[str, str]) -> tuple[LeadFilter, list[str]]:
    """The filters a page asked for, and a plain sentence for each one that makes no sense (it is ignored)."""
    errors: list[str] = []

    def choice(name: str, allowed: tuple[str, ...]) -> str | None:
        value = args.get(name, "").strip()
        if value and value not in allowed:
            errors.append(f"{value!r} is not a {name}; choose one of {', '.join(allowed)}.")
            return None
        return value or None

    def day(name: str, label: str) -> date | None:
        value = args.get(name, "").strip()
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            errors.append(f"The {label} date {value!r} is not a date like 2026-11-26.")
            return None

    emergency = {"yes": True, "no": False}.get(choice("emergency", ("yes", "no")) or "")
    found = LeadFilter(stage=choice("stage", STAGES), intent=choice("intent", INTENTS), emergency=emergency,
                       source=choice("source", SOURCES), since=day("since", "from"), until=day("until", "to"),
                       query=args.get("q", "").strip())
    if found.since and found.until and found.since > found.until:
        errors.append("The from date is after the to date, so nothing could match.")
    return found, errors


def next_stages(current: str) -> list[str]:
    """Where a lead in ``current`` may go, as stages.check_transition decides (lost also needs a reason)."""
    allowed = []
    for stage in STAGES:
        try:
            check_transition(current, stage, reason="any")
        except StageError:
            continue
        allowed.append(stage)
    return allowed


@dataclass
class Column:
    stage: str
    count: int = 0
    value: int = 0                       # the estimated value of every lead in the column, USD
    leads: list[dict] = field(default_factory=list)


_BOARD_SQL = """
SELECT * FROM (
    SELECT leads.id, leads.stage, leads.intent, leads.service, leads.priority, leads.emergency,
           leads.emergency_resolved_at, leads.estimated_value, leads.source, leads.lost_reason, leads.created_at,
           leads.updated_at, contacts.phone, contacts.name,
           ROW_NUMBER() OVER (PARTITION BY leads.stage ORDER BY
               leads.emergency AND leads.emergency_resolved_at IS NULL DESC,
               CASE leads.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 ELSE 2 END,
               leads.updated_at DESC) AS place,
           COUNT(*) OVER (PARTITION BY leads.stage) AS stage_count,
           SUM(COALESCE(leads.estimated_value, 0)) OVER (PARTITION BY leads.stage) AS stage_value
    FROM leads JOIN contacts ON contacts.id = leads.contact_id
    WHERE {where}
) WHERE place <= ? ORDER BY place
"""


def board(db: sqlite_utils.Database, wanted: LeadFilter, terms: list[str], timezone: str) -> list[Column]:
    """One column per stage (only the asked-for stage, if one is), most pressing lead first."""
    where, params = _where(wanted, terms, timezone)
    columns = {stage: Column(stage) for stage in STAGES if wanted.stage in (None, stage)}
    for row in db.query(_BOARD_SQL.format(where=where), [*params, CARDS_PER_COLUMN]):
        column = columns[row["stage"]]
        column.count, column.value = row["stage_count"], row["stage_value"]
        column.leads.append(row)
    return list(columns.values())


def _where(wanted: LeadFilter, terms: list[str], timezone: str) -> tuple[str, list]:
    clauses, params = ["1"], []
    for column, value in (("stage", wanted.stage), ("intent", wanted.intent), ("source", wanted.source)):
        if value is not None:
            clauses.append(f"leads.{column} = ?")
            params.append(value)
    if wanted.emergency is not None:
        clauses.append("leads.emergency = ?")
        params.append(int(wanted.emergency))
    if wanted.since:
        clauses.append("leads.created_at >= ?")
        params.append(_start_of(wanted.since, timezone))
    if wanted.until:
        clauses.append("leads.created_at < ?")
        params.append(_start_of(wanted.until + timedelta(days=1), timezone))
    if terms:
        sql, values = search.where_clause(terms)
        clauses.append(sql)
        params += values
    return " AND ".join(clauses), params


def _start_of(day: date, timezone: str) -> str:
    """Midnight of ``day`` in the shop's time zone, as the UTC text the database compares with."""
    return iso(datetime.combine(day, time(), ZoneInfo(timezone)))
