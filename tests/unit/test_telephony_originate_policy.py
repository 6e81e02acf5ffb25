"""The agent places only its own two kinds of call (appliance/telephony/originate_policy.py):
Asterisk cannot limit an AMI account's Originate to a context, so the agent checks itself,
before anything is sent."""

from __future__ import annotations

import asyncio

import pytest

from appliance.telephony.ami import AmiClient
from appliance.telephony.calls import ami_settings
from appliance.telephony.originate_policy import BRIDGE_CONTEXT, OriginateRefused
from tests.conftest import make_config


@pytest.fixture
def policy(tmp_path):
    return ami_settings(make_config(tmp_path, asterisk={"secret": "s3cret-for-tests"})).originate_policy


def test_the_on_call_bridge_and_the_test_call_are_allowed(policy):
    policy.check("Local/15125559911@from-internal", BRIDGE_CONTEXT, "15125554321", None)
    policy.check("Local/+15125550100@textback-simulate", None, None, "Wait")


@pytest.mark.parametrize("channel, context, exten, application", [
    ("Local/15125559911@from-trunk", BRIDGE_CONTEXT, "15125554321", None),          # another dialling context
    ("Local/900@from-internal/n", BRIDGE_CONTEXT, "1", None),                       # trailing options
    ("PJSIP/15125559911@trunk", BRIDGE_CONTEXT, "1", None),                          # straight to a trunk
    ("Local/s@from-internal", BRIDGE_CONTEXT, "1", None),                            # not a number
    ("Local/15125559911@from-internal", "from-internal", "19005551234", None),      # answered into elsewhere
    ("Local/15125559911@from-internal", BRIDGE_CONTEXT, "s", None),                  # not a customer number
    ("Local/15125559911@from-internal", BRIDGE_CONTEXT, "1&Local/2@x", None),        # smuggled second leg
    ("Local/15125559911@from-internal", None, None, "Dial"),                          # another application
    ("Local/15125559911@from-internal", None, None, "System"),
])
def test_anything_else_is_refused(policy, channel, context, exten, application):
    with pytest.raises(OriginateRefused):
        policy.check(channel, context, exten, application)


def test_the_client_refuses_before_sending_anything(tmp_path):
    settings = ami_settings(make_config(tmp_path, asterisk={"secret": "s3cret-for-tests"}))

    async def originate_elsewhere() -> None:
        client = AmiClient(settings, on_event=lambda event: None)
        await client.originate(channel="Local/19005551234@from-trunk", caller_id="<1>",
                               context=BRIDGE_CONTEXT, exten="1")

    with pytest.raises(OriginateRefused, match="only dials"):     # not "not connected": checked first
        asyncio.run(originate_elsewhere())
