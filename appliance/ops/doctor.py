"""`textback doctor`: every check in order, each a pass/fail line with a plain fix.

Checks are yielded one at a time so a person watching sees progress while the slow ones
(modem, model) run. The order follows the path of a call: config, database, Asterisk,
modem, model, then the machine itself.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from appliance.config import Config, ConfigError, load_config
from appliance.ops.ami_check import check_ami
from appliance.ops.database_check import check_database
from appliance.ops.host_checks import check_disk, judge_clock, judge_web_bind, local_addresses, read_kernel_clock
from appliance.ops.model_check import check_model
from appliance.ops.modem_check import check_modem
from appliance.ops.report import Check, failed, passed


def judge_config(path: Path, config: Config | None, error: str | None, mode: int | None) -> Check:
    if config is None:
        return failed("configuration", error or "unreadable", f"edit {path} and run textback doctor again")
    if mode is not None and mode & stat.S_IRWXO:
        return failed("configuration", f"{path} is readable by every user, and it holds the AMI secret",
                      f"chmod 640 {path} (owner root, group textback)")
    return passed("configuration", f"{path} is valid")


def run_doctor(config_path: Path, now: datetime | None = None) -> Iterator[Check]:
    from appliance.store.migrations import MIGRATIONS

    now = now or datetime.now(timezone.utc)
    try:
        config, error = load_config(config_path), None
    except ConfigError as problem:
        config, error = None, str(problem)
    yield judge_config(config_path, config, error, _mode(config_path))
    if config is None:
        return
    database = Path(config.storage.database)
    data_dir = database.parent
    yield from check_database(database, len(MIGRATIONS))
    yield from check_ami(config.asterisk)
    yield from check_modem(config.modem, _published(database, "modem"), now)
    yield from check_model(data_dir, threads=os.cpu_count() or 1)
    yield check_disk(data_dir, database)
    yield judge_clock(read_kernel_clock())
    yield judge_web_bind(config.web.bind, config.web.port, local_addresses(), config.web.allow_all_interfaces)


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode
    except OSError:
        return None


def _published(database: Path, key: str) -> dict[str, Any] | None:
    """What the agent last published under ``key`` in the health table, read-only."""
    try:
        conn = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT value, updated_at FROM health WHERE key = ?", [key]).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return {"value": json.loads(row[0]), "updated_at": row[1]} if row else None
