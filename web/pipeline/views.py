"""The Pipeline pages: the board with filters and search, one lead in full, and what staff do to a lead.

Every change is written with the pipeline's own functions (flow.change_stage, crm.note) and goes
to the audit log (the events table) with the person who made it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from appliance.brain.lead import INTENTS, URGENCIES
from appliance.effective_config import effective_config
from appliance.pipeline import crm, flow
from appliance.pipeline.crm import SOURCES
from appliance.pipeline.stages import STAGES, StageError
from appliance.store.db import transaction
from appliance.store.events import log_event
from web.db import context, get_db, now
from web.pipeline import board as board_query
from web.pipeline import edits
from web.pipeline.search import SearchError, search_terms

bp = Blueprint("pipeline", __name__, url_prefix="/pipeline", template_folder="templates")

LONGEST_NOTE = 2000
LONGEST_REASON = 200


@bp.app_context_processor
def lead_form_helpers() -> dict:
    """What the move and correction forms need on any page that shows them (the inbox thread too)."""
    return {"next_stages": board_query.next_stages, "correction_values": edits.shown_values,
            "lead_intents": INTENTS, "lead_urgencies": URGENCIES, "lead_is_emergency": edits.is_emergency}


@bp.route("/")
def board():
    config = context().config
    wanted, errors = board_query.parse_filter(request.args)
    try:
        terms = search_terms(wanted.query, config.business.region)
    except SearchError as exc:
        errors.append(str(exc))
        terms = []
    columns = board_query.board(get_db(), wanted, terms, config.business.timezone)
    return render_template("pipeline/board.html", columns=columns, wanted=wanted, errors=errors,
                           stages=STAGES, intents=INTENTS, sources=SOURCES,
                           total=sum(column.count for column in columns))


def _lead_or_404(lead_id: int) -> dict:
    try:
        return crm.get_lead(get_db(), lead_id)
    except LookupError:
        abort(404)


@bp.route("/leads/<int:lead_id>")
def lead(lead_id: int):
    row = _lead_or_404(lead_id)
    fields = edits.lead_fields(row)
    return render_template("pipeline/lead.html", lead=row, fields=fields, shown=edits.shown_values(fields),
                           emergency=edits.is_emergency(row, fields), timeline=crm.timeline(get_db(), lead_id))


def _back(lead: dict):
    """Where the form came from: the board (with its filters), the inbox thread, or the lead's page."""
    back = request.form.get("back")
    if back == "board":
        filters = {key: value for key, value in parse_qsl(request.form.get("board_query", ""))
                   if key in board_query.FILTER_NAMES}
        return redirect(url_for("pipeline.board", **filters))
    if back == "inbox":
        return redirect(url_for("inbox.thread", phone=lead["phone"]))
    return redirect(url_for("pipeline.lead", lead_id=lead["id"]))


@bp.route("/leads/<int:lead_id>/stage", methods=["POST"])
def move(lead_id: int):
    lead = _lead_or_404(lead_id)
    stage = request.form.get("stage", "")
    reason = " ".join(request.form.get("reason", "").split())[:LONGEST_REASON] or None
    db = get_db()
    moment = now()
    try:
        with transaction(db):
            moved = flow.change_stage(db, effective_config(context().config, db), moment, lead_id, stage,
                                      g.user.username, reason if stage == "lost" else None)
            if moved:
                log_event(db, moment, "stage_changed", lead["phone"], lead_id=lead_id, user=g.user.username,
                          old=lead["stage"], new=stage, reason=reason if stage == "lost" else None)
    except StageError as exc:
        flash(f"Not moved: {exc}.", "error")
        return _back(lead)
    who = lead["name"] or lead["phone"]
    flash(f"{who} moved to {stage}." if moved else f"{who} was already {stage}.", "info")
    return _back(lead)


@bp.route("/leads/<int:lead_id>/note", methods=["POST"])
def add_note(lead_id: int):
    lead = _lead_or_404(lead_id)
    text = request.form.get("note", "").strip()
    if not text or len(text) > LONGEST_NOTE:
        flash(f"A note is 1 to {LONGEST_NOTE} characters; nothing was saved.", "error")
        return _back(lead)
    db = get_db()
    with transaction(db):
        crm.note(db, now(), lead_id, "note", g.user.username, text)
        log_event(db, now(), "note_added", lead["phone"], lead_id=lead_id, user=g.user.username)
    flash("Note added.", "info")
    return _back(lead)


@bp.route("/leads/<int:lead_id>/correct", methods=["POST"])
def correct(lead_id: int):
    lead = _lead_or_404(lead_id)
    shown = edits.shown_values(edits.lead_fields(lead))
    try:
        changes = edits.changes_from_form(shown, request.form)
    except ValueError as exc:
        flash(f"Not corrected: {exc}. Nothing was changed.", "error")
        return _back(lead)
    if not changes:
        flash("Nothing was different, so nothing changed.", "info")
        return _back(lead)
    db = get_db()
    learned = edits.correct_lead(db, effective_config(context().config, db), now(), lead_id, changes,
                                 g.user.username)
    flash(f"Corrected ({edits.describe(shown, changes)})."
          + (" Similar texts will be read this way from now on." if learned else ""), "info")
    return _back(lead)


@bp.route("/leads/<int:lead_id>/resolve", methods=["POST"])
def resolve(lead_id: int):
    lead = _lead_or_404(lead_id)
    if not edits.is_emergency(lead, edits.lead_fields(lead)):
        flash("This lead is not an emergency; nothing to resolve.", "error")
        return _back(lead)
    if lead["emergency_resolved_at"]:
        flash(f"Already resolved by {lead['emergency_resolved_by']}.", "info")
        return _back(lead)
    db = get_db()
    with transaction(db):
        edits.resolve_emergency(db, now(), lead_id, g.user.username)
    flash("Emergency marked resolved: it no longer heads the inbox.", "info")
    return _back(lead)
