"""The agent's telephony loop: AMI events -> classifier -> CallOutcomes.

Wires the I/O shell (AmiClient, the CDR file, the clock) to the pure
classifier and CDR reconciler, and hands every outcome to `on_outcome`:

- each AMI event goes through the classifier;
- after every (re)connect, the CDR is read for calls that ended since the
  connection was lost (or since `reconcile_from` on the first connect);
- a call the classifier saw only in part (`Unobserved`) is looked up in the
  CDR by its Linkedid once it has ended.

Outcomes can repeat (a call seen live and again in the CDR): the store keeps
one per Linkedid.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from appliance.telephony import cdr
from appliance.telephony.ami import AmiClient, AmiSettings, StateHandler
from appliance.telephony.classifier import MissedCallClassifier, Unobserved
from appliance.telephony.outcome import DEFAULT_INBOUND_CONTEXTS, CallOutcome
from appliance.telephony.wire import AmiMessage

log = logging.getLogger(__name__)

OutcomeHandler = Callable[[CallOutcome], Awaitable[None] | None]
# The CDR row of a call that just ended can land a moment after its Hangup event.
CDR_LOOKUP_DELAYS = (0.2, 0.5, 1.0, 2.0, 4.0)


class AmiWatcher:
    def __init__(
        self,
        settings: AmiSettings,
        *,
        on_outcome: OutcomeHandler,
        cdr_path: Path | None,
        reconcile_from: float,
        inbound_contexts: Iterable[str] = DEFAULT_INBOUND_CONTEXTS,
        on_state: StateHandler | None = None,
    ) -> None:
        self.inbound_contexts = tuple(inbound_contexts)
        self.classifier = MissedCallClassifier(self.inbound_contexts)
        self.cdr_path = cdr_path
        self._on_outcome = on_outcome
        self._on_state = on_state
        self._reconcile_from = reconcile_from
        self._was_connected = False
        self._reconciled = False  # the CDR has been read since the last (re)connect
        self._tasks: set[asyncio.Task] = set()
        self.client = AmiClient(
            settings, on_event=self._event, on_state=self._state, on_connected=self._reconcile
        )

    async def run(self) -> None:
        try:
            await self.client.run()
        finally:
            for task in self._tasks:
                task.cancel()

    def _event(self, event: AmiMessage) -> None:
        for verdict in self.classifier.feed(event, time.time()):
            if isinstance(verdict, Unobserved):
                self._spawn(self._look_up(verdict))
            else:
                self._spawn(self._emit(verdict))

    def _state(self, connected: bool, detail: str) -> None:
        if self._was_connected and not connected:
            self.classifier.connection_lost()
            # Anything after the last event we received may have been lost
            # (a stalled connection goes quiet well before we notice).
            status = self.client.status
            self._reconcile_from = status.last_event_at or status.since
            self._reconciled = False
        self._was_connected = connected
        if self._on_state is not None:
            self._on_state(connected, detail)

    def watched_through(self) -> float:
        """Every call that ended before this moment has been handed on, live or from the CDR. Until the
        CDR has been read after a (re)connect, that is still where the reading starts: a process
        killed mid-reconciliation must read the same calls again at its next start."""
        if self._reconciled and self.client.connected:
            return time.time()
        return self._reconcile_from

    async def _reconcile(self) -> None:
        if self.cdr_path is not None:
            since = self._reconcile_from
            outcomes = await asyncio.to_thread(cdr.read_outcomes, self.cdr_path, since, self.inbound_contexts)
            log.info("CDR reconciliation since %.0f: %d inbound calls", since, len(outcomes))
            for outcome in outcomes:
                await self._emit(outcome)
        self._reconciled = True

    async def _look_up(self, unobserved: Unobserved) -> None:
        if self.cdr_path is None:
            log.warning("call %s was not fully observed and no CDR file is configured", unobserved.linkedid)
            return
        for delay in CDR_LOOKUP_DELAYS:
            await asyncio.sleep(delay)
            outcomes = await asyncio.to_thread(
                cdr.read_outcomes, self.cdr_path, unobserved.ended_at - 60, self.inbound_contexts
            )
            found = [outcome for outcome in outcomes if outcome.linkedid == unobserved.linkedid]
            if found:
                await self._emit(found[0])
                return
        log.info("call %s: no inbound CDR record (internal/outbound, or not logged)", unobserved.linkedid)

    async def _emit(self, outcome: CallOutcome) -> None:
        try:
            result = self._on_outcome(outcome)
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("on_outcome failed for call %s", outcome.linkedid)

    def _spawn(self, coroutine: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
