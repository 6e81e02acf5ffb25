"""Backup download and restore, for owners. Both go through appliance/ops/backup.py: the download is
a consistent online snapshot (safe while the agent writes), and a restore checks the file, keeps
the database it replaces in the backups folder, and writes through SQLite's backup API."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import current_app, flash, g, redirect, request, send_file, url_for

from appliance.ops.backup import BackupError, backups_dir_for, prune, restore, take_backup
from appliance.ops.upgrade import UpgradeError, open_database
from appliance.store import health
from appliance.store.db import transaction
from appliance.store.events import log_event
from appliance.store.migrations import MIGRATIONS
from web.db import close_db, context, get_db, now
from web.settings import bp

# A shop's database after years of texts is tens of megabytes; the app's usual limit is for forms.
LARGEST_UPLOAD = 2 * 1024 ** 3


def _database() -> Path:
    return Path(context().config.storage.database)


@bp.route("/backup", methods=["POST"])
def download_backup():
    database = _database()
    try:
        path = take_backup(database, backups_dir_for(database), now())
        prune(backups_dir_for(database))
    except BackupError as exc:
        flash(f"No backup: {exc}", "error")
        return redirect(url_for("settings.index") + "#backup")
    db = get_db()
    with transaction(db):
        log_event(db, now(), "backup_downloaded", path.name, user=g.user.username)
    return send_file(path, as_attachment=True, download_name=path.name, mimetype="application/vnd.sqlite3")


@bp.route("/restore", methods=["POST"])
def restore_backup():
    # The big upload is read only here, after the login and owner checks; the app-wide CSRF check
    # (which reads the form before anyone is known) is skipped for this view and done now instead.
    request.max_content_length = LARGEST_UPLOAD
    current_app.extensions["csrf"].protect()
    back = redirect(url_for("settings.index") + "#backup")
    upload = request.files.get("backup")
    if upload is None or not upload.filename:
        flash("Not restored: choose the backup file first.", "error")
        return back
    if request.form.get("confirm") != "replace":
        flash("Not restored: tick the box that says you understand everything since the backup is replaced.",
              "error")
        return back
    if health.agent_active(health.last_update(get_db()), now()):
        flash("Not restored: the agent is running. Stop it first (systemctl stop textback-agent), restore here, "
              "then start it again, so it does not keep working from what it remembered.", "error")
        return back
    database = _database()
    folder = backups_dir_for(database)
    folder.mkdir(parents=True, exist_ok=True)
    who = g.user.username
    close_db()                  # this request's own connection must not sit on the old content
    with tempfile.NamedTemporaryFile(dir=folder, prefix="uploaded-", suffix=".db") as candidate:
        upload.save(candidate)
        candidate.flush()
        try:
            aside = restore(candidate.name, database, folder, now(), len(MIGRATIONS))
            open_database(database, folder, now()).conn.close()    # an older schema is upgraded now
        except (BackupError, UpgradeError) as exc:
            flash(f"Not restored: {exc}", "error")
            return back
    db = get_db()
    with transaction(db):
        log_event(db, now(), "backup_restored", upload.filename[:100], user=who,
                  replaced=aside.name if aside else None)
    flash(f"Restored {upload.filename}. The database it replaced is kept as {aside.name if aside else 'nothing'} "
          "in the backups folder. If you are asked to log in again, use an account from the backup.", "info")
    return redirect(url_for("settings.index"))


@bp.record_once
def _check_csrf_in_the_view(state) -> None:
    state.app.extensions["csrf"].exempt(restore_backup)
