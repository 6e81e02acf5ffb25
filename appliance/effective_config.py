"""The configuration in force: the file, with what the owner changed on the admin page on top.

The installer's file holds ports, secrets and paths; the admin page holds what the shop edits
(business profile, text templates, the model choice) in the ``settings`` table. The agent asks for the effective
configuration when it acts, so a change on the admin page applies to the next call or text.
An override that does not validate is ignored, logged, and the file's value stays in force.
"""

from __future__ import annotations

import logging
from dataclasses import fields, replace

import sqlite_utils

from appliance.config import Brain, Business, Config, ConfigError, Textback, validate
from appliance.store import settings

log = logging.getLogger(__name__)


def effective_config(config: Config, db: sqlite_utils.Database) -> Config:
    saved = settings.all_settings(db)
    business = _known(Business, settings.get(db, "business", {}))
    textback = _known(Textback, _section(saved, "textback"))
    brain = _known(Brain, _section(saved, "brain"))
    if not (business or textback or brain):
        return config
    candidate = replace(config, business=replace(config.business, **business),
                        textback=replace(config.textback, **textback),
                        brain=replace(config.brain, **brain))
    try:
        validate(candidate)
    except ConfigError as exc:
        log.error("ignoring the settings saved on the admin page: %s", exc)
        return config
    return candidate


def _section(saved: dict, name: str) -> dict:
    """``{"textback.help_template": ...}`` -> ``{"help_template": ...}`` for one section."""
    return {key.split(".", 1)[1]: value for key, value in saved.items() if key.startswith(f"{name}.")}


def _known(section: type, values: dict) -> dict:
    names = {f.name for f in fields(section)}
    return {key: value for key, value in values.items() if key in names and isinstance(value, str)}
