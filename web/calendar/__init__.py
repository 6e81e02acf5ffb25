"""The calendar: each technician's week, booking from the desk, reschedule, cancel, on the way and
done, and time off. The ICS subscription links are in subscriptions.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from appliance.clock import parse_iso
from appliance.pipeline import booking, crm, visits
from appliance.pipeline.stages import StageError
from appliance.store import messages
from appliance.store.db import transaction
from appliance.store.events import log_event
from web.calendar import desk, queries, week
from web.db import context, get_db, now

bp = Blueprint("calendar", __name__, url_prefix="/calendar", template_folder="templates")


def as_int(value: str | None) -> int | None:
    """A number from a form or a link, or None for anything else."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _today() -> date:
    return now().astimezone(ZoneInfo(context().config.business.timezone)).date()


@bp.route("/")
def index():
    db = get_db()
    techs = queries.technicians(db)
    chosen = as_int(request.args.get("technician"))
    tech = next((t for t in techs if t["id"] == chosen), techs[0] if techs else None)
    monday = week.parse_week(request.args.get("week"), _today())
    timezone = context().config.business.timezone
    days = []
    if tech is not None:
        start, end = week.week_bounds(monday, timezone)
        days = week.lay_out(monday, queries.week_entries(db, tech["id"], start, end, timezone))
    return render_template("calendar/index.html", technicians=techs, tech=tech, days=days, monday=monday,
                           previous=monday - timedelta(days=7), following=monday + timedelta(days=7),
                           today=_today(), feeds=queries.feeds(db))


@bp.route("/book")
def book_form():
    """Pick the lead (or the job to move), the service, the day and a free time."""
    db = get_db()
    config = context().config
    appointment = queries.live_appointment(db, as_int(request.args.get("appointment")) or 0)
    leads = queries.open_leads(db)
    lead_id = appointment["lead_id"] if appointment else as_int(request.args.get("lead"))
    lead = next((row for row in leads if row["id"] == lead_id), None)
    if appointment and lead is None and appointment["lead_id"]:
        lead = crm.get_lead(db, appointment["lead_id"])      # a booked lead that is no longer open
    service = appointment["service"] if appointment else request.args.get("service") or None
    day = week.parse_day(request.args.get("day"), _today())
    technician_id = as_int(request.args.get("technician"))
    slots = []
    if lead is not None and service:
        slots = desk.day_slots(db, config, now(), service, day, technician_id,
                               appointment["id"] if appointment else None)
    names = {tech["id"]: tech["name"] for tech in queries.technicians(db)}
    return render_template("calendar/book.html", leads=leads, lead=lead, appointment=appointment,
                           services=desk.services(config, lead["service"] if lead else None), service=service,
                           day=day, technicians=names, technician_id=technician_id, slots=slots,
                           timezone=ZoneInfo(config.business.timezone), searched=lead is not None and service)


@bp.route("/book", methods=["POST"])
def book():
    form = request.form
    config = context().config
    appointment_id = as_int(form.get("appointment_id"))
    lead_id, service = as_int(form.get("lead_id")), form.get("service", "").strip()
    technician_id, start = parse_slot(form.get("slot", ""))
    if not (lead_id and technician_id and service and start and week.within_reach(start.date(), _today())):
        flash("Not booked: choose a lead, a service and one of the free times.", "error")
        return redirect(url_for("calendar.book_form"))
    db = get_db()
    try:
        with transaction(db):
            job = desk.book(db, config, now(), lead_id=lead_id, service=service, technician_id=technician_id,
                            start=start, actor=g.user.username, appointment_id=appointment_id)
            log_event(db, now(), "appointment_moved" if appointment_id else "appointment_booked", f"job {job}",
                      user=g.user.username, start=start.isoformat())
    except (desk.BookingRefused, LookupError, StageError) as exc:
        flash(f"Not booked: {exc}", "error")
        return redirect(url_for("calendar.book_form", lead=lead_id, service=service, technician=technician_id,
                                day=start.date().isoformat(), appointment=appointment_id))
    flash(f"{'Moved' if appointment_id else 'Booked'} job #{job}: "
          f"{booking.when(start, config.business.timezone)}. The customer is texted a confirmation.", "info")
    return redirect(url_for("calendar.index", technician=technician_id, week=start.date().isoformat()))


def parse_slot(value: str) -> tuple[int | None, datetime | None]:
    """The picked time, as the booking form sends it: "<technician id>|<local ISO time>"."""
    technician, _, stamp = value.partition("|")
    try:
        start = datetime.fromisoformat(stamp)
    except ValueError:
        return None, None
    return (as_int(technician), start) if start.tzinfo else (None, None)


