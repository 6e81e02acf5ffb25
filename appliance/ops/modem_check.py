"""Doctor: the GSM modem: present, answering, SIM and PIN, signal, registration, SMS centre.

While the agent runs it holds the serial port (exclusively), so doctor does not fight it
for the port: if the agent published the modem's health in the last few minutes, that
reading is judged. Otherwise doctor opens the port itself with the agent's driver.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from appliance.config import Modem as ModemSettings
from appliance.ops.report import Check, failed, passed, skipped

FRESH = timedelta(minutes=3)
WEAK_CSQ = 3            # -107 dBm and below: texts fail more often than they go
PORT_FIX = ("plug the modem in and check it appears in ls -l /dev/serial/by-id/; "
            "re-run install.sh to write the udev rule for /dev/textback-modem, or set modem.port")
LATER = ("modem answers", "SIM and PIN", "signal", "network registration", "SMS centre")


@dataclasses.dataclass(frozen=True)
class Reading:
    """The parts of a modem health reading doctor judges (from the driver or the agent's report)."""

    model: str | None
    csq: int | None
    rssi_dbm: int | None
    registered: bool
    roaming: bool
    operator: str | None
    smsc: str | None

    @classmethod
    def from_fields(cls, values: dict[str, Any]) -> Reading:
        return cls(**{f.name: values.get(f.name) for f in dataclasses.fields(cls)})


# -- pure -----------------------------------------------------------------------------------

def agent_reading(row: dict[str, Any] | None, now: datetime) -> dict[str, Any] | None:
    """The agent's published modem health when recent enough to trust, else None."""
    if not row:
        return None
    from appliance.clock import parse_iso

    if now - parse_iso(row["updated_at"]) > FRESH:
        return None
    return row["value"]


def judge_port(port: str, exists: bool, resolved: str | None) -> Check:
    if not exists:
        return failed("modem port", f"{port} does not exist: no modem plugged in, or no udev rule", PORT_FIX)
    where = f" -> {resolved}" if resolved and resolved != port else ""
    return passed("modem port", f"{port}{where}")


def judge_reading(reading: Reading, source: str) -> list[Check]:
    checks = [passed("modem answers", f"{reading.model or 'modem'} ({source})"),
              passed("SIM and PIN", "SIM ready")]
    if reading.csq is None:
        checks.append(failed("signal", "no signal reading (AT+CSQ says unknown)",
                             "connect the antenna, move the modem (a USB extension cable to a window helps)"))
    elif reading.csq <= WEAK_CSQ:
        checks.append(failed("signal", f"{reading.rssi_dbm} dBm: too weak for reliable texts",
                             "move the modem or add an antenna; aim for -95 dBm or better"))
    else:
        checks.append(passed("signal", f"{reading.rssi_dbm} dBm (CSQ {reading.csq})"))
    if reading.registered:
        checks.append(passed("network registration",
                             f"{'roaming on' if reading.roaming else 'registered on'} {reading.operator or 'the network'}"))
    else:
        checks.append(failed("network registration", "not registered on a mobile network",
                             "check the SIM is active and has a plan with SMS, and that the carrier covers the shop"))
    if reading.smsc:
        checks.append(passed("SMS centre", reading.smsc))
    else:
        checks.append(failed("SMS centre", "the SIM has no SMS centre number",
                             "ask the carrier for its SMS centre number and set it with AT+CSCA"))
    return checks


def judge_agent_down(error: str) -> list[Check]:
    """The agent's own last word about the modem, when it says the modem is down."""
    return [failed("modem answers", f"the agent reports: {error}", PORT_FIX),
            *(skipped(name, "the modem is not answering") for name in LATER[1:])]


def judge_open_error(kind: str, message: str, sim_problem: bool) -> list[Check]:
    """Map a driver error from opening the modem to the check it fails."""
    if sim_problem:
        return [passed("modem answers", "the modem answers AT commands"),
                failed("SIM and PIN", message,
                       "insert an active SIM; if it has a PIN, set modem.pin in the textback config"),
                *(skipped(name, "the SIM is not ready") for name in LATER[2:])]
    fix = PORT_FIX if kind == "PortGone" else "unplug the modem and plug it back in; check it is in modem (not HiLink) mode"
    return [failed("modem answers", message, fix),
            *(skipped(name, "the modem is not answering") for name in LATER[1:])]


# -- I/O ------------------------------------------------------------------------------------

def check_modem(settings: ModemSettings, published: dict[str, Any] | None, now: datetime) -> list[Check]:
    port = Path(settings.port)
    exists = port.exists()
    checks = [judge_port(settings.port, exists, str(port.resolve()) if exists else None)]
    if not exists:
        return checks + [skipped(name, "no modem port") for name in LATER]
    reported = agent_reading(published, now)
    if reported is not None:
        if reported.get("state") == "down":
            return checks + judge_agent_down(str(reported.get("error")))
        return checks + judge_reading(Reading.from_fields(reported), "as the running agent reported it")
    return checks + _probe(settings)


def _probe(settings: ModemSettings) -> list[Check]:
    from appliance.sms.errors import CommandFailed, ModemError, SimNotReady
    from appliance.sms.modem import Modem, ModemTimings

    modem = Modem(settings.port, settings.baudrate, settings.pin or None, command_timeout=5.0,
                  timings=ModemTimings(sim_ready=10.0, registration=15.0, reset=15.0))
    try:
        modem.open()
        health = modem.health()
    except ModemError as error:
        sim_problem = isinstance(error, SimNotReady) or (
            isinstance(error, CommandFailed) and (error.sim_missing or error.command.startswith("AT+CPIN")))
        return judge_open_error(type(error).__name__, str(error), sim_problem)
    finally:
        modem.close()
    return judge_reading(Reading.from_fields(dataclasses.asdict(health)), f"on {settings.port}")
