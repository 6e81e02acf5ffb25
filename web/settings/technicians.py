"""The technicians the calendar books: name, cell (for DONE/OMW texts) and working hours."""

from __future__ import annotations

import sqlite3

from flask import flash, g, redirect, request, url_for

from appliance.phone import normalise
from appliance.pipeline.booking import add_technician
from appliance.pipeline.hours import HoursError, parse_hours
from appliance.store.db import one, transaction
from appliance.store.events import log_event
from web.db import context, get_db, now
from web.settings import bp


class TechnicianError(ValueError):
    """A technician's details that cannot be saved, in plain words."""


def technicians() -> list[dict]:
    return list(get_db().query("SELECT * FROM technicians ORDER BY active DESC, name"))


def _details(form) -> dict:
    """Name, cell and hours from the form, checked; raises TechnicianError."""
    name = form.get("name", "").strip()
    if not name or len(name) > 60:
        raise TechnicianError("a technician needs a name of up to 60 characters")
    hours = form.get("hours", "").strip()
    try:
        parse_hours(hours)
    except HoursError as exc:
        raise TechnicianError(f"working hours: {exc}") from exc
    cell = form.get("phone", "").strip()
    phone = normalise(cell, context().config.business.region) if cell else None
    if cell and phone is None:
        raise TechnicianError(f"{cell!r} is not a phone number")
    return {"name": name, "hours": hours, "phone": phone}


def _saved(write, failure: str):
    """Check the form, run ``write(db, details)`` in a transaction, and say what happened."""
    db = get_db()
    try:
        details = _details(request.form)
        with transaction(db):
            message = write(db, details)
    except TechnicianError as exc:
        flash(f"{failure}: {exc}.", "error")
    except sqlite3.IntegrityError:
        flash(f"{failure}: there is already a technician called {request.form.get('name', '').strip()}.", "error")
    else:
        flash(message, "info")
    return redirect(url_for("settings.index") + "#technicians")


@bp.route("/technicians", methods=["POST"])
def add_technician_route():
    def write(db, details: dict) -> str:
        add_technician(db, details["name"], details["hours"], details["phone"])
        log_event(db, now(), "technician_added", details["name"], user=g.user.username)
        return f"Added {details['name']}."

    return _saved(write, "Not added")


@bp.route("/technicians/save", methods=["POST"])
def save_technician():
    tech = one(get_db(), "SELECT * FROM technicians WHERE id = ?", [request.form.get("technician_id", "")])
    if tech is None:
        flash("Not saved: no such technician.", "error")
        return redirect(url_for("settings.index") + "#technicians")
    active = 1 if request.form.get("active") == "yes" else 0

    def write(db, details: dict) -> str:
        db.execute("UPDATE technicians SET name = ?, hours = ?, phone = ?, active = ? WHERE id = ?",
                   [details["name"], details["hours"], details["phone"], active, tech["id"]])
        log_event(db, now(), "technician_changed", details["name"], user=g.user.username, active=bool(active))
        return f"Saved {details['name']}." + ("" if active else " Not bookable while inactive; booked jobs stay.")

    return _saved(write, "Not saved")
