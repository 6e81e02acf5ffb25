"""The business's trade profile: what the assistant knows about the shop it speaks for."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Mapping


@dataclass(frozen=True)
class PricedService:
    name: str
    low: int
    high: int

    def price_text(self) -> str:
        return f"${self.low:,}-${self.high:,}"


@dataclass(frozen=True)
class TradeProfile:
    business: str
    trade: str
    phone: str = ""
    services: tuple[PricedService, ...] = ()
    service_zips: tuple[str, ...] = ()
    service_towns: tuple[str, ...] = ()
    hours: str = "Mon-Fri 8am-5pm"
    timezone: str = "America/Chicago"
    emergency_policy: str = ""
    callback_promise: str = "within one business hour"  # what replies say about when the team calls
    templates: Mapping[str, str] = field(default_factory=dict)  # overrides of policy templates

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> "TradeProfile":
        """Build from the config's [business] table; unknown keys are an error, not silence."""
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown trade profile keys: {', '.join(sorted(unknown))}")
        if not data.get("business") or not data.get("trade"):
            raise ValueError("trade profile needs 'business' and 'trade'")
        values = dict(data)
        defaults = trade_defaults(values["trade"])
        values.setdefault("emergency_policy", defaults.get("emergency_policy", ""))
        raw_services = values.get("services") or defaults.get("services", [])
        values["services"] = tuple(PricedService(**s) for s in raw_services)
        values["service_zips"] = tuple(str(z) for z in values.get("service_zips", ()))
        values["service_towns"] = tuple(values.get("service_towns", ()))
        values["templates"] = dict(values.get("templates", {}))
        return cls(**values)

    def price_for(self, service_name: str) -> PricedService | None:
        for priced in self.services:
            if priced.name.lower() == service_name.lower():
                return priced
        return None


def trade_defaults(trade: str) -> dict[str, Any]:
    catalogue = tomllib.loads(resources.files(__package__).joinpath("data/trades.toml").read_text())
    return catalogue.get(trade, {})


def default_profile(trade: str, business: str) -> TradeProfile:
    """A profile with the starter catalogue for the trade and no service area (used by eval)."""
    return TradeProfile.from_mapping({"business": business, "trade": trade})
