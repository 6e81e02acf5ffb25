"""Shared fixtures: a real SQLite file per test, a loaded config, a controllable clock."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlite_utils

from appliance.clock import FixedClock
from appliance.config import Config, parse_config
from appliance.store.db import connect, transaction
from appliance.store.migrations import MIGRATIONS

SHOP = {
    "name": "Lone Star Plumbing",
    "trade": "plumbing",
    "timezone": "America/Chicago",
    "phone": "+15125550100",
    "hours": "mon-fri 08:00-17:00",
}


def make_config(tmp_path: Path, **sections: dict) -> Config:
    data = {"business": dict(SHOP), "storage": {"database": str(tmp_path / "textback.db")}}
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return parse_config(data)


def database_at_schema(path: Path, version: int) -> sqlite_utils.Database:
    """A database as an earlier release left it: only its first ``version`` migrations applied."""
    db = sqlite_utils.Database(str(path))
    for applied, migration in enumerate(MIGRATIONS[:version], start=1):
        with transaction(db):
            migration(db)
            db.execute(f"PRAGMA user_version = {applied}")
    return db


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path)


@pytest.fixture
def db(tmp_path: Path):
    database = connect(tmp_path / "textback.db")
    yield database
    database.conn.close()


@pytest.fixture
def clock() -> FixedClock:
    # A Thursday, 10:00 in Austin: inside business hours.
    return FixedClock(datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc))


# The real Asterisk: `asterisk` (one per session) and `fresh_asterisk` (one per test).
from tests.asterisk.fixtures import asterisk, fresh_asterisk  # noqa: E402,F401
