"""Fixtures shared by the integration tests."""

import pytest

from appliance.sms.simulator import ModemSimulator


@pytest.fixture
def modem(tmp_path):
    """A simulated Quectel EC25 on a real pseudo-terminal."""
    with ModemSimulator(tmp_path, "ec25") as simulator:
        yield simulator
