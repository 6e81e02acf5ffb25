"""The calendar's ICS subscription links: made (and shown once), revoked, and the feed itself,
served to calendar apps that cannot log in: the secret token in the URL is the key."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for

from appliance.calendar.feeds import create_feed_token, feed_for_token
from appliance.store.db import transaction
from appliance.store.events import log_event
from web.calendar import as_int, bp, queries
from web.db import context, get_db, now


@bp.route("/feeds", methods=["POST"])
def new_feed():
    """A new subscription link. Only its hash is kept, so this is the one time it can be shown."""
    db = get_db()
    technician_id = as_int(request.form.get("technician_id"))
    techs = queries.technicians(db)
    if technician_id is not None and technician_id not in {tech["id"] for tech in techs}:
        abort(400)
    with transaction(db):
        token = create_feed_token(db, now(), technician_id)
        log_event(db, now(), "calendar_feed_created", str(technician_id or "shop"), user=g.user.username)
    who = next((tech["name"] for tech in techs if tech["id"] == technician_id), "the whole shop")
    return render_template("calendar/feed_created.html", who=who,
                           url=url_for("calendar.feed", token=token, _external=True))


@bp.route("/feeds/revoke", methods=["POST"])
def revoke_feed():
    db = get_db()
    with transaction(db):
        revoked = queries.revoke_feed(db, now(), as_int(request.form.get("feed_id")) or 0)
        if revoked:
            log_event(db, now(), "calendar_feed_revoked", request.form.get("feed_id"), user=g.user.username)
    flash("Link revoked: calendars subscribed to it stop updating." if revoked else "That link was already revoked.",
          "info")
    return redirect(url_for("calendar.index"))


@bp.route("/feed/<token>.ics")
def feed(token: str):
    """For calendar apps, which cannot log in: the secret token in the URL is the key."""
    text = feed_for_token(get_db(), token, context().config.business.name, now())
    if text is None:
        abort(404)
    return Response(text, mimetype="text/calendar")
