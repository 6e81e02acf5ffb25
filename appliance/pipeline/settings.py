"""The nested parts of the pipeline's configuration, read into plain values and checked.

config.py holds the flat keys; the tables and lists (follow-up sequences, campaigns, state
quiet hours, appointment durations) are read here, and every mistake names its key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from appliance.brain.lead import INTENTS
from appliance.brain.profile import PricedService, default_profile
from appliance.config import Config, ConfigError
from appliance.phone import normalise
from appliance.pipeline.hours import HoursError
from appliance.pipeline.quiet_hours import US_STATE_CODES, QuietRules, build_rules
from appliance.pipeline.stages import match_service
from appliance.templates import TemplateError, placeholders, render

CHANNELS = ("sms", "email")
SEQUENCE_STAGES = ("new", "contacted", "qualified", "booked", "completed", "lost")
CAMPAIGN_KINDS = ("after_service", "lost_lead")
# What a follow-up, campaign or review template may say.
TEMPLATE_VALUES = {"business": "Test Shop", "name": "Dana", "service": "Drain cleaning",
                   "phone": "(512) 555-0100", "link": "https://g.page/r/example"}


@dataclass(frozen=True)
class Step:
    delay: timedelta                # after the previous step (the first: after the stage began)
    channel: str                    # sms or email
    template: str
    subject: str = ""               # email only


@dataclass(frozen=True)
class Sequence:
    name: str
    stage: str                      # entering this stage starts the sequence
    intents: tuple[str, ...]        # empty: any intent
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Campaign:
    name: str
    kind: str                       # after_service: a done job of `service`; lost_lead: a lost lead
    after: timedelta
    template: str
    service: str = ""


DEFAULT_SEQUENCES = (
    Sequence("no reply after the text-back", "contacted", (), (
        Step(timedelta(hours=3), "sms",
             "Hi, it's {business} again. Still need a hand? Just reply here and we'll take it from there. "
             "Reply STOP to opt out."),
        Step(timedelta(days=1), "sms",
             "Last check-in from {business}: if you still need help, reply here any time."),
    )),
    Sequence("qualified but not booked", "qualified", (), (
        Step(timedelta(days=1), "sms",
             "Hi {name}, {business} here. Still want to get your {service} on the calendar? "
             "Reply and we'll find a time that works."),
    )),
)

# The booking and review texts: (placeholders each may use, placeholders each must use). The review
# request may not greet by name or mention the job: every customer gets the same words (no gating).
WORDING: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "booking.offer_template": (frozenset({"business", "slots", "choices"}), frozenset({"slots", "choices"})),
    "booking.confirmation_template": (frozenset({"business", "technician", "when", "job"}), frozenset({"when"})),
    "booking.reminder_template": (frozenset({"business", "technician", "when", "job"}), frozenset({"when"})),
    "booking.on_the_way_template": (frozenset({"business", "technician", "job"}), frozenset()),
    "pipeline.review_template": (frozenset({"business", "phone", "link"}), frozenset({"link"})),
    "pipeline.review_reminder_template": (frozenset({"business", "phone", "link", "name"}), frozenset({"link"})),
}


def quiet_rules(config: Config) -> QuietRules:
    p = config.pipeline
    return build_rules(p.max_messages_per_day, p.quiet_hours, p.state_quiet_hours, p.state_daily_caps)


def sequences(config: Config) -> tuple[Sequence, ...]:
    raw = config.pipeline.sequences
    return tuple(_sequence(f"pipeline.sequences[{i}]", item) for i, item in enumerate(raw)) if raw \
        else DEFAULT_SEQUENCES


def campaigns(config: Config) -> tuple[Campaign, ...]:
    return tuple(_campaign(f"pipeline.campaigns[{i}]", item) for i, item in enumerate(config.pipeline.campaigns))


def price_list(config: Config) -> tuple[PricedService, ...]:
    """The shop's own services and prices ([[business.services]]), else the trade's starter list."""
    own = config.business.services
    if not own:
        return default_profile(config.business.trade, config.business.name).services
    return tuple(_priced_service(f"business.services[{i}]", item) for i, item in enumerate(own))


def duration_for(config: Config, service: str) -> timedelta:
    """How long a visit for ``service`` takes: [booking] durations under the service's own name, or under
    the price-list entry its words match (the brain says "drain repair (clogged drain)", the shop's
    table says "Drain cleaning"), else the default."""
    minutes = {name.lower(): minutes for name, minutes in config.booking.durations.items()}
    priced = match_service(service, price_list(config))
    for name in (service, priced.name if priced else ""):
        if name.lower() in minutes:
            return timedelta(minutes=minutes[name.lower()])
    return timedelta(minutes=config.booking.default_duration_minutes)


def validate(config: Config) -> None:
    """Raise ConfigError, naming the key, for anything the pipeline could not use."""
    _validate_price_list(config)
    p = config.pipeline
    _check_table("pipeline.state_quiet_hours", p.state_quiet_hours, str)
    _check_table("pipeline.state_daily_caps", p.state_daily_caps, int)
    for table in ("state_quiet_hours", "state_daily_caps"):
        for state in getattr(p, table):
            if state not in US_STATE_CODES:
                raise ConfigError(f"pipeline.{table}: {state!r} is not a two-letter US state like \"FL\"")
    if p.max_messages_per_day < 1:
        raise ConfigError("pipeline.max_messages_per_day: must be 1 or more")
    try:
        quiet_rules(config)
    except HoursError as exc:
        raise ConfigError(f"pipeline.quiet_hours: {exc}") from None
    for key in ("sequences", "campaigns"):
        if not isinstance(getattr(p, key), list):
            raise ConfigError(f"pipeline.{key}: must be a list of tables ([[pipeline.{key}]])")
    sequences(config)
    campaigns(config)
    _validate_wording(config)
    if p.review_link and not p.review_link.startswith("https://"):
        raise ConfigError(f"pipeline.review_link: {p.review_link!r} must be an https:// link")
    for number in (p.owner_phone, *p.staff_numbers):
        if number and normalise(number, config.business.region) is None:
            raise ConfigError(f"pipeline: {number!r} (owner_phone or staff_numbers) is not a phone number")
    if not 0.5 <= p.poll_seconds <= 300:
        raise ConfigError("pipeline.poll_seconds: must be from 0.5 to 300 seconds")
    if p.review_reminder_days < 1:
        raise ConfigError("pipeline.review_reminder_days: must be 1 or more")
    if config.mail.security not in ("starttls", "ssl", "none"):
        raise ConfigError(f"mail.security: {config.mail.security!r} must be starttls, ssl or none")
    if config.mail.host and "@" not in config.mail.sender:
        raise ConfigError("mail.sender: an email address is needed when mail.host is set")
    if not 0 <= config.mail.daily_summary_hour <= 23:
        raise ConfigError("mail.daily_summary_hour: must be an hour from 0 to 23")
    _check_table("booking.durations", config.booking.durations, int)
    b = config.booking
    if min(b.slot_minutes, b.offer_count, b.horizon_days, b.default_duration_minutes) < 1 or \
            b.travel_buffer_minutes < 0 or b.min_notice_hours < 0:
        raise ConfigError("booking: slot_minutes, offer_count, horizon_days and default_duration_minutes must be "
                          "1 or more; travel_buffer_minutes and min_notice_hours 0 or more")
    if config.webhook.url and len(config.webhook.secret) < 16:
        raise ConfigError("webhook.secret: at least 16 characters are needed to sign webhooks")


def _sequence(key: str, item: Any) -> Sequence:
    item = _table(key, item, {"name", "stage", "intents", "steps"})
    stage = item.get("stage")
    if stage not in SEQUENCE_STAGES:
        raise ConfigError(f"{key}.stage: must be one of {', '.join(SEQUENCE_STAGES)}, got {stage!r}")
    intents = tuple(item.get("intents", ()))
    for intent in intents:
        if intent not in INTENTS:
            raise ConfigError(f"{key}.intents: {intent!r} is not an intent; intents are {', '.join(INTENTS)}")
    steps = item.get("steps")
    if not isinstance(steps, list) or not steps:
        raise ConfigError(f"{key}.steps: needs at least one step")
    return Sequence(str(item.get("name") or f"{stage} follow-up"), stage, intents,
                    tuple(_step(f"{key}.steps[{i}]", step) for i, step in enumerate(steps)))


def _step(key: str, item: Any) -> Step:
    item = _table(key, item, {"delay_hours", "delay_minutes", "channel", "template", "subject"})
    hours, minutes = item.get("delay_hours", 0), item.get("delay_minutes", 0)
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) and n >= 0 for n in (hours, minutes)):
        raise ConfigError(f"{key}: delay_hours and delay_minutes must be numbers of 0 or more")
    channel = item.get("channel", "sms")
    if channel not in CHANNELS:
        raise ConfigError(f"{key}.channel: must be sms or email, got {channel!r}")
    template = item.get("template")
    if not isinstance(template, str) or not template.strip():
        raise ConfigError(f"{key}.template: the text to send is missing")
    _check_template(f"{key}.template", template)
    subject = item.get("subject", "")
    if channel == "email" and not subject:
        raise ConfigError(f"{key}.subject: an email step needs a subject")
    return Step(timedelta(hours=hours, minutes=minutes), channel, template, subject)


def _campaign(key: str, item: Any) -> Campaign:
    item = _table(key, item, {"name", "kind", "service", "after_days", "template"})
    kind = item.get("kind")
    if kind not in CAMPAIGN_KINDS:
        raise ConfigError(f"{key}.kind: must be one of {', '.join(CAMPAIGN_KINDS)}, got {kind!r}")
    if kind == "after_service" and not item.get("service"):
        raise ConfigError(f"{key}.service: an after_service campaign needs the service it follows")
    days = item.get("after_days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise ConfigError(f"{key}.after_days: must be a whole number of days, 1 or more")
    template = item.get("template", "")
    _check_template(f"{key}.template", template)
    if "STOP" not in template.upper():
        raise ConfigError(f"{key}.template: a marketing text must say how to opt out (\"Reply STOP to opt out\")")
    return Campaign(str(item.get("name") or kind), kind, timedelta(days=days), template, item.get("service", ""))


def _validate_wording(config: Config) -> None:
    for key, (allowed, required) in WORDING.items():
        section, name = key.split(".")
        template = getattr(getattr(config, section), name)
        try:
            render(template, **{placeholder: "x" for placeholder in allowed})
        except TemplateError as exc:
            raise ConfigError(f"{key}: {exc}") from None
        missing = sorted(required - set(placeholders(template)))
        if missing:
            raise ConfigError(f"{key}: must contain {{{missing[0]}}}")


def _validate_price_list(config: Config) -> None:
    if not isinstance(config.business.services, list):
        raise ConfigError("business.services: must be a list of tables ([[business.services]] with name, low, high)")
    names = [service.name.lower() for service in price_list(config)]
    repeated = next((name for name in names if names.count(name) > 1), None)
    if repeated:
        raise ConfigError(f"business.services: {repeated!r} is listed twice; give each service one price range")


def _priced_service(key: str, item: Any) -> PricedService:
    item = _table(key, item, {"name", "low", "high"})
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{key}.name: the service's name is missing, like \"Drain cleaning\"")
    low, high = item.get("low"), item.get("high")
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (low, high)):
        raise ConfigError(f"{key}: low and high must be whole dollar amounts of 0 or more, got {low!r} and {high!r}")
    if low > high:
        raise ConfigError(f"{key}: low ({low}) is more than high ({high})")
    return PricedService(name.strip(), low, high)


def _table(key: str, item: Any, known: set[str]) -> dict:
    if not isinstance(item, dict):
        raise ConfigError(f"{key}: must be a table of keys, not {type(item).__name__}")
    unknown = sorted(set(item) - known)
    if unknown:
        raise ConfigError(f"{key}.{unknown[0]}: unknown key; known keys: {', '.join(sorted(known))}")
    return item


def _check_table(key: str, table: Any, value_type: type) -> None:
    if not isinstance(table, dict) or not all(
            isinstance(v, value_type) and not isinstance(v, bool) for v in table.values()):
        raise ConfigError(f"{key}: must be a table of {value_type.__name__} values")


def _check_template(key: str, template: str) -> None:
    try:
        render(template, **TEMPLATE_VALUES)
    except TemplateError as exc:
        raise ConfigError(f"{key}: {exc}") from None
