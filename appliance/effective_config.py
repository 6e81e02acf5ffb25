"""The configuration in force: the file, with what the owner changed on the admin page on top.

The installer's file holds ports, secrets and paths; the admin page holds what the shop edits
(business profile, text templates, the model choice, quiet hours and follow-ups) in the ``settings`` table. The agent asks for the effective
configuration when it acts, so a change on the admin page applies to the next call or text.
An override that does not validate is ignored, logged, and the file's value stays in force.
"""

from __future__ import annotations

import logging
from dataclasses import fields, replace
from typing import Any

import sqlite_utils

from appliance.config import Config, ConfigError, validate
from appliance.store import settings

log = logging.getLogger(__name__)


# The sections the admin page may change, and where they are kept: the business profile as one
# JSON object under "business" (the first-run wizard writes it), the others as "section.key" rows.
EDITABLE_SECTIONS = ("textback", "brain", "pipeline")


def effective_config(config: Config, db: sqlite_utils.Database) -> Config:
    saved = settings.all_settings(db)
    rows = {**{key: value for key, value in saved.items() if key.split(".", 1)[0] in EDITABLE_SECTIONS},
            **{f"business.{key}": value for key, value in settings.get(db, "business", {}).items()}}
    try:
        return with_settings(config, rows)
    except ConfigError as exc:
        log.error("ignoring the settings saved on the admin page: %s", exc)
        return config


def with_settings(config: Config, rows: dict) -> Config:
    """``config`` with ``{"section.key": value}`` on top; ConfigError, naming the key, if the result
    would not validate. Keys or shapes the config does not have are left out."""
    changes = {name: _known(getattr(config, name), _section(rows, name)) for name in ("business", *EDITABLE_SECTIONS)}
    changes = {name: values for name, values in changes.items() if values}
    if not changes:
        return config
    candidate = replace(config, **{name: replace(getattr(config, name), **values) for name, values in changes.items()})
    validate(candidate)
    return candidate


def _section(saved: dict, name: str) -> dict:
    """``{"textback.help_template": ...}`` -> ``{"help_template": ...}`` for one section."""
    return {key.split(".", 1)[1]: value for key, value in saved.items() if key.startswith(f"{name}.")}


def _known(section: Any, values: dict) -> dict:
    """The saved values that name a field of ``section`` and have its shape (text, a whole number, a
    table, or a list; JSON keeps a list where the config has a tuple)."""
    names = {f.name for f in fields(section)}
    known = {}
    for key, value in values.items():
        current = getattr(section, key, None) if key in names else None
        if isinstance(current, (tuple, list)) and isinstance(value, list):
            known[key] = tuple(value) if isinstance(current, tuple) else value
        elif type(current) in (str, int, dict) and type(value) is type(current):   # a bool is not an int here
            known[key] = value
    return known
