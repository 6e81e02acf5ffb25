"""The request's database connection and clock, as the app factory set them up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils
from flask import current_app, g

from appliance.clock import Clock
from appliance.config import Config
from appliance.store.db import connect


@dataclass(frozen=True)
class WebContext:
    config: Config
    clock: Clock
    idle_timeout: timedelta
    setup_code: str          # asked for before the first owner account can be made


def context() -> WebContext:
    return current_app.extensions["textback"]


def get_db() -> sqlite_utils.Database:
    """One connection per request, opened on first use and closed when the request ends."""
    if "db" not in g:
        g.db = connect(context().config.storage.database)
    return g.db


def close_db(_exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def now() -> datetime:
    return context().clock.now()
