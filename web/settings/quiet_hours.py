"""Quiet hours on the Settings page: the default window, the shop's windows for particular states,
and the daily limit. Pure: the form in, the settings rows out. The windows are read by the
pipeline's own parser (appliance/pipeline/quiet_hours.py) and the whole result by the config's
checks, so what is saved is what the agent can use."""

from __future__ import annotations

import re
from collections.abc import Mapping

from appliance.config import Config, ConfigError
from appliance.pipeline.hours import HoursError
from appliance.pipeline.quiet_hours import (
    BUILT_IN_STATE_CAPS,
    BUILT_IN_STATE_WINDOWS,
    strictest,
    window,
)
from appliance.pipeline.settings import quiet_rules
from web.settings.plain_checks import checked

LABELS = {"pipeline.quiet_hours": "Quiet hours", "pipeline.state_quiet_hours": "Quiet hours by state",
          "pipeline.max_messages_per_day": "Automated texts a day"}
_STATE_LINE = re.compile(r"^(?P<state>[A-Za-z]{2})\s*[:=]?\s+(?P<window>.+)$")


def form_values(config: Config) -> dict[str, str]:
    p = config.pipeline
    return {"quiet_hours": p.quiet_hours,
            "state_quiet_hours": "\n".join(f"{state} {spec}" for state, spec in p.state_quiet_hours.items()),
            "max_messages_per_day": str(p.max_messages_per_day)}


def typed(form: Mapping[str, str]) -> dict[str, str]:
    """What the owner typed, to show it again when it is refused."""
    return {name: form.get(name, "") for name in ("quiet_hours", "state_quiet_hours", "max_messages_per_day")}


def built_in_rules() -> list[str]:
    """The state rules textback knows without being told, as the page lists them."""
    return [f"{state} {spec}" + (f", at most {BUILT_IN_STATE_CAPS[state]} a day" if state in BUILT_IN_STATE_CAPS
                                 else "")
            for state, spec in BUILT_IN_STATE_WINDOWS.items()]


def rows_from_form(form: Mapping[str, str], config: Config) -> dict[str, object]:
    """The settings rows for what was typed; ConfigError, naming the field, for anything wrong."""
    default = _window(LABELS["pipeline.quiet_hours"], form.get("quiet_hours", ""))
    states = dict(_state_line(line) for line in form.get("state_quiet_hours", "").splitlines() if line.strip())
    rows = {"pipeline.quiet_hours": default, "pipeline.state_quiet_hours": states,
            "pipeline.max_messages_per_day": _whole_number(form.get("max_messages_per_day", ""))}
    rules = quiet_rules(checked(config, rows, LABELS))
    # A number whose area code does not place the customer may only be texted when every window is open.
    if not strictest([rules.default, *rules.states.values()]).spans:
        raise ConfigError("Quiet hours by state: these windows never overlap, so a customer whose area code "
                          "does not say where they are could never get a follow-up")
    return rows


def _state_line(line: str) -> tuple[str, str]:
    match = _STATE_LINE.match(line.strip())
    if not match:
        raise ConfigError(f"Quiet hours by state: {line.strip()!r} should read like 'OK mon-sun 08:00-20:00'")
    state = match["state"].upper()
    return state, _window(f"Quiet hours for {state}", match["window"])


def _window(label: str, spec: str) -> str:
    spec = spec.strip()
    if not spec:
        raise ConfigError(f"{label}: a window is needed, like mon-sun 08:00-21:00")
    try:
        window(spec)
    except HoursError as exc:
        raise ConfigError(f"{label}: {exc}") from None
    return spec


def _whole_number(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ConfigError(f"{LABELS['pipeline.max_messages_per_day']}: {text.strip()!r} is not a whole number") \
            from None
