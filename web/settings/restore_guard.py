"""Whether the agent is running right now, judged the way `textback restore` judges it: the agent
publishes its health rows every few seconds while it runs. Pure."""

from __future__ import annotations

from datetime import datetime, timedelta

from appliance.clock import parse_iso

ACTIVE_WITHIN = timedelta(seconds=30)


def agent_active(reports: dict[str, dict], now: datetime) -> bool:
    stamps = [parse_iso(report["updated_at"]) for report in reports.values() if report.get("updated_at")]
    return bool(stamps) and now - max(stamps) < ACTIVE_WITHIN
