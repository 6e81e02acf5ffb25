"""The structured lead the brain produces: plain, JSON-serialisable values."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

INTENTS = (
    "emergency_repair",
    "service_request",
    "new_installation",
    "quote_request",
    "warranty_claim",
    "existing_customer",
    "not_a_lead",
)
URGENCIES = ("emergency", "high", "normal", "low")


@dataclass(frozen=True)
class Address:
    """A service address, normalised from the customer's words by usaddress."""

    text: str  # one line, as we would print it on a work order
    street: str = ""
    unit: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    in_service_area: bool | None = None  # None: nothing configured or not enough to tell


@dataclass(frozen=True)
class PreferredTime:
    """When the customer would like the visit: their words and, if dateparser could, a start."""

    text: str
    start: str | None = None  # ISO 8601 in the business time zone


@dataclass
class Lead:
    intent: str = "service_request"
    urgency: str = "normal"
    escalate: bool = False
    name: str | None = None
    address: Address | None = None
    service: str | None = None
    preferred_time: PreferredTime | None = None
    opt_out: bool = False
    hazard: str | None = None  # gas, fire, electrical, flooding, sewage, co, no_heat, heat, medical_power, structural, boiler_pressure,
    # no_water, stock_at_risk, pipes_freezing, oil_leak; unclear: no rule named it
    language: str = "en"
    injection: bool = False  # the texts tried to instruct the assistant
    confidence: dict[str, float] = field(default_factory=dict)
    source: dict[str, str] = field(default_factory=dict)  # field -> rules | model | correction

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Lead":
        values = dict(data)
        if values.get("address"):
            values["address"] = Address(**values["address"])
        if values.get("preferred_time"):
            values["preferred_time"] = PreferredTime(**values["preferred_time"])
        return cls(**values)

    def missing(self) -> list[str]:
        """The facts the office still needs before a person can call back with a plan."""
        wanted = []
        if not self.service:
            wanted.append("service")
        if not self.address:
            wanted.append("address")
        if not self.name:
            wanted.append("name")
        if not self.preferred_time and not self.escalate:
            wanted.append("preferred_time")
        return wanted
