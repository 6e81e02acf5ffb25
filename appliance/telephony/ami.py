"""The AMI client: one supervised connection to Asterisk, built on panoramisk.

panoramisk parses the wire and pairs responses with actions. It does not
check its own Ping's answer, keeps silent when a login is refused, and
reconnects on its own schedule. So this module owns the connection's life:

- connect and log in; a refusal is an error that names its cause ("AMI login
  refused for user textback ...: check the secret" is not the same problem as
  "connection refused at 127.0.0.1:5038: is Asterisk running?");
- retry forever with capped exponential backoff;
- a watchdog: after `idle_ping_after` seconds without a byte from Asterisk,
  send Ping and require "Pong" within `ping_timeout`, else drop the connection
  and reconnect. That also catches a half-open TCP connection (no FIN), which
  would otherwise look like a quiet PBX forever.

Everything else is handed in: on_event(dict) for each event, on_state(connected,
detail) on every change, on_connected() after each login (the agent reconciles
missed calls from the CDR there).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from panoramisk import Manager
from panoramisk.ami_protocol import AMIProtocol

from appliance.telephony.originate_policy import OriginatePolicy
from appliance.telephony.wire import AmiMessage, variable_header

log = logging.getLogger(__name__)

EventHandler = Callable[[AmiMessage], None]
StateHandler = Callable[[bool, str], None]
ConnectedHandler = Callable[[], Awaitable[None] | None]


class AmiError(Exception):
    """The connection failed or broke; the message says why, for a person."""


class AmiLoginRefused(AmiError):
    pass


class AmiNotConnected(AmiError):
    pass


class AmiActionFailed(AmiError):
    pass


@dataclass(frozen=True)
class AmiSettings:
    host: str = "127.0.0.1"
    port: int = 5038
    username: str = "textback"
    secret: str = field(default="", repr=False)
    connect_timeout: float = 5.0
    login_timeout: float = 5.0
    action_timeout: float = 10.0
    idle_ping_after: float = 20.0
    ping_timeout: float = 5.0
    backoff_initial: float = 1.0
    backoff_max: float = 60.0
    originate_policy: OriginatePolicy | None = None   # the only calls this account may place

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class AmiStatus:
    """For the health page."""

    connected: bool
    detail: str
    since: float  # wall-clock time of the last change of `connected`
    last_event_at: float | None


class _Protocol(AMIProtocol):
    def data_received(self, data: bytes) -> None:
        # The banner can arrive before the connection is handed to its _Connection.
        if self.factory is not None:
            self.factory.last_traffic = time.monotonic()
        super().data_received(data)


class _Connection(Manager):
    """One AMI connection: panoramisk's Manager without its own reconnect and pinger."""

    def __init__(self, settings: AmiSettings, on_event: EventHandler) -> None:
        loop = asyncio.get_running_loop()
        super().__init__(
            host=settings.host,
            port=settings.port,
            loop=loop,
            protocol_factory=_Protocol,
            ping_delay=3600,  # replaced by our watchdog; cancelled as soon as it is scheduled
        )
        self.closed: asyncio.Future[str] = loop.create_future()
        self.last_traffic = time.monotonic()
        self.register_event("*", lambda _manager, message: on_event(_plain(message)))

    async def open(self, timeout: float) -> None:
        # connect() returns panoramisk's connection Task; connection_made below
        # runs as its done callback, before this await returns.
        await asyncio.wait_for(self.connect(), timeout)
        if self.protocol is None:
            raise OSError("connection was not set up")

    def connection_made(self, future: asyncio.Future) -> None:
        if future.cancelled() or future.exception() is not None:
            return  # open() raises the error
        super().connection_made(future)  # no 'username' in config: no login from panoramisk
        if self.pinger is not None:
            self.pinger.cancel()
            self.pinger = None

    def connection_lost(self, exc: object) -> None:
        # Called on EOF, on a socket error and on Asterisk's Shutdown event.
        if not self.closed.done():
            # panoramisk passes the Shutdown event itself when Asterisk announces it.
            reason = "Asterisk is shutting down" if isinstance(exc, Mapping) else "Asterisk closed the connection"
            self.closed.set_result(reason)

    def abort(self) -> None:
        """Drop the socket at once, without waiting for a FIN that may never come."""
        if self.protocol is not None and not self.protocol.closed:
            self.protocol.closed = True
            self.protocol.transport.abort()
        if not self.closed.done():
            self.closed.set_result("closed by us")


