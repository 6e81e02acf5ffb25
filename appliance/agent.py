"""`textback run`: the one asyncio process that owns the PBX connection, the modem and the outbox.

This module only wires parts together; each part lives in its own module and is tested there.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import sqlite_utils
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from appliance.brain import places
from appliance.brain.classifier import bundled_classifier
from appliance.brain.llm import ModelAdvisor, resolve_model, start_runner
from appliance.calendar.caldav_sync import CaldavSync
from appliance.clock import Clock, SystemClock
from appliance.config import Config
from appliance.effective_config import effective_config
from appliance.conversation import Conversations
from appliance.ops.watchdog import NotifySocket, Watchdog
from appliance.pipeline.missed_calls import EndedCall, handle_ended_call
from appliance.pipeline.poller import PipelinePoller
from appliance.pipeline.task_runner import add_poll_job
from appliance.pipeline.tasks import Task
from appliance.sms.events import UnreadableMessage
from appliance.sms.inbox import Part, assemble_messages, store_part
from appliance.sms.modem import Modem
from appliance.sms.modem_service import ModemService
from appliance.sms.outbox import Outbox
from appliance.sms.send_policy import SendLimits
from appliance.store import health
from appliance.store.db import connect, transaction
from appliance.store.events import log_event
from appliance.telephony.calls import CallWatcher
from appliance.telephony.originate_policy import BRIDGE_CONTEXT
from appliance.telephony.test_call import place_test_call

log = logging.getLogger(__name__)

HOUSEKEEPING_SECONDS = 5.0
BRIDGE_RING_SECONDS = 30.0


class Agent:
    def __init__(self, config: Config, *, clock: Clock | None = None,
                 make_modem: Callable[[], Modem] | None = None) -> None:
        self.config = config
        self.clock = clock or SystemClock()
        self.db = connect(config.storage.database)
        self._modem_db = connect(config.storage.database)   # the modem thread's own connection
        self.modem = ModemService(
            make_modem or (lambda: Modem(config.modem.port, config.modem.baudrate, config.modem.pin or None)),
            store_part=self._store_part_from_modem_thread,
            on_parts_stored=self._parts_stored_from_modem_thread,
            on_status_report=self._status_report_from_modem_thread,
            on_unreadable=self._unreadable_from_modem_thread,
            on_health=self._health_from_modem_thread,
        )
        self.outbox = Outbox(self.db, self.clock, _limits(config), self.modem.send, ready=self.modem.is_ready)
        self.conversations = Conversations(self.db, self.current_config, self.clock, wake_outbox=self.outbox.wake,
                                           bridge_call=self._bridge_call)
        self.calls = CallWatcher(config, self.db, self.clock, on_ended_call=self.handle_ended_call)
        self.pipeline = PipelinePoller(config, self.clock, extra=_calendar_sync(config),
                                       extra_handlers={"test_call": self._test_call_task})
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        self.watchdog = Watchdog(NotifySocket.from_environ())
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.outbox.recover_after_restart()
        self.pipeline.recover_after_restart()
        self.conversations.recover_after_restart()
        with transaction(self.db):
            log_event(self.db, self.clock.now(), "agent_started", None, version=_version())
        self.modem.start()
        add_poll_job(self.scheduler, self._poll_pipeline, seconds=self.config.pipeline.poll_seconds)
        self.scheduler.start()
        tasks = [
            asyncio.create_task(self.outbox.run(), name="outbox"),
            asyncio.create_task(self.calls.run(), name="calls"),
            asyncio.create_task(self._housekeeping(), name="housekeeping"),
            asyncio.create_task(self._feed_watchdog(), name="watchdog"),
            asyncio.create_task(self.conversations.run(), name="conversations"),
            asyncio.create_task(self._load_model(), name="model"),
        ]
        self.watchdog.ready()
        try:
            await self._stopping.wait()
        finally:
            self.watchdog.stopping()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.calls.close()
            self.scheduler.shutdown(wait=False)
            self.modem.stop()

    def stop(self) -> None:
        self._stopping.set()

    # -- calls --------------------------------------------------------------------------

    def current_config(self) -> Config:
        """The file's configuration with the admin page's changes on top."""
        return effective_config(self.config, self.db)

    def handle_ended_call(self, call: EndedCall) -> None:
        result = handle_ended_call(self.db, self.current_config(), call, self.clock.now())
        if result.message_id:
            self.outbox.wake()
            log.info("missed call %s from %s: text-back queued (message %d)",
                     call.linkedid, result.decision.phone, result.message_id)
        elif result.decision:
            log.info("missed call %s: no text (%s)", call.linkedid, result.decision.reason)

    def _poll_pipeline(self) -> None:
        """Runs in APScheduler's worker thread: due follow-ups, reminders, emails, webhooks."""
        self.pipeline()
        self._call_in_loop(self.outbox.wake)

    def _test_call_task(self, db: sqlite_utils.Database, task: Task, now: datetime) -> None:
        """The admin's "call me and let it ring out": a real missed call from the owner's cell
        through the PBX, which must come back as a text-back. Placed on the agent's own AMI
        connection, without waiting: the task's transaction must stay short."""
        number = task.payload["number"]
        future = asyncio.run_coroutine_threadsafe(
            place_test_call(self.calls.watcher.client, number, did=self.config.business.phone), self._loop)
        future.add_done_callback(lambda done: log.info("test call to %s: %s", number,
                                                       done.exception() or done.result()))

    def _bridge_call(self, technician: str, customer: str) -> None:
        """Ring the on-call technician's cell; when they press 1, the PBX dials the customer."""
        config = self.current_config()
        future = asyncio.run_coroutine_threadsafe(self.calls.watcher.client.originate(
            # Outbound routes match digits (1NXXNXXXXXX), not E.164's "+".
            channel=f"Local/{technician.lstrip('+')}@{config.asterisk.outbound_context}",
            caller_id=f'"{config.business.name} EMERGENCY" <{config.business.phone}>',
            context=BRIDGE_CONTEXT, exten=customer.lstrip("+"), ring_timeout=BRIDGE_RING_SECONDS,
        ), self._loop)
        future.add_done_callback(lambda done: log.info("on-call bridge %s -> %s: %s", technician, customer,
                                                       done.exception() or "ringing the technician"))

    async def _load_model(self) -> None:
        """Load the local model off the event loop; until it is ready, rules answer alone."""
        await asyncio.to_thread(_warm_the_rules)
        brain = self.current_config().brain     # the model chosen on the admin page, if any
        if not brain.use_model:
            self._publish_model({"state": "off", "detail": "brain.use_model = false: rules and parsers only"})
            return
        data_dir = Path(self.config.storage.database).parent
        try:
            path = await asyncio.to_thread(resolve_model, data_dir, brain.model or None, data_dir / "models")
            runner = await asyncio.to_thread(start_runner, path)
        except Exception as exc:  # noqa: BLE001 - any failure leaves the rules in charge, said plainly
            log.error("the local model is not available (%s); replies use rules and parsers only", exc)
            self._publish_model({"state": "failed", "detail": str(exc)})
            return
        self.conversations.advisor = ModelAdvisor(runner, brain.model_timeout_seconds)
        self._publish_model({"state": "loaded", "model": path.name})
        log.info("local model %s loaded", path.name)

    def _publish_model(self, reading: dict) -> None:
        with transaction(self.db):
            health.publish(self.db, self.clock.now(), "model", reading)

    # -- modem --------------------------------------------------------------------------

    def _store_part_from_modem_thread(self, part: Part) -> bool:
        return store_part(self._modem_db, self.clock.now(), part)

    def _parts_stored_from_modem_thread(self) -> None:
        self._call_in_loop(self._assemble_inbound)

    def _status_report_from_modem_thread(self, report) -> None:
        self._call_in_loop(lambda: self.conversations.delivery_report(report))

    def _unreadable_from_modem_thread(self, unreadable: UnreadableMessage) -> None:
        log.error("a text on the SIM could not be decoded (%s); its raw PDU is in the event log",
                  unreadable.reason)
        with transaction(self._modem_db):
            log_event(self._modem_db, self.clock.now(), "unreadable_sms", None,
                      reason=unreadable.reason, raw_pdu=unreadable.raw_pdu)

    def _health_from_modem_thread(self, reading: dict) -> None:
        with transaction(self._modem_db):
            health.publish(self._modem_db, self.clock.now(), "modem", reading)

    def _call_in_loop(self, callback: Callable[[], None]) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(callback)

    def _assemble_inbound(self) -> None:
        for message_id in assemble_messages(self.db, self.clock.now(), self.config.business.region):
            self.conversations.received(message_id)

    async def _feed_watchdog(self) -> None:
        """systemd restarts the agent when these pings stop: they go only while AMI and the
        modem both answer, so a wedged agent does not sit there silently."""
        interval = self.watchdog.interval()
        if interval is None:
            return
        while True:
            self.watchdog.heartbeat(ami_ok=self.calls.watcher.client.connected,
                                    modem_ok=self.modem.is_ready())
            await asyncio.sleep(interval)

    async def _housekeeping(self) -> None:
        """Join long texts whose last part never came, and publish the outbox's health."""
        while True:
            await asyncio.sleep(HOUSEKEEPING_SECONDS)
            self._assemble_inbound()
            self.calls.publish_health()        # also marks when the agent last knew the PBX state
            with transaction(self.db):
                health.publish(self.db, self.clock.now(), "outbox", _outbox_depth(self.db))


def _calendar_sync(config: Config) -> CaldavSync | None:
    caldav = config.caldav
    if not caldav.url:
        return None
    return CaldavSync(caldav.url, caldav.username, caldav.password, config.business.timezone)


def _limits(config: Config) -> SendLimits:
    return SendLimits(seconds_between_sends=config.modem.seconds_between_sends,
                      daily_limit=config.modem.daily_limit)


def _outbox_depth(db: sqlite_utils.Database) -> dict:
    rows = db.query("SELECT status, COUNT(*) AS n FROM messages WHERE direction = 'out' GROUP BY status")
    return {row["status"]: row["n"] for row in rows}


def _version() -> str:
    from importlib.metadata import version

    return version("textback")


async def run_agent(config: Config, **kwargs) -> None:
    agent = Agent(config, **kwargs)
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGTERM, signal.SIGINT):   # systemd stops us with SIGTERM: finish cleanly
        loop.add_signal_handler(stop_signal, agent.stop)
    await agent.run()


def _warm_the_rules() -> None:
    """The town table (1.5 s) and the intent classifier's training (3.5 s), before the first reply needs them."""
    places.load()
    bundled_classifier()
