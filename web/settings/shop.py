"""The shop's facts the owner keeps up to date: who is on call, the service area, the review link
and the price list. Pure: the form in, the settings rows out; the effective configuration
(appliance/effective_config.py) puts them on top of the config file, and the same checks as the
file's apply, so a mistake is refused with the key named and nothing is saved."""

from __future__ import annotations

import re
from typing import Mapping

from appliance.config import Config, ConfigError
from appliance.effective_config import with_settings
from appliance.phone import normalise, pretty
from appliance.pipeline.settings import price_list

_PRICE_LINE = re.compile(r"^(?P<name>[^|]+?)\s*\|\s*\$?(?P<low>[\d,]+)\s*\|\s*\$?(?P<high>[\d,]+)\s*$")


def form_values(config: Config) -> dict[str, str]:
    """What the form shows: the settings in force, one item per line."""
    return {
        "on_call": "\n".join(pretty(number) for number in config.brain.on_call),
        "service_zips": " ".join(config.brain.service_zips),
        "service_towns": "\n".join(config.brain.service_towns),
        "review_link": config.pipeline.review_link,
        "prices": "\n".join(f"{s.name} | {s.low} | {s.high}" for s in price_list(config)),
    }


def rows_from_form(form: Mapping[str, str], config: Config) -> dict[str, object]:
    """The settings rows for what was typed; ConfigError, naming the field, for anything wrong."""
    region = config.business.region
    rows = {
        "brain.on_call": [_phone(line, region) for line in _lines(form.get("on_call", ""))],
        "brain.service_zips": _zips(form.get("service_zips", "")),
        "brain.service_towns": _lines(form.get("service_towns", "")),
        "pipeline.review_link": _link(form.get("review_link", "").strip()),
        "business.services": [_price(line) for line in _lines(form.get("prices", ""))],
    }
    with_settings(config, rows)   # the same checks as the config file's, before anything is saved
    return rows


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _phone(line: str, region: str) -> str:
    number = normalise(line, region)
    if number is None:
        raise ConfigError(f"On-call cells: {line!r} is not a phone number (try (512) 555-0199)")
    return number


def _zips(text: str) -> list[str]:
    zips = re.split(r"[\s,]+", text.strip()) if text.strip() else []
    wrong = [z for z in zips if not re.fullmatch(r"\d{5}", z)]
    if wrong:
        raise ConfigError(f"Service-area ZIP codes: {', '.join(wrong)} is not a five-digit ZIP code")
    return zips


def _link(link: str) -> str:
    if link and not re.fullmatch(r"https://\S+", link):
        raise ConfigError("Review link: it must start with https:// (copy it from your Google Business Profile)")
    return link


def _price(line: str) -> dict:
    match = _PRICE_LINE.match(line)
    if not match:
        raise ConfigError(f"Price list: {line!r} should read like 'Drain cleaning | 125 | 350'")
    return {"name": match["name"].strip(), "low": int(match["low"].replace(",", "")),
            "high": int(match["high"].replace(",", ""))}
