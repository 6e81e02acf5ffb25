"""`textback simulate-call NUMBER`: place a call that rings out and is missed.

An AMI Originate of Local/<DID>@textback-simulate with caller ID NUMBER: the
call runs our real inbound dialplan (asterisk-config/extensions_textback.conf)
but rings a phone nobody can answer, so the agent sees a genuine missed call
and texts NUMBER back. Works the same against the demo's simulated PBX.
"""

from __future__ import annotations

import asyncio
import contextlib
import re

from appliance.telephony.ami import AmiClient, AmiSettings

SIMULATE_CONTEXT = "textback-simulate"
# The simulated call rings for TEXTBACK_SIMULATE_RINGTIME (3 s by default);
# the Originate gives up well after that.
RING_TIMEOUT = 30.0
_SEPARATORS = re.compile(r"[\s().-]")
_PHONE = re.compile(r"^\+?[0-9]{3,15}$")


def dialable(number: str, what: str) -> str:
    """'+1 (512) 555-0123' -> '+15125550123'; anything else is a ValueError that says why."""
    compact = _SEPARATORS.sub("", number)
    if not _PHONE.match(compact):
        raise ValueError(f"{what} {number!r} is not a phone number (digits, optionally starting with +)")
    return compact


async def place_test_call(
    target: AmiClient | AmiSettings,
    caller_number: str,
    *,
    did: str,
    context: str = SIMULATE_CONTEXT,
    connect_timeout: float = 10.0,
) -> str:
    """Originate the test call through a connected client, or through a short-lived
    connection made from settings. Returns a sentence for the person who asked."""
    number = dialable(caller_number, "caller number")
    did = dialable(did, "DID")
    if isinstance(target, AmiClient):
        await target.wait_connected(connect_timeout)
        await _originate(target, number, did, context)
        address = target.settings.address
    else:
        client = AmiClient(target, on_event=lambda event: None)
        runner = asyncio.create_task(client.run())
        try:
            await client.wait_connected(connect_timeout)
            await _originate(client, number, did, context)
        finally:
            runner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
        address = target.address
    return f"test call from {number} to {did} placed through {address}: it rings out and is missed in a few seconds"


async def _originate(client: AmiClient, number: str, did: str, context: str) -> None:
    await client.originate(
        channel=f"Local/{did}@{context}",
        caller_id=f"<{number}>",
        application="Wait",  # only if someone answered: the caller listens a second, then hangs up
        data="1",
        ring_timeout=RING_TIMEOUT,
    )


async def place_test_call_from_config(config, caller_number: str) -> str:
    """The CLI's entry: the agent's AMI settings, the shop's number as the DID."""
    from appliance.telephony.calls import ami_settings

    return await place_test_call(
        ami_settings(config),
        caller_number,
        did=config.business.phone,
        context=config.asterisk.originate_context,
    )
