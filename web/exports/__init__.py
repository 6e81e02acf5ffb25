"""CSV downloads for the owner: leads, appointments and the consent ledger."""

from __future__ import annotations

from flask import Blueprint, Response, g

from appliance.pipeline import exports
from appliance.store.db import transaction
from appliance.store.events import log_event
from web.auth import owner_required
from web.db import get_db, now

bp = Blueprint("exports", __name__, url_prefix="/exports")

_FILES = {"leads": exports.leads_csv, "appointments": exports.appointments_csv, "consent": exports.consent_csv}


@bp.route("/<any(leads, appointments, consent):what>.csv")
@owner_required
def download(what: str):
    db = get_db()
    body = _FILES[what](db)
    with transaction(db):   # a copy of customer data left the box: the audit log says who took it
        log_event(db, now(), "export_downloaded", what, user=g.user.username)
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="textback-{what}.csv"'})
