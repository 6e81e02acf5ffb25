"""First run: the owner account, the business profile, a test of the modem and the phone line, and
a plain verdict on whether everything works."""

from __future__ import annotations

import hmac
import tomllib
from importlib import resources

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for

from appliance.phone import normalise, pretty
from appliance.pipeline.hours import HoursError, parse_hours
from appliance.pipeline.task_runner import schedule
from appliance.store import messages
from appliance.store.db import one, transaction
from appliance.store.events import log_event
from appliance.store import settings as settings_store
from web.auth import passwords, sessions, users
from web.db import context, get_db, now
from web.health import gather
from web.health.advice import evaluate, problems

bp = Blueprint("setup", __name__, url_prefix="/setup", template_folder="templates")

TEST_TEXT = "{business}: this is a test text from your textback appliance. If you can read it, texting works."


def trades() -> list[str]:
    catalogue = resources.files("appliance.brain").joinpath("data/trades.toml").read_text()
    return sorted(tomllib.loads(catalogue))


@bp.before_request
def owners_only():
    if request.endpoint != "setup.owner" and (g.user is None or not g.user.is_owner):
        abort(403)


@bp.route("/", methods=["GET", "POST"])
def owner():
    """The first owner account. Only while there is none, and only with the code `textback web` printed."""
    db = get_db()
    if users.has_owner(db):
        return redirect(url_for("setup.business"))
    if request.method == "GET":
        return render_template("setup/owner.html", code=request.args.get("code", ""),
                               min_password=passwords.MIN_LENGTH, form={})
    form = request.form
    refusal = _owner_form_refusal(form)
    if refusal is None:
        cell_phone = normalise(form.get("cell_phone", ""), context().config.business.region)
        try:
            with transaction(db):
                if users.has_owner(db):          # someone else finished first
                    return redirect(url_for("auth.login"))
                user = users.create(db, now(), username=form.get("username", ""),
                                    password=form.get("password", ""), role="owner", cell_phone=cell_phone)
                token = sessions.start(db, now(), user.id, request.remote_addr)
                log_event(db, now(), "owner_created", user.username, remote=request.remote_addr)
        except (users.UserError, passwords.PasswordRejected) as exc:
            refusal = str(exc)
    if refusal is not None:
        flash(f"Not created: {refusal}.", "error")
        typed = {"username": form.get("username", ""), "cell_phone": form.get("cell_phone", "")}
        return render_template("setup/owner.html", code=form.get("code", ""), min_password=passwords.MIN_LENGTH,
                               form=typed), 400
    session.clear()
    session["sid"] = token
    return redirect(url_for("setup.business"))


def _owner_form_refusal(form) -> str | None:
    if not hmac.compare_digest(form.get("code", "").strip().encode(), context().setup_code.encode()):
        return "the setup code is wrong (it is printed where `textback web` was started)"
    if form.get("password", "") != form.get("password_again", ""):
        return "the two passwords differ"
    if normalise(form.get("cell_phone", ""), context().config.business.region) is None:
        return "the cell phone number is not a phone number (the test text goes there)"
    return None


def current_business() -> dict:
    business = context().config.business
    defaults = {"name": business.name, "trade": business.trade, "hours": business.hours, "service_area": ""}
    return {**defaults, **settings_store.get(get_db(), "business", {})}


@bp.route("/business", methods=["GET", "POST"])
def business():
    if request.method == "GET":
        return render_template("setup/business.html", business=current_business(), trades=trades())
    profile = {key: request.form.get(key, "").strip() for key in ("name", "trade", "hours", "service_area")}
    refusal = _business_refusal(profile)
    if refusal:
        flash(f"Not saved: {refusal}.", "error")
        return render_template("setup/business.html", business=profile, trades=trades()), 400
    db = get_db()
    with transaction(db):
        settings_store.put(db, now(), "business", profile, g.user.username)
        log_event(db, now(), "setting_changed", "business", user=g.user.username)
    flash("Business profile saved.", "info")
    return redirect(url_for("setup.hardware"))


def _business_refusal(profile: dict) -> str | None:
    if not profile["name"]:
        return "the business name is empty; every text introduces the shop by it"
    if profile["trade"] not in trades():
        return f"pick a trade from the list ({', '.join(trades())})"
    try:
        parse_hours(profile["hours"])
    except HoursError as exc:
        return f"opening hours: {exc}"
    return None


@bp.route("/hardware")
def hardware():
    db = get_db()
    cell = g.user.cell_phone
    return render_template("setup/hardware.html", cell=cell, pretty_cell=pretty(cell) if cell else None,
                           test_text=_latest_test_text(db, cell), test_call=_latest_test_call(db, cell))


def _latest_test_text(db, cell: str | None) -> dict | None:
    if not cell:
        return None
    message = one(db, "SELECT * FROM messages WHERE phone = ? AND kind = 'test' ORDER BY id DESC LIMIT 1", [cell])
    if message:
        message["history"] = messages.history(db, message["id"])
    return message


def _latest_test_call(db, cell: str | None) -> dict | None:
    """The last test call asked for, the call the PBX saw from the owner's cell since, and its text-back."""
    if not cell:
        return None
    task = one(db, "SELECT * FROM tasks WHERE kind = 'test_call' AND subject = ? "
                   "ORDER BY id DESC LIMIT 1", [cell])
    if task is None:
        return None
    call = one(db, "SELECT * FROM calls WHERE phone = ? AND detected_at >= ? ORDER BY id LIMIT 1",
               [cell, task["created_at"]])
    textback = one(db, "SELECT * FROM messages WHERE id = ?", [call["textback_message_id"]]) \
        if call and call["textback_message_id"] else None
    return {"task": task, "call": call, "textback": textback}


@bp.route("/test-text", methods=["POST"])
def test_text():
    cell = _cell_or_back()
    db = get_db()
    body = TEST_TEXT.format(business=current_business()["name"])
    with transaction(db):
        message_id = messages.enqueue(db, now(), phone=cell, body=body, kind="test",
                                      priority=messages.PRIORITY_REPLY)
        log_event(db, now(), "test_text_requested", cell, message_id=message_id, user=g.user.username)
    flash(f"Test text queued to {pretty(cell)}. It should arrive within a minute.", "info")
    return redirect(url_for("setup.hardware"))


@bp.route("/test-call", methods=["POST"])
def test_call():
    cell = _cell_or_back()
    db = get_db()
    moment = now()
    with transaction(db):
        task_id = schedule(db, moment, "test_call", moment, {"number": cell, "requested_by": g.user.username},
                           subject=cell)
        log_event(db, moment, "test_call_requested", cell, task_id=task_id, user=g.user.username)
    flash(f"Asked the agent to place a call from {pretty(cell)} that rings out unanswered; "
          "the text-back should reach your cell within a minute.", "info")
    return redirect(url_for("setup.hardware"))


def _cell_or_back() -> str:
    if not g.user.cell_phone:
        abort(400, "your account has no cell phone number")
    return g.user.cell_phone


@bp.route("/summary")
def summary():
    checks = evaluate(gather(get_db()))
    return render_template("setup/summary.html", checks=checks, failing=problems(checks))
