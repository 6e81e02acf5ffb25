"""What the health page says: each fact the agent reported, judged, with advice in plain words. Pure.

The agent publishes rows ("asterisk", "modem", "outbox") every few seconds; the web reads them.
A row that is missing or old means the agent is not running or is stuck, and that is said
plainly instead of showing the last good reading as if it were current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

STALE_AFTER = timedelta(minutes=5)
QUEUE_STUCK_AFTER = timedelta(minutes=10)
WEAK_SIGNAL_CSQ = 10           # below this (about -93 dBm) texts start to fail
SIM_NEARLY_FULL = 0.8
DISK_LOW_BYTES = 1 << 30
DISK_CRITICAL_BYTES = 200 << 20

OK, WARNING, PROBLEM = "ok", "warning", "problem"


@dataclass(frozen=True)
class Check:
    name: str
    state: str          # ok, warning, problem
    summary: str        # what we see
    advice: str         # what to do about it, or why nothing needs doing


@dataclass(frozen=True)
class Facts:
    """What the I/O side gathered for one look at the health page."""

    now: datetime
    reports: dict[str, dict[str, Any]]     # key -> {"value": ..., "updated_at": iso}
    queued: int
    oldest_queued_at: datetime | None
    unconfirmed: int
    failed_last_day: int
    last_sent_at: datetime | None
    last_received_at: datetime | None
    disk_free: int
    disk_total: int


def evaluate(facts: Facts) -> list[Check]:
    return [_agent(facts), _asterisk(facts), _modem(facts), _outbox(facts), _traffic(facts), _disk(facts)]


def problems(checks: list[Check]) -> list[Check]:
    return [check for check in checks if check.state != OK]


def ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = int((now - moment).total_seconds())
    if seconds < 90:
        return f"{max(seconds, 0)} s ago"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    if seconds < 48 * 3600:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def parse_time(text: str) -> datetime:
    """A time as the agent wrote it: our own ISO form with Z, or str() of an aware datetime."""
    return datetime.fromisoformat(text)


def _age(facts: Facts, key: str) -> timedelta | None:
    report = facts.reports.get(key)
    return facts.now - parse_time(report["updated_at"]) if report else None


def _agent(facts: Facts) -> Check:
    ages = [age for age in (_age(facts, key) for key in facts.reports) if age is not None]
    if not ages:
        return Check("Agent", PROBLEM, "The agent has never reported.",
                     "Start it with 'sudo systemctl start textback-agent' (or 'textback run'), then reload this page.")
    newest = min(ages)
    if newest > STALE_AFTER:
        minutes = int(newest.total_seconds() // 60)
        return Check("Agent", PROBLEM, f"The agent has not reported for {minutes} minutes: is it running?",
                     "Check 'sudo systemctl status textback-agent' and its log ('journalctl -u textback-agent'). "
                     "Nothing written here is lost: it is done when the agent is back.")
    return Check("Agent", OK, "Running and reporting.", "Nothing to do.")


def _stale(facts: Facts, key: str, name: str) -> Check | None:
    age = _age(facts, key)
    if age is None:
        return Check(name, WARNING, "No report yet.",
                     "The agent reports this a few seconds after it starts; if it stays missing, "
                     "check the agent's log.")
    if age > STALE_AFTER:
        return Check(name, PROBLEM, f"Last report {int(age.total_seconds() // 60)} minutes ago: "
                     "what it said then may no longer be true.",
                     "The agent has not reported for a while: is it running?")
    return None


def _asterisk(facts: Facts) -> Check:
    name = "Phone system (Asterisk)"
    stale = _stale(facts, "asterisk", name)
    if stale:
        return stale
    value = facts.reports["asterisk"]["value"]
    last_event = value.get("last_event_at")
    seen = ago(parse_time(last_event), facts.now) if last_event else "none yet"
    if not value.get("connected"):
        error = value.get("detail") or "not connected"
        return Check(name, PROBLEM, f"Not connected: {error}.",
                     "Missed calls are not seen. Check that Asterisk runs, and that [asterisk] host, port, "
                     "username and secret match the AMI user in /etc/asterisk/manager.conf.")
    return Check(name, OK, f"Connected; last event {seen}.", "Nothing to do.")


def _modem(facts: Facts) -> Check:
    name = "Modem"
    stale = _stale(facts, "modem", name)
    if stale:
        return stale
    value = facts.reports["modem"]["value"]
    if value.get("state") != "ok":
        error = value.get("error") or value.get("state", "not working")
        return Check(name, PROBLEM, f"Not working: {error}.",
                     "Texts wait in the queue until it is back. Check the USB cable and that [modem] port "
                     "names the modem (a /dev/serial/by-id/ path); unplug it and plug it back in.")
    described = _describe_modem(value)
    if not value.get("registered"):
        return Check(name, PROBLEM, f"No mobile network. {described}",
                     "Check that the SIM is active and has credit, and that the antenna is attached.")
    csq = value.get("csq")
    if csq is not None and csq < WEAK_SIGNAL_CSQ:
        return Check(name, WARNING, f"Weak signal. {described}",
                     "Move the modem (a USB extension cable helps) towards a window, away from metal.")
    used, total = value.get("storage_used"), value.get("storage_total")
    if used is not None and total and used / total >= SIM_NEARLY_FULL:
        return Check(name, WARNING, f"SIM message storage nearly full. {described}",
                     "Incoming texts are deleted once saved; if this stays full, restart the agent.")
    return Check(name, OK, described, "Nothing to do.")


def _describe_modem(value: dict) -> str:
    parts = []
    if value.get("operator"):
        parts.append(f"Network {value['operator']}" + (" (roaming)" if value.get("roaming") else ""))
    if value.get("csq") is not None:
        dbm = f", {value['rssi_dbm']} dBm" if value.get("rssi_dbm") is not None else ""
        parts.append(f"signal {value['csq']}/31{dbm}")
    if value.get("storage_total"):
        parts.append(f"SIM storage {value.get('storage_used')}/{value['storage_total']}")
    return "; ".join(parts) + "." if parts else ""


def _outbox(facts: Facts) -> Check:
    name = "Text queue"
    summary = f"{facts.queued} waiting to be sent"
    if facts.unconfirmed:
        return Check(name, WARNING, f"{summary}; {facts.unconfirmed} may or may not have gone out.",
                     "The agent stopped while sending these. Look below and choose for each: "
                     "mark it as sent, or send it again.")
    if facts.oldest_queued_at and facts.now - facts.oldest_queued_at > QUEUE_STUCK_AFTER:
        return Check(name, WARNING, f"{summary}; the oldest since {ago(facts.oldest_queued_at, facts.now)}.",
                     "Texts are not going out: check the modem above and the daily limit ([modem] daily_limit).")
    if facts.failed_last_day:
        return Check(name, WARNING, f"{summary}; {facts.failed_last_day} failed in the last 24 hours.",
                     "Open the conversation to see why each failed; a failed text is not retried.")
    return Check(name, OK, f"{summary}.", "Nothing to do.")


def _traffic(facts: Facts) -> Check:
    return Check("Last texts", OK,
                 f"Last sent {ago(facts.last_sent_at, facts.now)}; "
                 f"last received {ago(facts.last_received_at, facts.now)}.",
                 "For information.")


def _disk(facts: Facts) -> Check:
    free_gb = facts.disk_free / (1 << 30)
    summary = f"{free_gb:.1f} GB free of {facts.disk_total / (1 << 30):.1f} GB."
    if facts.disk_free < DISK_CRITICAL_BYTES:
        return Check("Disk", PROBLEM, summary,
                     "Nearly full: new calls and texts may not be saved. Delete old backups or logs now.")
    if facts.disk_free < DISK_LOW_BYTES:
        return Check("Disk", WARNING, summary, "Getting full: delete old backups or logs soon.")
    return Check("Disk", OK, summary, "Nothing to do.")
