"""A stand-in PBX for the demo: a tiny AMI server on loopback.

It speaks just enough of the protocol for our client (banner, Login with a
secret check, Ping, Events, Originate, Logoff). An Originate of
Local/<DID>@textback-simulate (or @textback-inbound) replays a real recorded
missed call (simulated_call.ami, recorded from Asterisk 22 running our
dialplan by tests/asterisk/record_transcripts.py) with the caller's number,
the DID and fresh Uniqueids/Linkedid. The demo thus exercises the very same
client, classifier and store path as a real PBX.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import secrets
import time
from pathlib import Path
from typing import Self

from appliance.telephony.transcript import parse_transcript
from appliance.telephony.wire import (
    AmiFormatError,
    AmiMessage,
    format_message,
    parse_message,
    split_messages,
)

log = logging.getLogger(__name__)

TEMPLATE = Path(__file__).with_name("simulated_call.ami")
BANNER = "Asterisk Call Manager/11.0.0\r\n"
INBOUND_CONTEXTS = ("textback-simulate", "textback-inbound")
_LOCAL_CHANNEL = re.compile(r"^Local/(?P<did>\+?[0-9]+)@(?P<context>[a-z-]+)$")
_CALLER_ID = re.compile(r'^(?:"(?P<name>[^"]*)" ?)?<?(?P<number>\+?[0-9]*)>?$')
# What the recording says, to be replaced in each replay.
_TEMPLATE_DID = "5125550000"
_TEMPLATE_NUMBER = "5125550110"
_TEMPLATE_NAME = "textback test"
_UNIQUEID = re.compile(r"\b\d{10}\.\d+\b")
_LOCAL_SUFFIX = re.compile(r"(?<=-)[0-9a-f]{8}(?=;[12])")


class SimulatedCall:
    """The recorded event stream, re-labelled for one new call."""

    def __init__(self, template_text: str) -> None:
        self.template_text = template_text
        self._sequence = itertools.count()
        self._channels = itertools.count(1)

    def events(self, did: str, number: str, name: str, action_id: str) -> list[AmiMessage]:
        epoch = int(time.time())
        uniqueids: dict[str, str] = {}
        suffixes: dict[str, str] = {}
        text = _UNIQUEID.sub(
            lambda match: uniqueids.setdefault(match.group(), f"{epoch}.{next(self._sequence)}"), self.template_text
        )
        text = _LOCAL_SUFFIX.sub(lambda match: suffixes.setdefault(match.group(), f"{next(self._channels):08x}"), text)
        text = text.replace(_TEMPLATE_DID, did).replace(_TEMPLATE_NUMBER, number)
        text = text.replace(_TEMPLATE_NAME, name or "<unknown>")
        events = parse_transcript(text)
        for event in events:
            if event.get("Event") == "OriginateResponse":
                event["ActionID"] = action_id
        return events


class SimulatedPbx:
    def __init__(
        self,
        *,
        username: str,
        secret: str,
        host: str = "127.0.0.1",
        port: int = 0,
        ring_seconds: float = 2.0,
    ) -> None:
        if not secret:
            raise ValueError("the simulated PBX needs a secret (no default passwords)")
        self.username = username
        self.secret = secret
        self.host = host
        self.port = port
        self.ring_seconds = ring_seconds
        self.calls_placed = 0
        self._call = SimulatedCall(TEMPLATE.read_text(encoding="utf-8"))
        self._server: asyncio.Server | None = None
        self._listeners: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> int:
        """Listen; returns the port (useful with port=0)."""
        self._server = await asyncio.start_server(self._session, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        log.info("simulated PBX listening on %s:%d", self.host, self.port)
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._listeners):
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- one AMI session ---------------------------------------------------

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._tasks.add(asyncio.current_task())
        writer.write(BANNER.encode())
        buffer, logged_in = "", False
        try:
            while chunk := await reader.read(65536):
                blocks, buffer = split_messages(buffer + chunk.decode("utf-8", "replace"))
                for block in blocks:
                    try:
                        action = parse_message(block)
                    except AmiFormatError as error:
                        _send(writer, {"Response": "Error", "Message": f"Malformed action: {error}"})
                        continue
                    logged_in = self._handle(action, writer, logged_in)
                    if writer.is_closing():
                        return
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self._listeners.discard(writer)
            self._tasks.discard(asyncio.current_task())
            writer.close()

    def _handle(self, action: AmiMessage, writer: asyncio.StreamWriter, logged_in: bool) -> bool:
        """Answer one action; returns whether the session is logged in afterwards."""
        name = action.get("Action", "").lower()
        reply = {"ActionID": action["ActionID"]} if "ActionID" in action else {}
        if name == "login":
            if action.get("Username") == self.username and secrets.compare_digest(
                action.get("Secret", "").encode(), self.secret.encode()
            ):
                _send(writer, {"Response": "Success", **reply, "Message": "Authentication accepted"})
                if action.get("Events", "on").lower() != "off":
                    self._listeners.add(writer)
                return True
            _send(writer, {"Response": "Error", **reply, "Message": "Authentication failed"})
            writer.close()  # as Asterisk does
            return False
        if name == "ping":
            _send(writer, {"Response": "Success", **reply, "Ping": "Pong", "Timestamp": f"{time.time():.6f}"})
        elif not logged_in:
            _send(writer, {"Response": "Error", **reply, "Message": "Permission denied"})
        elif name == "originate":
            _send(writer, self._originate(action, reply))
        elif name == "logoff":
            _send(writer, {"Response": "Goodbye", **reply, "Message": "Thanks for all the fish."})
            writer.close()
        else:
            _send(writer, {"Response": "Error", **reply, "Message": "Invalid/unknown command"})
        return logged_in

    def _originate(self, action: AmiMessage, reply: dict[str, str]) -> AmiMessage:
        channel = _LOCAL_CHANNEL.match(action.get("Channel", ""))
        caller = _CALLER_ID.match(action.get("CallerID", "").strip())
        if not channel or channel.group("context") not in INBOUND_CONTEXTS or not caller:
            return {
                "Response": "Error",
                **reply,
                "Message": "the simulated PBX only places test calls: Channel=Local/<DID>@textback-simulate, "
                "CallerID=<number>",
            }
        events = self._call.events(
            channel.group("did"), caller.group("number"), caller.group("name") or "", action.get("ActionID", "")
        )
        self.calls_placed += 1
        task = asyncio.ensure_future(self._play(events))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return {"Response": "Success", **reply, "Message": "Originate successfully queued"}

    async def _play(self, events: list[AmiMessage]) -> None:
        """Up to the phones ringing at once, then `ring_seconds` later the rest."""
        ringing = next(i for i, event in enumerate(events) if event.get("DialStatus") == "RINGING")
        for index, event in enumerate(events):
            if index == ringing + 1:
                await asyncio.sleep(self.ring_seconds)
            self._broadcast(event)
            await asyncio.sleep(0)

    def _broadcast(self, event: AmiMessage) -> None:
        for writer in list(self._listeners):
            if writer.is_closing():
                self._listeners.discard(writer)
            else:
                _send(writer, event)


def _send(writer: asyncio.StreamWriter, message: AmiMessage) -> None:
    writer.write(format_message(message).encode())
