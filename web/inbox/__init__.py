"""The inbox: every conversation, one conversation in full, and what a person can do in it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for

from appliance.phone import normalise, pretty
from appliance.sms.segments import count_parts
from appliance.store import contacts, messages
from appliance.store.db import transaction
from appliance.store.events import log_event
from web.auth import passive
from web.db import context, get_db, now
from web.formatting import describe_parts
from web.inbox import controls, queries

bp = Blueprint("inbox", __name__, url_prefix="/inbox", template_folder="templates")

# A person typing on a phone does not mean to send a ten-part text; the modem pays per part.
MAX_REPLY_PARTS = 6


@bp.route("/")
def index():
    db = get_db()
    return render_template("inbox/index.html", conversations=queries.conversations(db),
                           version=queries.inbox_version(db))


@bp.route("/feed.json")
@passive
def feed():
    """For the open inbox page: the list again, only when something in it changed."""
    db = get_db()
    version = queries.inbox_version(db)
    if request.args.get("v") == version:
        return jsonify(version=version, html=None)
    html = render_template("inbox/_list.html", conversations=queries.conversations(db))
    return jsonify(version=version, html=html)


def _phone_or_404(raw: str) -> str:
    phone = normalise(raw, context().config.business.region)
    if phone is None or phone != raw:
        abort(404)
    return phone


def _thread_or_404(phone: str) -> queries.Thread:
    thread = queries.thread(get_db(), phone)
    if not thread.exists:
        abort(404)
    return thread


@bp.route("/count.json")
@passive
def count():
    """The counter under the reply box: how many texts this reply will cost."""
    return jsonify(describe_parts(request.args.get("text", "")))


@bp.route("/<phone>")
def thread(phone: str):
    phone = _phone_or_404(phone)
    db = get_db()
    conversation = _thread_or_404(phone)
    with transaction(db):
        controls.mark_read(db, now(), phone, queries.newest_message_id(db, phone), g.user.username)
    return render_template("inbox/thread.html", thread=conversation, pretty=pretty(phone),
                           version=queries.thread_version(db, phone), max_parts=MAX_REPLY_PARTS)


@bp.route("/<phone>/feed.json")
@passive
def thread_feed(phone: str):
    phone = _phone_or_404(phone)
    db = get_db()
    version = queries.thread_version(db, phone)
    if request.args.get("v") == version:
        return jsonify(version=version, html=None)
    conversation = _thread_or_404(phone)
    with transaction(db):
        controls.mark_read(db, now(), phone, queries.newest_message_id(db, phone), g.user.username)
    return jsonify(version=version, html=render_template("inbox/_messages.html", thread=conversation))


@bp.route("/<phone>/reply", methods=["POST"])
def reply(phone: str):
    phone = _phone_or_404(phone)
    db = get_db()
    conversation = _thread_or_404(phone)
    body = request.form.get("body", "").strip()
    refusal = _reply_refusal(conversation, body)
    if refusal:
        flash(refusal, "error")
        return redirect(url_for("inbox.thread", phone=phone))
    moment = now()
    with transaction(db):
        contact_id = contacts.contact_id_for(db, phone, moment)
        message_id = messages.enqueue(db, moment, phone=phone, body=body, kind="human",
                                      priority=messages.PRIORITY_REPLY, contact_id=contact_id,
                                      sent_by=g.user.username)
        # A person answering means a person is handling it: the bot must not talk over them.
        controls.set_bot_paused(db, moment, phone, True, g.user.username)
        log_event(db, moment, "human_reply", phone, message_id=message_id, user=g.user.username)
    flash("Reply queued; it goes out through the modem in a moment. The bot is paused for this "
          "conversation.", "info")
    return redirect(url_for("inbox.thread", phone=phone))


def _reply_refusal(conversation: queries.Thread, body: str) -> str | None:
    if not body:
        return "The reply is empty: nothing was sent."
    if conversation.contact and conversation.contact["blocked"]:
        return "This number is blocked: unblock it before replying."
    if conversation.opted_out:
        return "This customer texted STOP: they must text START before anyone may text them again."
    parts = count_parts(body).parts
    if parts > MAX_REPLY_PARTS:
        return (f"The reply would go out as {parts} texts; keep it to {MAX_REPLY_PARTS} or fewer. "
                "Nothing was sent.")
    return None


@bp.route("/<phone>/pause", methods=["POST"])
def pause(phone: str):
    return _set_paused(phone, True, "The bot is paused: only people reply in this conversation now.")


@bp.route("/<phone>/resume", methods=["POST"])
def resume(phone: str):
    return _set_paused(phone, False, "The bot is back on for this conversation.")


def _set_paused(raw: str, paused: bool, done: str):
    phone = _phone_or_404(raw)
    _thread_or_404(phone)
    db = get_db()
    with transaction(db):
        controls.set_bot_paused(db, now(), phone, paused, g.user.username)
        log_event(db, now(), "bot_paused" if paused else "bot_resumed", phone, user=g.user.username)
    flash(done, "info")
    return redirect(url_for("inbox.thread", phone=phone))


@bp.route("/<phone>/block", methods=["POST"])
def block(phone: str):
    phone = _phone_or_404(phone)
    _thread_or_404(phone)
    db = get_db()
    moment = now()
    with transaction(db):
        contacts.contact_id_for(db, phone, moment)
        db.execute("UPDATE contacts SET blocked = 1 WHERE phone = ?", [phone])
        cancelled = messages.cancel_pending(db, moment, phone, f"number blocked by {g.user.username}")
        log_event(db, moment, "blocked", phone, user=g.user.username, cancelled=cancelled)
    flash(f"Blocked as spam; {cancelled} waiting text(s) cancelled.", "info")
    return redirect(url_for("inbox.thread", phone=phone))


@bp.route("/<phone>/unblock", methods=["POST"])
def unblock(phone: str):
    phone = _phone_or_404(phone)
    _thread_or_404(phone)
    db = get_db()
    with transaction(db):
        db.execute("UPDATE contacts SET blocked = 0 WHERE phone = ?", [phone])
        log_event(db, now(), "unblocked", phone, user=g.user.username)
    flash("Unblocked.", "info")
    return redirect(url_for("inbox.thread", phone=phone))
