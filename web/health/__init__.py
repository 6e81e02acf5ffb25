"""The health page: is every part of the appliance working, and if not, what to do."""

from __future__ import annotations

import platform
import shutil
import sqlite3
from datetime import datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import sqlite_utils
from flask import Blueprint, abort, flash, g, redirect, render_template, url_for

from appliance.clock import iso, parse_iso
from appliance.store import health, messages
from appliance.store.db import one, transaction
from appliance.store.events import log_event
from web.db import context, get_db, now
from web.health.advice import Facts, ago, evaluate, parse_time

bp = Blueprint("health", __name__, url_prefix="/health", template_folder="templates")


def gather(db: sqlite_utils.Database) -> Facts:
    moment = now()
    counts = one(db, """SELECT
        SUM(status IN ('queued', 'sending')) AS queued,
        MIN(CASE WHEN status = 'queued' THEN created_at END) AS oldest_queued,
        SUM(status = 'unconfirmed') AS unconfirmed,
        MAX(sent_at) AS last_sent
        FROM messages WHERE direction = 'out'""")
    failed = one(db, """SELECT COUNT(DISTINCT message_id) AS n FROM message_events
                        WHERE status = 'failed' AND at >= ?""", [iso(moment - timedelta(days=1))])
    received = one(db, "SELECT MAX(created_at) AS at FROM messages WHERE direction = 'in'")
    disk = shutil.disk_usage(Path(context().config.storage.database).parent)
    return Facts(
        now=moment, reports=health.read_all(db),
        queued=counts["queued"] or 0, oldest_queued_at=_time(counts["oldest_queued"]),
        unconfirmed=counts["unconfirmed"] or 0, failed_last_day=failed["n"],
        last_sent_at=_time(counts["last_sent"]), last_received_at=_time(received["at"]),
        disk_free=disk.free, disk_total=disk.total,
    )


def _time(text: str | None) -> datetime | None:
    return parse_iso(text) if text else None


def versions() -> dict[str, str]:
    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    return {"textback": installed("textback"), "Python": platform.python_version(),
            "SQLite": sqlite3.sqlite_version, "Flask": installed("flask")}


@bp.route("/")
def index():
    db = get_db()
    facts = gather(db)
    unconfirmed = list(db.query(
        "SELECT * FROM messages WHERE direction = 'out' AND status = 'unconfirmed' ORDER BY id"))
    for message in unconfirmed:
        message["history"] = messages.history(db, message["id"])
    return render_template("health/index.html", checks=evaluate(facts), facts=facts,
                           unconfirmed=unconfirmed, versions=versions(), ago=ago, parse_time=parse_time,
                           reports=facts.reports)


@bp.route("/messages/<int:message_id>/mark-sent", methods=["POST"])
def mark_sent(message_id: int):
    return _decide_unconfirmed(message_id, "sent", "marked as sent by {user}", "Marked as sent.")


@bp.route("/messages/<int:message_id>/send-again", methods=["POST"])
def send_again(message_id: int):
    return _decide_unconfirmed(message_id, "queued", "{user} asked to send it again",
                               "Queued to be sent again.")


def _decide_unconfirmed(message_id: int, status: str, detail: str, done: str):
    """A person settles a text the agent could not confirm; only while it is still unconfirmed."""
    db = get_db()
    moment = now()
    with transaction(db):
        message = one(db, "SELECT * FROM messages WHERE id = ? AND direction = 'out'", [message_id])
        if message is None:
            abort(404)
        if message["status"] != "unconfirmed":
            flash(f"That text is now '{message['status']}': nothing was changed.", "error")
            return redirect(url_for("health.index"))
        changes = {"sent_at": message["sent_at"] or iso(moment)} if status == "sent" else {"next_attempt_at": None}
        messages.set_status(db, moment, message_id, status, detail.format(user=g.user.username), **changes)
        log_event(db, moment, f"unconfirmed_{status}", message["phone"], message_id=message_id,
                  user=g.user.username)
    flash(done, "info")
    return redirect(url_for("health.index"))