@bp.route("/cancel", methods=["POST"])
def cancel():
    db = get_db()
    config = context().config
    appointment = queries.live_appointment(db, as_int(request.form.get("appointment_id")) or 0)
    if appointment is None:
        flash("Not cancelled: that visit is not booked (it may have been cancelled already).", "error")
        return redirect(url_for("calendar.index"))
    tell_customer = request.form.get("text_customer") == "yes"
    with transaction(db):
        booking.cancel_appointment(db, config, now(), appointment["id"], g.user.username)
        if tell_customer:
            messages.enqueue(db, now(), phone=appointment["phone"], kind="booking",
                             priority=messages.PRIORITY_REPLY, contact_id=appointment["contact_id"],
                             body=cancellation_text(config.business.name, appointment, config.business.timezone))
        log_event(db, now(), "appointment_cancelled", f"job {appointment['id']}", user=g.user.username,
                  texted=tell_customer)
    flash(f"Cancelled job #{appointment['id']}" + (": the customer is texted." if tell_customer
                                                    else ". The customer was not texted."), "info")
    return redirect(url_for("calendar.index", technician=appointment["technician_id"],
                            week=_local_date(appointment["start_at"])))


@bp.route("/on-the-way", methods=["POST"])
def on_the_way():
    """The office tells the customer the technician is driving over (a technician can text OMW <job#>)."""
    return _job_action(visits.on_the_way, "appointment_on_the_way", "Job #{id}: the customer is texted that "
                       "{technician} is on the way.")


@bp.route("/done", methods=["POST"])
def done():
    """The job is finished: the lead moves to completed, and the review request follows if the shop set a link."""
    return _job_action(visits.mark_done, "appointment_done", "Job #{id} is done.")


def _job_action(action, event: str, said: str):
    db = get_db()
    appointment = queries.live_appointment(db, as_int(request.form.get("appointment_id")) or 0)
    if appointment is None:
        flash("Not changed: that visit is not booked (it may be done or cancelled already).", "error")
        return redirect(url_for("calendar.index"))
    with transaction(db):
        action(db, context().config, now(), appointment["id"], g.user.username)
        log_event(db, now(), event, f"job {appointment['id']}", user=g.user.username)
    flash(said.format(**appointment), "info")
    return redirect(url_for("calendar.index", technician=appointment["technician_id"],
                            week=_local_date(appointment["start_at"])))


@bp.route("/time-off", methods=["POST"])
def add_time_off():
    db = get_db()
    form = request.form
    tech = as_int(form.get("technician_id"))
    start, end = _shop_time(form.get("start")), _shop_time(form.get("end"))
    if start is None or end is None:
        flash("Not added: give the time off a start and an end, like 2026-12-24 08:00.", "error")
        return redirect(url_for("calendar.index", technician=tech))
    if tech not in {row["id"] for row in queries.technicians(db)}:
        abort(400)
    try:
        with transaction(db):
            booking.add_time_off(db, tech, start, end, form.get("reason", "").strip()[:80] or None)
            clashes = queries.jobs_during(db, tech, start, end)
            log_event(db, now(), "time_off_added", str(tech), user=g.user.username, start=start.isoformat())
    except ValueError as exc:
        flash(f"Not added: {exc}.", "error")
        return redirect(url_for("calendar.index", technician=tech))
    flash("Time off added." + (" Still booked then: " + ", ".join(f"job #{job}" for job in clashes) +
                               ": reschedule or cancel them." if clashes else ""), "info")
    return redirect(url_for("calendar.index", technician=tech, week=start.date().isoformat()))


def _shop_time(text: str | None) -> datetime | None:
    """A time typed in the shop's own time zone ("2026-12-24T08:00"), within reach of today, or None."""
    try:
        moment = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    if not week.within_reach(moment.date(), _today()):
        return None
    return moment.replace(tzinfo=ZoneInfo(context().config.business.timezone))


@bp.route("/time-off/remove", methods=["POST"])
def remove_time_off():
    db = get_db()
    with transaction(db):
        row = queries.remove_time_off(db, as_int(request.form.get("time_off_id")) or 0)
        if row:
            log_event(db, now(), "time_off_removed", str(row["technician_id"]), user=g.user.username)
    flash("Time off removed: that time can be booked again." if row else "That time off was already removed.",
          "info")
    return redirect(url_for("calendar.index", technician=row["technician_id"] if row else None,
                            week=_local_date(row["start_at"]) if row else None))


def _local_date(stamp: str) -> str:
    return parse_iso(stamp).astimezone(ZoneInfo(context().config.business.timezone)).date().isoformat()


def cancellation_text(business: str, appointment: dict, timezone: str) -> str:
    start = parse_iso(appointment["start_at"])
    return (f"{business}: your visit on {booking.when(start, timezone)} (job #{appointment['id']}) is cancelled. "
            "Reply to this text to find a new time.")


# The subscription links register their routes on bp.
from web.calendar import subscriptions  # noqa: E402,F401
