"""The config's own checks, with a refusal worded for the page: the config key it names
("pipeline.sequences[0].steps[1].template") becomes the field's name on the form."""

from __future__ import annotations

from collections.abc import Mapping

from appliance.config import Config, ConfigError
from appliance.effective_config import with_settings


def checked(config: Config, rows: dict, labels: Mapping[str, str]) -> Config:
    """``with_settings(config, rows)``; a ConfigError names the field by its label in ``labels``."""
    try:
        return with_settings(config, rows)
    except ConfigError as exc:
        key, _, reason = str(exc).partition(": ")
        raise ConfigError(f"{labels.get(key, key)}: {reason}") from None
