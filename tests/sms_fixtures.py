"""A simulated modem on a real pty, and a driver with short timeouts, for any test that needs SMS.

    from tests.sms_fixtures import modem_pair
    with modem_pair(tmp_path, "ec25") as (simulator, modem): ...
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from appliance.sms.events import ModemEvent
from appliance.sms.modem import Modem, ModemTimings
from appliance.sms.simulator import ModemSimulator

DIALECTS = ("ec25", "sim800", "huawei")

# Short enough for fast tests, long enough for a loaded 2-core CI machine.
FAST_TIMINGS = ModemTimings(send=2.0, probe=0.3, sim_ready=3.0, registration=1.0, reset=5.0,
                            sweep_interval=60.0, retry_pause=0.05)
FAST_COMMAND_TIMEOUT = 1.0


def fast_modem_at(port: str, **kwargs) -> Modem:
    kwargs.setdefault("timings", FAST_TIMINGS)
    return Modem(port, command_timeout=FAST_COMMAND_TIMEOUT, **kwargs)


@contextmanager
def modem_pair(directory: Path, dialect: str = "sim800", *, open_modem: bool = True,
               modem_kwargs: dict | None = None, **simulator_kwargs) -> Iterator[tuple[ModemSimulator, Modem]]:
    simulator_kwargs.setdefault("noise_interval", 0.2)  # plenty of Huawei chatter mid-response
    with ModemSimulator(directory, dialect, **simulator_kwargs) as simulator:
        modem = fast_modem_at(str(simulator.path), **(modem_kwargs or {}))
        try:
            if open_modem:
                modem.open()
            yield simulator, modem
        finally:
            modem.close()


def poll_until(modem: Modem, done: Callable[[list[ModemEvent]], bool], timeout: float = 5.0,
               step: float = 0.2) -> list[ModemEvent]:
    """Poll, collecting events, until ``done(events)`` or the timeout; returns all events seen."""
    events: list[ModemEvent] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not done(events):
        events += modem.poll(step)
    return events
