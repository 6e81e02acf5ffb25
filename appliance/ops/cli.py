"""`textback doctor`, `backup`, `restore` and `migrate`: thin commands over appliance.ops.

Plugged into appliance/cli.py through PLUGGED_IN_COMMANDS. Everything heavy is imported
inside the handlers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def add_commands(commands: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    add(commands, "doctor", cmd_doctor,
        "check everything textback needs (config, database, Asterisk, modem, model, disk, clock, "
        "web address): one pass/fail line each with a fix; exits non-zero if anything fails")

    backup = add(commands, "backup", cmd_backup,
                 "take an online backup of the database (safe while textback runs) and keep the newest 14")
    backup.add_argument("--to", metavar="DIR", help="backup folder (default: backups/ next to the database)")
    backup.add_argument("--copy-to", metavar="DIR",
                        help="also copy it to this folder: a USB disk or a mounted network share "
                             "(default: $TEXTBACK_BACKUP_COPY_TO)")
    backup.add_argument("--keep", type=int, default=14, metavar="N", help="backups to keep in each folder (default 14)")

    restore = add(commands, "restore", cmd_restore,
                  "replace the database with a backup FILE; refuses a damaged file and keeps the "
                  "current database in the backups folder first")
    restore.add_argument("file", help="the backup to restore, e.g. /var/lib/textback/backups/textback-<time>.db")
    restore.add_argument("--while-running", action="store_true",
                         help="restore even though the agent looks active (what it writes between the "
                              "safety copy and the restore is lost)")

    add(commands, "migrate", cmd_migrate,
        "bring the database schema up to date, backing it up first (the agent also does this at start)")


def _config(args: argparse.Namespace):
    from appliance.cli import load

    return load(args)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def cmd_doctor(args: argparse.Namespace) -> int:
    from appliance.config import find_config_path
    from appliance.ops.doctor import run_doctor
    from appliance.ops.report import exit_code, render_check, verdict

    checks = []
    for check in run_doctor(find_config_path(args.config)):
        checks.append(check)
        print(render_check(check), flush=True)
    print(verdict(checks))
    return exit_code(checks)


def cmd_backup(args: argparse.Namespace) -> int:
    import os

    from appliance.ops.backup import BackupError, backups_dir_for, copy_out, prune, take_backup

    config = _config(args)
    folder = Path(args.to) if args.to else backups_dir_for(config.storage.database)
    copy_to = args.copy_to or os.environ.get("TEXTBACK_BACKUP_COPY_TO")
    try:
        backup = take_backup(config.storage.database, folder, _now())
        print(f"backed up {config.storage.database} to {backup} ({backup.stat().st_size // 1024} KiB)")
        for old in prune(folder, args.keep):
            print(f"removed old backup {old}")
        if copy_to:
            print(f"copied to {copy_out(backup, copy_to, args.keep)}")
    except BackupError as error:
        print(f"textback backup: {error}", file=sys.stderr)
        return 1
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from appliance.ops.backup import BackupError, backups_dir_for, restore
    from appliance.ops.upgrade import UpgradeError, open_database
    from appliance.store.migrations import MIGRATIONS

    config = _config(args)
    database = Path(config.storage.database)
    folder = backups_dir_for(database)
    if not args.while_running and _agent_recently_active(database, _now()):
        print("textback restore: the agent wrote to the database in the last 30 seconds. Stop it first "
              "(systemctl stop textback-agent textback-web), restore, then start it again; "
              "or pass --while-running.", file=sys.stderr)
        return 1
    try:
        aside = restore(args.file, database, folder, _now(), len(MIGRATIONS))
        open_database(database, folder, _now()).conn.close()   # a restored older schema is upgraded now
    except (BackupError, UpgradeError) as error:
        print(f"textback restore: {error}", file=sys.stderr)
        return 1
    if aside:
        print(f"the database it replaced is kept at {aside}")
    print(f"restored {args.file} into {database}")
    print("restart textback so nothing runs on what it remembered: "
          "systemctl restart textback-agent textback-web")
    return 0


def _agent_recently_active(database: Path, now: datetime) -> bool:
    """Read-only: opening the database normally would create or migrate it."""
    import sqlite3

    from appliance.store import health

    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            (latest,) = conn.execute("SELECT MAX(updated_at) FROM health").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return health.agent_active(latest, now)


def cmd_migrate(args: argparse.Namespace) -> int:
    from appliance.ops.backup import backups_dir_for
    from appliance.ops.upgrade import UpgradeError, open_database, stored_schema
    from appliance.store.migrations import MIGRATIONS

    config = _config(args)
    database = Path(config.storage.database)
    before = stored_schema(database)
    try:
        open_database(database, backups_dir_for(database), _now()).conn.close()
    except UpgradeError as error:
        print(f"textback migrate: {error}", file=sys.stderr)
        return 1
    if before is None:
        print(f"created {database} at schema {len(MIGRATIONS)}")
    elif before == len(MIGRATIONS):
        print(f"{database} is already at schema {before}")
    else:
        print(f"upgraded {database} from schema {before} to {len(MIGRATIONS)} "
              f"(a copy of the old one is in {backups_dir_for(database)})")
    return 0
