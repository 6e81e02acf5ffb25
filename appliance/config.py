"""The appliance's one TOML configuration file: where it is, what it holds, and validation.

Found in this order: ``--config PATH``, then ``$TEXTBACK_CONFIG``, then /etc/textback/textback.toml.
Every error names the key and says what is wrong, because the person reading it is an installer
on SSH, not the author of this code.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_PATH = Path("/etc/textback/textback.toml")

DEFAULT_TEMPLATE = (
    "Hi, this is {business}. Sorry we missed your call! "
    "How can we help? Reply here and we'll get right on it. Reply STOP to opt out."
)
DEFAULT_AFTER_HOURS_TEMPLATE = (
    "Hi, this is {business}. We're closed right now, but we got your call. "
    "Reply with what you need and we'll get back to you first thing. "
    "If it's an emergency, text EMERGENCY. Reply STOP to opt out."
)
DEFAULT_HELP_TEMPLATE = (
    "{business}: this is our automated text line. Call us at {phone} or reply here. "
    "Msg & data rates may apply. Reply STOP to opt out."
)
DEFAULT_OPT_OUT_CONFIRMATION = (
    "{business}: you're unsubscribed and won't get more texts from us. Reply START to resubscribe."
)
DEFAULT_OPT_IN_CONFIRMATION = (
    "{business}: you're subscribed again. Reply HELP for help, STOP to opt out."
)
# Booking and review texts; appliance/pipeline/settings.py says which placeholders each may use.
DEFAULT_OFFER_TEMPLATE = "{business} can come:\n{slots}\nReply {choices}, or NONE if none of those work."
DEFAULT_CONFIRMATION_TEMPLATE = ("You're booked with {business}: {technician}, {when} (job #{job}). "
                                 "We'll remind you the day before.")
DEFAULT_REMINDER_TEMPLATE = ("Reminder from {business}: {technician} is coming {when} (job #{job}). "
                             "Reply C to confirm or R to reschedule.")
DEFAULT_ON_THE_WAY_TEMPLATE = "{business}: {technician} is on the way now."
DEFAULT_REVIEW_TEMPLATE = (
    "Thanks for choosing {business}! If you have a minute, a review helps us a lot: {link} "
    "Reply STOP to opt out."
)
DEFAULT_REVIEW_REMINDER_TEMPLATE = "Hi {name}, {business} again. If you get a moment, we'd love your review: {link}"


class ConfigError(ValueError):
    """A configuration problem, phrased for the person fixing the file."""


@dataclass(frozen=True)
class Business:
    name: str
    trade: str
    timezone: str
    phone: str
    region: str = "US"
    hours: str = "mon-fri 08:00-17:00"
    services: list = field(default_factory=list)    # [[business.services]] name, low, high: the shop's prices


@dataclass(frozen=True)
class Asterisk:
    host: str = "127.0.0.1"
    port: int = 5038
    username: str = "textback"
    secret: str = ""
    inbound_contexts: tuple[str, ...] = (
        "textback-inbound", "from-trunk", "from-pstn", "from-did-direct", "ext-did",
    )
    originate_context: str = "textback-simulate"
    outbound_context: str = "from-internal"     # where the PBX dials outside numbers (the on-call tech's cell)
    cdr_path: str = "/var/log/asterisk/cdr-custom/textback.csv"
    watchdog_seconds: float = 20.0


@dataclass(frozen=True)
class Modem:
    port: str = "/dev/textback-modem"
    baudrate: int = 115200
    pin: str = ""
    seconds_between_sends: float = 6.0
    daily_limit: int = 150


@dataclass(frozen=True)
class Storage:
    database: str = "/var/lib/textback/textback.db"


@dataclass(frozen=True)
class Textback:
    template: str = DEFAULT_TEMPLATE
    after_hours_template: str = DEFAULT_AFTER_HOURS_TEMPLATE
    cooldown_minutes: int = 30
    max_delay_minutes: int = 120
    ignore_numbers: tuple[str, ...] = ()
    help_template: str = DEFAULT_HELP_TEMPLATE
    opt_out_confirmation: str = DEFAULT_OPT_OUT_CONFIRMATION
    opt_in_confirmation: str = DEFAULT_OPT_IN_CONFIRMATION


@dataclass(frozen=True)
class Brain:
    model: str = ""                             # "": the bundled SmolLM2; "gemma3"; or a GGUF in models/ or a path
    use_model: bool = True                      # false: rules and parsers only
    model_timeout_seconds: float = 1.5          # past this a reply goes out on the rules alone
    on_call: tuple[str, ...] = ()               # technicians' cells for emergencies, first one first
    service_zips: tuple[str, ...] = ()
    service_towns: tuple[str, ...] = ()
    callback_promise: str = "within one business hour"


@dataclass(frozen=True)
class Web:
    bind: str = "127.0.0.1"             # a LAN address of the mini-PC; never the world
    port: int = 8080
    allow_all_interfaces: bool = False  # must be said out loud to bind 0.0.0.0 / ::
    tls_certificate: str = ""           # PEM file; with tls_key the page is served over HTTPS only
    tls_key: str = ""                   # its private key (PEM, no passphrase)


@dataclass(frozen=True)
class Pipeline:
    """Follow-ups, quiet hours, reviews and campaigns; appliance/pipeline/settings.py reads the nested parts."""

    owner_phone: str = ""                       # gets lead alerts and complaint alerts by text
    owner_email: str = ""                       # gets lead alerts and the daily summary
    staff_numbers: tuple[str, ...] = ()         # may text "DONE <job#>"
    high_value_usd: int = 1000
    max_messages_per_day: int = 3               # automated texts to one person per their calendar day
    quiet_hours: str = "mon-sun 08:00-21:00"    # the default window, in the person's time zone
    state_quiet_hours: dict = field(default_factory=dict)   # {OK = "mon-sun 08:00-20:00"}
    state_daily_caps: dict = field(default_factory=dict)    # {OK = 3}
    sequences: list = field(default_factory=list)           # [[pipeline.sequences]]; empty: the defaults
    review_link: str = ""
    review_reminder_days: int = 3
    review_template: str = DEFAULT_REVIEW_TEMPLATE           # the same words for every customer: no {name}
    review_reminder_template: str = DEFAULT_REVIEW_REMINDER_TEMPLATE
    campaigns: list = field(default_factory=list)           # [[pipeline.campaigns]]
    # Campaigns go to people who opted in (consent ledger). True: also to customers whose job was
    # completed and who never opted out: the owner's call, under their own reading of the rules.
    campaigns_to_past_customers: bool = False
    poll_seconds: float = 15.0                  # how often the agent looks for due follow-ups, reminders, emails


@dataclass(frozen=True)
class Mail:
    host: str = ""                              # empty: no email is sent
    port: int = 587
    security: str = "starttls"                  # starttls, ssl or none
    username: str = ""
    password: str = ""
    sender: str = ""
    timeout_seconds: float = 20.0
    daily_summary_hour: int = 7                 # local hour the owner gets yesterday's summary


@dataclass(frozen=True)
class Booking:
    slot_minutes: int = 30                      # appointments start on this grid
    travel_buffer_minutes: int = 30             # kept free between two jobs of one technician
    offer_count: int = 3
    horizon_days: int = 7
    min_notice_hours: int = 2
    default_duration_minutes: int = 120
    durations: dict = field(default_factory=dict)   # {"Tune-up" = 60}
    offer_template: str = DEFAULT_OFFER_TEMPLATE
    confirmation_template: str = DEFAULT_CONFIRMATION_TEMPLATE
    reminder_template: str = DEFAULT_REMINDER_TEMPLATE
    on_the_way_template: str = DEFAULT_ON_THE_WAY_TEMPLATE


@dataclass(frozen=True)
class Caldav:
    url: str = ""                               # empty: no two-way calendar sync
    username: str = ""
    password: str = ""


@dataclass(frozen=True)
class Webhook:
    url: str = ""                               # empty: no webhook
    secret: str = ""
    max_attempts: int = 8


@dataclass(frozen=True)
class Config:
    business: Business
    asterisk: Asterisk = field(default_factory=Asterisk)
    modem: Modem = field(default_factory=Modem)
    storage: Storage = field(default_factory=Storage)
    textback: Textback = field(default_factory=Textback)
    web: Web = field(default_factory=Web)
    brain: Brain = field(default_factory=Brain)
    pipeline: Pipeline = field(default_factory=Pipeline)
    mail: Mail = field(default_factory=Mail)
    booking: Booking = field(default_factory=Booking)
    caldav: Caldav = field(default_factory=Caldav)
    webhook: Webhook = field(default_factory=Webhook)
    source: str = "<memory>"


_SECTIONS = {
    "business": Business,
    "asterisk": Asterisk,
    "modem": Modem,
    "storage": Storage,
    "textback": Textback,
    "web": Web,
    "brain": Brain,
    "pipeline": Pipeline,
    "mail": Mail,
    "booking": Booking,
    "caldav": Caldav,
    "webhook": Webhook,
}


def find_config_path(cli_path: str | None, environ: dict[str, str] | None = None) -> Path:
    """The file to read: --config, then $TEXTBACK_CONFIG, then the system default."""
    environ = os.environ if environ is None else environ
    if cli_path:
        return Path(cli_path)
    if environ.get("TEXTBACK_CONFIG"):
        return Path(environ["TEXTBACK_CONFIG"])
    return DEFAULT_PATH


def load_config(path: Path) -> Config:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            f"no configuration file at {path}: pass --config PATH or set TEXTBACK_CONFIG"
        ) from None
    except PermissionError:
        raise ConfigError(f"cannot read {path}: permission denied (run as the textback user)") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return parse_config(data, source=str(path))


def parse_config(data: dict[str, Any], source: str = "<memory>") -> Config:
    unknown = sorted(set(data) - set(_SECTIONS))
    if unknown:
        raise ConfigError(f"unknown section [{unknown[0]}]; known sections: {', '.join(_SECTIONS)}")
    if "business" not in data:
        raise ConfigError("missing section [business] (name, trade, timezone, phone)")
    sections = {name: _build_section(name, cls, data.get(name, {})) for name, cls in _SECTIONS.items()}
    config = Config(**sections, source=source)
    validate(config)
    return config


def _build_section(name: str, cls: type, values: Any) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"[{name}] must be a table of keys, not {type(values).__name__}")
    known = {f.name: f for f in fields(cls)}
    for key in values:
        if key not in known:
            raise ConfigError(f"{name}.{key}: unknown key; known keys: {', '.join(known)}")
    missing = [
        f.name for f in known.values()
        if f.name not in values and f.default is MISSING and f.default_factory is MISSING
    ]
    if missing:
        raise ConfigError(f"{name}.{missing[0]}: required but missing")
    return cls(**{key: _coerce(f"{name}.{key}", known[key], value) for key, value in values.items()})



def _coerce(key: str, spec: Any, value: Any) -> Any:
    expected = spec.type
    if expected in ("int",) and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{key}: must be a whole number, got {value!r}")
    if expected == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{key}: must be a number, got {value!r}")
        return float(value)
    if expected == "bool" and not isinstance(value, bool):
        raise ConfigError(f"{key}: must be true or false, got {value!r}")
    if expected == "str" and not isinstance(value, str):
        raise ConfigError(f"{key}: must be text in quotes, got {value!r}")
    if expected.startswith("tuple"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key}: must be a list of text, like [\"a\", \"b\"], got {value!r}")
        return tuple(value)
    return value


def validate(config: Config) -> None:
    business = config.business
    if not business.name.strip():
        raise ConfigError("business.name: must not be empty; it is how every text introduces the shop")
    try:
        ZoneInfo(business.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"business.timezone: {business.timezone!r} is not a time zone name like \"America/Chicago\""
        ) from None
    _validate_phone("business.phone", business.phone, business.region)
    _validate_hours("business.hours", business.hours)
    for number in config.textback.ignore_numbers:
        _validate_phone("textback.ignore_numbers", number, business.region)
    for number in config.brain.on_call:
        _validate_phone("brain.on_call", number, business.region)
    if not 1 <= config.asterisk.port <= 65535:
        raise ConfigError(f"asterisk.port: {config.asterisk.port} is not a TCP port (1-65535)")
    if not 1 <= config.web.port <= 65535:
        raise ConfigError(f"web.port: {config.web.port} is not a TCP port (1-65535)")
    _validate_tls_pair(config.web)
    if config.textback.cooldown_minutes < 0:
        raise ConfigError("textback.cooldown_minutes: must be 0 or more")
    if config.textback.max_delay_minutes < 1:
        raise ConfigError("textback.max_delay_minutes: must be 1 or more")
    if config.modem.seconds_between_sends < 0 or config.modem.daily_limit < 1:
        raise ConfigError("modem.seconds_between_sends must be >= 0 and modem.daily_limit >= 1")
    if config.modem.baudrate not in (9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600):
        raise ConfigError(f"modem.baudrate: {config.modem.baudrate} is not a standard serial speed")
    for key in ("template", "after_hours_template", "help_template", "opt_in_confirmation"):
        validate_template(f"textback.{key}", getattr(config.textback, key), needs_stop=True)
    validate_template("textback.opt_out_confirmation", config.textback.opt_out_confirmation,
                       needs_stop=False)
    _validate_pipeline(config)


def _validate_pipeline(config: Config) -> None:
    from appliance.pipeline.settings import validate as validate_pipeline_settings

    validate_pipeline_settings(config)


def _validate_tls_pair(web: Web) -> None:
    # One without the other is a half-done HTTPS setup: say which half is missing.
    if web.tls_certificate and not web.tls_key:
        raise ConfigError("web.tls_key: missing; web.tls_certificate is set, and HTTPS needs its private key "
                          "too (like \"/etc/textback/tls/admin.key\")")
    if web.tls_key and not web.tls_certificate:
        raise ConfigError("web.tls_certificate: missing; web.tls_key is set, and HTTPS needs the certificate "
                          "too (like \"/etc/textback/tls/admin.crt\")")


def _validate_phone(key: str, number: str, region: str) -> None:
    from appliance.phone import normalise

    if normalise(number, region) is None:
        raise ConfigError(f"{key}: {number!r} is not a phone number (try +15125550100)")


def _validate_hours(key: str, spec: str) -> None:
    from appliance.pipeline.hours import HoursError, parse_hours

    try:
        parse_hours(spec)
    except HoursError as exc:
        raise ConfigError(f"{key}: {exc}") from None


def validate_template(key: str, template: str, needs_stop: bool) -> None:
    from appliance.templates import TemplateError, render

    try:
        render(template, business="Test Shop", phone="(512) 555-0100")
    except TemplateError as exc:
        raise ConfigError(f"{key}: {exc}") from None
    if needs_stop and "STOP" not in template.upper():
        raise ConfigError(f"{key}: must tell people how to opt out (for example \"Reply STOP to opt out\")")
