"""Settings, for owners: the text templates (with a live preview and SMS counter), the shop's
on-call cells, service area, review link and prices (shop.py), quiet hours (quiet_hours.py), the
follow-up sequences (followups.py), the users and their roles, the technicians (technicians.py),
the local model, and backups (backups.py)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for

from appliance.config import Config, ConfigError, validate_template
from appliance.effective_config import effective_config
from appliance.phone import normalise, pretty
from appliance.store.db import transaction
from appliance.store.events import log_event, recent_events
from appliance.templates import TemplateError, render
from appliance.store import health
from appliance.store import settings as settings_store
from web.auth import passive, passwords, users
from web.db import context, get_db, now
from web.formatting import describe_parts
from appliance.pipeline.settings import CHANNELS, SEQUENCE_STAGES
from web.settings import followups, model_choice, quiet_hours, shop

bp = Blueprint("settings", __name__, url_prefix="/settings", template_folder="templates")

# The templates the admin edits: settings key -> (label, the config file's value as the default).
TEMPLATES = {
    "textback.template": "Text-back during business hours",
    "textback.after_hours_template": "Text-back after hours",
}

ACTIVITY_SHOWN = 50


@bp.before_request
def owners_only():
    if g.user is None or not g.user.is_owner:
        abort(403)


def current_templates() -> dict[str, str]:
    db = get_db()
    textback = context().config.textback
    return {key: settings_store.get(db, key, getattr(textback, key.split(".", 1)[1])) for key in TEMPLATES}


def sample_values(kind: str) -> dict[str, str]:
    """What a template's placeholders stand for in the preview: a follow-up's may name the customer."""
    if kind == "followup":
        return followups.sample_values(current_config())
    business = context().config.business
    return {"business": business.name, "phone": pretty(business.phone)}


@bp.route("/")
def index():
    return page()


def page(typed: dict | None = None):
    """The Settings page; after a refusal, with what was typed (``{section's anchor: its form values}``) in
    place of what is saved."""
    db = get_db()
    config = current_config()
    typed = typed or {}
    folder = model_choice.models_dir(config.storage.database)
    chosen = config.brain.model        # what the agent loads: the file's choice, or the page's if it validates
    return render_template("settings/index.html", templates=current_templates(), labels=TEMPLATES,
                           users=users.all_users(db, now()), min_password=passwords.MIN_LENGTH,
                           roles=users.ROLES, technicians=technicians.technicians(),
                           models=model_choice.choices(folder), chosen_model=chosen, models_folder=folder,
                           chosen_file=model_choice.file_for(chosen),
                           running_model=health.read_all(db).get("model"),
                           shop=shop.form_values(config),
                           quiet=typed.get("quiet-hours") or quiet_hours.form_values(config),
                           built_in_quiet=quiet_hours.built_in_rules(),
                           sequences=typed.get("followups", followups.form_values(config)),
                           blank_step=followups.blank_step(),
                           blank_sequence=followups.blank_sequence(), custom_followups=bool(config.pipeline.sequences),
                           stages=SEQUENCE_STAGES, channels=CHANNELS, units=followups.UNITS,
                           activity=recent_events(db, limit=ACTIVITY_SHOWN))


@bp.route("/preview.json")
@passive
def preview():
    """The template as a customer would read it, and what it costs in SMS parts."""
    template = request.args.get("template", "")
    try:
        text = render(template, **sample_values(request.args.get("values", "")))
    except TemplateError as exc:
        return jsonify(error=str(exc), text=None)
    return jsonify(error=None, text=text, **describe_parts(text))


@bp.route("/templates", methods=["POST"])
def save_template():
    key = request.form.get("key", "")
    if key not in TEMPLATES:
        abort(400)
    template = request.form.get("template", "").strip()
    try:
        validate_template(key, template, needs_stop=True)
    except ConfigError as exc:
        flash(f"Not saved: {exc}", "error")
        return redirect(url_for("settings.index"))
    db = get_db()
    with transaction(db):
        settings_store.put(db, now(), key, template, g.user.username)
        log_event(db, now(), "setting_changed", key, user=g.user.username)
    flash(f"Saved: {TEMPLATES[key]}.", "info")
    return redirect(url_for("settings.index"))


@bp.route("/shop", methods=["POST"])
def save_shop():
    config = current_config()
    try:
        rows = shop.rows_from_form(request.form, config)
    except ConfigError as exc:
        flash(f"Not saved: {exc}", "error")
        return redirect(url_for("settings.index", _anchor="shop"))
    db = get_db()
    with transaction(db):
        business = {**settings_store.get(db, "business", {}), "services": rows.pop("business.services")}
        settings_store.put(db, now(), "business", business, g.user.username)
        for key, value in rows.items():
            settings_store.put(db, now(), key, value, g.user.username)
        log_event(db, now(), "setting_changed", "shop", user=g.user.username)
    flash("Saved: on-call cells, service area, review link and price list. They apply to the next text.", "info")
    return redirect(url_for("settings.index", _anchor="shop"))


@bp.route("/quiet-hours", methods=["POST"])
def save_quiet_hours():
    return save_section(quiet_hours, "quiet-hours", "Saved: quiet hours and the daily limit. They apply to the next "
                                                    "follow-up, reminder and review request.")


@bp.route("/followups", methods=["POST"])
def save_followups():
    return save_section(followups, "followups", "Saved: the follow-ups. New wording applies to the next text "
                                                "sent, a changed wait to the steps scheduled from now on.")


def save_section(section, anchor: str, saved: str):
    """Save a section's rows (``section.rows_from_form``); a refusal shows the page again with what was typed."""
    try:
        rows = section.rows_from_form(request.form, current_config())
    except ConfigError as exc:
        flash(f"Not saved: {exc}", "error")
        return page(typed={anchor: section.typed(request.form)}), 400
    save_rows(rows)
    flash(saved, "info")
    return redirect(url_for("settings.index", _anchor=anchor))


@bp.route("/followups/defaults", methods=["POST"])
def restore_default_followups():
    save_rows({followups.SETTING: []}, restored="the defaults")
    flash("Restored the default follow-ups.", "info")
    return redirect(url_for("settings.index", _anchor="followups"))


def save_rows(rows: dict, **detail: str) -> None:
    """Keep checked settings rows, and who changed which, in one transaction."""
    db = get_db()
    with transaction(db):
        for key, value in rows.items():
            settings_store.put(db, now(), key, value, g.user.username)
        log_event(db, now(), "setting_changed", ", ".join(rows), user=g.user.username, **detail)


def current_config() -> Config:
    return effective_config(context().config, get_db())


@bp.route("/users", methods=["POST"])
def add_user():
    form = request.form
    cell = form.get("cell_phone", "").strip()
    cell_phone = normalise(cell, context().config.business.region) if cell else None
    if cell and cell_phone is None:
        flash(f"Not added: {cell!r} is not a phone number.", "error")
        return redirect(url_for("settings.index"))
    db = get_db()
    try:
        with transaction(db):
            user = users.create(db, now(), username=form.get("username", ""), password=form.get("password", ""),
                                role=form.get("role", ""), cell_phone=cell_phone)
            log_event(db, now(), "user_added", user.username, role=user.role, user=g.user.username)
    except (users.UserError, passwords.PasswordRejected) as exc:
        flash(f"Not added: {exc}.", "error")
        return redirect(url_for("settings.index"))
    flash(f"Added {user.username} ({user.role}).", "info")
    return redirect(url_for("settings.index"))


@bp.route("/users/<int:user_id>/remove", methods=["POST"])
def remove_user(user_id: int):
    db = get_db()
    try:
        with transaction(db):
            users.remove(db, user_id)
            log_event(db, now(), "user_removed", str(user_id), user=g.user.username)
    except users.UserError as exc:
        flash(f"Not removed: {exc}.", "error")
        return redirect(url_for("settings.index"))
    flash("Removed; their sessions are ended.", "info")
    return redirect(url_for("settings.index"))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
def set_role(user_id: int):
    db = get_db()
    try:
        with transaction(db):
            user = users.set_role(db, user_id, request.form.get("role", ""))
            log_event(db, now(), "user_role_changed", user.username, role=user.role, user=g.user.username)
    except users.UserError as exc:
        flash(f"Not changed: {exc}.", "error")
        return redirect(url_for("settings.index"))
    flash(f"{user.username} is now {user.role}.", "info")
    return redirect(url_for("settings.index"))


@bp.route("/model", methods=["POST"])
def choose_model():
    folder = model_choice.models_dir(context().config.storage.database)
    value = request.form.get("model", "")
    if value not in {choice.value for choice in model_choice.choices(folder)}:
        flash(f"Not saved: {value!r} is not a model in {folder}.", "error")
        return redirect(url_for("settings.index") + "#model")
    db = get_db()
    with transaction(db):
        settings_store.put(db, now(), model_choice.SETTING, value, g.user.username)
        log_event(db, now(), "setting_changed", model_choice.SETTING, value=value, user=g.user.username)
    flash(f"Saved: {model_choice.label_for(value, folder)}. The agent loads its model when it starts: restart it "
          "(systemctl restart textback-agent) to switch.", "info")
    return redirect(url_for("settings.index") + "#model")


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
def unlock_user(user_id: int):
    db = get_db()
    with transaction(db):
        users.unlock(db, user_id)
        log_event(db, now(), "user_unlocked", str(user_id), user=g.user.username)
    flash("Unlocked.", "info")
    return redirect(url_for("settings.index"))


# The other settings pages register their routes on bp.
from web.settings import backups, technicians  # noqa: E402,F401
