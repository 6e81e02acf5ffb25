"""Helpers shared by the reliability tests: the admin page over a running agent's database."""

from __future__ import annotations

from datetime import datetime, timezone

from appliance.config import load_config
from tests.integration.agent_rig import AgentRig
from tests.web_support import OWNER, SETUP_CODE, add_user, login
from web.app import create_app


def admin_client(rig: AgentRig):
    """A Flask test client logged in as the owner, reading the same SQLite file as the agent."""
    config = load_config(rig.config_path)
    add_user(config, datetime.now(timezone.utc), *OWNER, "owner")
    client = create_app(config, setup_code=SETUP_CODE).test_client()
    login(client, *OWNER)
    return client


def with_sim_limits(rig: AgentRig, seconds_between_sends: float, daily_limit: int) -> AgentRig:
    """AgentRig switches the SIM's spacing off and keeps the default daily cap; set both."""
    text = rig.config_path.read_text()
    rig.config_path.write_text(text.replace(
        "seconds_between_sends = 0", f"seconds_between_sends = {seconds_between_sends}\ndaily_limit = {daily_limit}"))
    return rig