def _plain(message: object) -> AmiMessage:
    """panoramisk Message -> {str: str}; a repeated key keeps its first value."""
    return {key: (value[0] if isinstance(value, list) else str(value)) for key, value in message.items()}


class AmiClient:
    def __init__(
        self,
        settings: AmiSettings,
        *,
        on_event: EventHandler,
        on_state: StateHandler | None = None,
        on_connected: ConnectedHandler | None = None,
    ) -> None:
        self.settings = settings
        self._on_event = on_event
        self._on_state = on_state
        self._on_connected = on_connected
        self._connection: _Connection | None = None
        self._connected_event = asyncio.Event()
        self._status = AmiStatus(False, "not started", time.time(), None)

    @property
    def status(self) -> AmiStatus:
        return self._status

    @property
    def connected(self) -> bool:
        return self._status.connected

    async def wait_connected(self, timeout: float) -> None:
        """Return once logged in; raise AmiNotConnected (with the last error) after `timeout`."""
        try:
            await asyncio.wait_for(self._connected_event.wait(), timeout)
        except TimeoutError:
            raise AmiNotConnected(f"not connected to AMI after {timeout} s: {self._status.detail}") from None

    async def run(self) -> None:
        """Stay connected until cancelled."""
        backoff = self.settings.backoff_initial
        while True:
            try:
                connection = await self._connect()
            except AmiError as error:
                self._set_state(False, str(error), level=logging.ERROR)
            except Exception as error:  # a bug or a surprise from the library: keep trying
                log.exception("AMI connect failed")
                self._set_state(False, f"unexpected error connecting to {self.settings.address}: {error!r}")
            else:
                backoff = self.settings.backoff_initial
                try:
                    await self._serve(connection)
                except AmiError as error:
                    self._set_state(False, str(error), level=logging.WARNING)
                finally:
                    connection.abort()
                    self._connection = None
            self._connected_event.clear()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, self.settings.backoff_max)

    async def originate(
        self,
        *,
        channel: str,
        caller_id: str,
        context: str | None = None,
        exten: str | None = None,
        application: str | None = None,
        data: str = "",
        ring_timeout: float = 30.0,
        variables: dict[str, str] | None = None,
    ) -> AmiMessage:
        """Queue a call (Async Originate): `channel` is dialled; once it answers
        it runs context/exten (priority 1) or application(data).
        Returns Asterisk's response; raises AmiActionFailed if it refused."""
        if (context is None) == (application is None):
            raise ValueError("originate needs either context+exten or application")
        if self.settings.originate_policy is not None:
            self.settings.originate_policy.check(channel, context, exten, application)
        action: dict[str, object] = {
            "Action": "Originate",
            "Channel": channel,
            "CallerID": caller_id,
            "Timeout": str(int(ring_timeout * 1000)),
            "Async": "true",
        }
        if context is not None:
            action.update(Context=context, Exten=exten or "s", Priority="1")
        else:
            action.update(Application=application, Data=data)
        if variables:
            action["Variable"] = [variable_header(name, value) for name, value in variables.items()]
        response = await self._action(action)
        if response.get("Response") != "Success":
            raise AmiActionFailed(f"Asterisk refused Originate of {channel}: {response.get('Message', response)}")
        return response

    # -- internals ---------------------------------------------------------

    async def _connect(self) -> _Connection:
        settings = self.settings
        connection = _Connection(settings, self._dispatch)
        try:
            await connection.open(settings.connect_timeout)
        except ConnectionRefusedError:
            raise AmiError(f"connection refused at {settings.address}: is Asterisk running?") from None
        except TimeoutError:
            raise AmiError(f"no answer from {settings.address} within {settings.connect_timeout} s") from None
        except OSError as error:
            raise AmiError(f"cannot reach {settings.address}: {error.strerror or error}") from None
        try:
            await self._login(connection)
        except BaseException:
            connection.abort()
            raise
        return connection

    async def _login(self, connection: _Connection) -> None:
        settings = self.settings
        login = connection.send_action(
            {"Action": "Login", "Username": settings.username, "Secret": settings.secret, "Events": "on"}
        )
        try:
            response = await _first_of(login, connection.closed, settings.login_timeout)
        except TimeoutError:
            raise AmiError(
                f"no answer to Login from {settings.address} within {settings.login_timeout} s: is it an AMI port?"
            ) from None
        if response is None:  # closed before answering
            raise AmiError(f"{settings.address} closed the connection during login")
        if response.get("Response") != "Success":
            raise AmiLoginRefused(
                f"AMI login refused for user {settings.username} at {settings.address} "
                f"({response.get('Message', 'no reason given')}): check the [{settings.username}] secret "
                "in Asterisk's manager.conf and the agent's AMI settings"
            )

    async def _serve(self, connection: _Connection) -> None:
        self._connection = connection
        self._set_state(True, f"connected to {self.settings.address} as {self.settings.username}")
        self._connected_event.set()
        if self._on_connected is not None:
            await self._call_safely(self._on_connected)
        await self._watch(connection)

    async def _watch(self, connection: _Connection) -> None:
        """Return never; raise AmiError when the connection closes or stops answering."""
        settings = self.settings
        while True:
            idle = time.monotonic() - connection.last_traffic
            if idle < settings.idle_ping_after:
                done, _ = await asyncio.wait([connection.closed], timeout=settings.idle_ping_after - idle)
                if done:
                    raise AmiError(f"lost AMI connection to {settings.address}: {connection.closed.result()}")
                continue
            ping = connection.send_action({"Action": "Ping"})
            try:
                response = await _first_of(ping, connection.closed, settings.ping_timeout)
            except TimeoutError:
                raise AmiError(
                    f"Asterisk at {settings.address} did not answer Ping within {settings.ping_timeout} s "
                    "(connection stalled); reconnecting"
                ) from None
            if response is None:
                raise AmiError(f"lost AMI connection to {settings.address}: {connection.closed.result()}")
            if response.get("Ping") != "Pong":
                raise AmiError(f"unexpected answer to Ping from {settings.address}: {_plain(response)}")

    async def _action(self, action: dict[str, object]) -> AmiMessage:
        connection = self._connection
        if connection is None or not self.connected:
            raise AmiNotConnected(f"not connected to AMI: {self._status.detail}")
        reply = connection.send_action(action, as_list=False)
        try:
            response = await _first_of(reply, connection.closed, self.settings.action_timeout)
        except TimeoutError:
            raise AmiActionFailed(f"no answer to {action['Action']} within {self.settings.action_timeout} s") from None
        if response is None:
            raise AmiNotConnected(f"AMI connection closed before {action['Action']} was answered")
        return _plain(response)

    def _dispatch(self, event: AmiMessage) -> None:
        self._status = AmiStatus(self._status.connected, self._status.detail, self._status.since, time.time())
        try:
            self._on_event(event)
        except Exception:
            log.exception("on_event failed for %s", event.get("Event"))

    def _set_state(self, connected: bool, detail: str, level: int = logging.INFO) -> None:
        previous = self._status
        if (connected, detail) == (previous.connected, previous.detail):
            return
        since = previous.since if connected == previous.connected else time.time()
        self._status = AmiStatus(connected, detail, since, previous.last_event_at)
        log.log(level, "AMI: %s", detail)
        if self._on_state is not None:
            try:
                self._on_state(connected, detail)
            except Exception:
                log.exception("on_state failed")

    async def _call_safely(self, callback: ConnectedHandler) -> None:
        try:
            result = callback()
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("on_connected failed")


async def _first_of(reply: asyncio.Future, closed: asyncio.Future, timeout: float) -> object | None:
    """The reply, or None if the connection closed first; TimeoutError if neither came."""
    done, _ = await asyncio.wait([reply, closed], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if reply in done:
        return reply.result()
    if closed in done:
        return None
    raise TimeoutError
