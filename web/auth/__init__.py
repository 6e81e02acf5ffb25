"""Logging in and out, and the guard in front of every page: who is asking, and may they?"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for

from appliance.store.db import transaction
from appliance.store.events import log_event
from web.auth import sessions, users
from web.db import context, get_db, now

bp = Blueprint("auth", __name__, template_folder="templates")

# Pages anyone may open: the login form itself and the files every page loads; and the calendar
# feed, which calendar apps fetch with no login (its secret token is the key).
PUBLIC_ENDPOINTS = {"auth.login", "static", "calendar.feed"}


def passive(view: Callable) -> Callable:
    """Mark a view that browsers poll on their own: it must not keep an idle session alive."""
    view.passive = True
    return view


def owner_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not g.user.is_owner:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


@bp.before_app_request
def load_user_and_guard():
    g.user = None
    if request.endpoint is None or request.endpoint == "static":
        return None
    db = get_db()
    if not users.has_owner(db):
        # First run: nothing exists to log in to, so everything leads to making the owner account.
        return None if request.endpoint == "setup.owner" else redirect(url_for("setup.owner"))
    token = session.get("sid")
    if token:
        view = _view_function()
        g.user = sessions.resolve(db, token, now(), context().idle_timeout,
                                  touch=not getattr(view, "passive", False))
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if request.path.endswith(".json"):
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path))
    return None


def _view_function() -> Callable | None:
    return current_app.view_functions.get(request.endpoint)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("auth/login.html", next=request.args.get("next", ""))
    username = request.form.get("username", "")
    db = get_db()
    with transaction(db):
        result = users.attempt_login(db, now(), username, request.form.get("password", ""))
        if result.user is None:
            log_event(db, now(), "login_refused", username[:60], remote=request.remote_addr,
                      locked=result.gate.locked)
        else:
            token = sessions.start(db, now(), result.user.id, request.remote_addr)
            log_event(db, now(), "login", result.user.username, remote=request.remote_addr)
    if result.user is None:
        flash(_refusal(result.gate), "error")
        return render_template("auth/login.html", next=request.form.get("next", ""), username=username), 401
    session.clear()                 # a fresh session: nothing from before the login carries over
    session["sid"] = token
    return redirect(_safe_next(request.form.get("next", "")) or url_for("inbox.index"))


def _refusal(gate) -> str:
    if gate.locked:
        return ("This account is locked after too many wrong passwords. Try again after "
                f"{gate.retry_at:%H:%M} UTC, or ask an owner to unlock it under Settings > Users.")
    if gate.retry_at is not None:
        return "Too many wrong passwords: wait a few seconds, then try again."
    return "Wrong username or password."


def _safe_next(target: str) -> str | None:
    """Only a path on this site: a login link must not bounce anyone to another host."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/logout", methods=["POST"])
def logout():
    token = session.get("sid")
    if token:
        db = get_db()
        with transaction(db):
            sessions.end(db, token, now())
            log_event(db, now(), "logout", g.user.username if g.user else None)
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
