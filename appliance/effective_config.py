"""The configuration in force: the file, with what the owner changed on the admin page on top.

The installer's file holds ports, secrets and paths; the admin page holds what the shop edits
(business profile, text templates) in the ``settings`` table. The agent asks for the effective
configuration when it acts, so a change on the admin page applies to the next call or text.
An override that does not validate is ignored, logged, and the file's value stays in force.
"""

from __future__ import annotations

import logging
from dataclasses import fields, replace

import sqlite_utils

from appliance.config import Business, Config, ConfigError, Textback, validate
from appliance.store import settings

log = logging.getLogger(__name__)


def effective_config(config: Config, db: sqlite_utils.Database) -> Config:
    business = _known(Business, settings.get(db, "business", {}))
    textback = _known(Textback, {key.split(".", 1)[1]: value
                                 for key, value in settings.all_settings(db).items()
                                 if key.startswith("textback.")})
    if not business and not textback:
        return config
    candidate = replace(config, business=replace(config.business, **business),
                        textback=replace(config.textback, **textback))
    try:
        validate(candidate)
    except ConfigError as exc:
        log.error("ignoring the settings saved on the admin page: %s", exc)
        return config
    return candidate


def _known(section: type, values: dict) -> dict:
    names = {f.name for f in fields(section)}
    return {key: value for key, value in values.items() if key in names and isinstance(value, str)}
