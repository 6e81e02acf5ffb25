"""The agent's side of telephony: config in, EndedCall out, AMI health published.

A thin adapter over watcher.AmiWatcher, which does the work: it turns the
[asterisk] config into AMI settings, each CallOutcome into the pipeline's
EndedCall, and connection changes into the "asterisk" health row.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from appliance.clock import Clock, parse_iso
from appliance.config import Config, ConfigError
from appliance.pipeline.missed_calls import EndedCall
from appliance.store import calls as stored_calls
from appliance.store import health
from appliance.store.db import transaction
from appliance.telephony import watcher
from appliance.telephony.ami import AmiSettings
from appliance.telephony.originate_policy import BRIDGE_CONTEXT, OriginatePolicy
from appliance.telephony.outcome import CallOutcome



def ami_settings(config: Config) -> AmiSettings:
    asterisk = config.asterisk
    if asterisk.secret in ("", "TEXTBACK_AMI_SECRET_NOT_SET"):
        raise ConfigError("asterisk.secret is not set: use the secret the installer wrote into manager.conf")
    return AmiSettings(
        host=asterisk.host,
        port=asterisk.port,
        username=asterisk.username,
        secret=asterisk.secret,
        idle_ping_after=asterisk.watchdog_seconds,
        originate_policy=OriginatePolicy(
            dial_contexts=frozenset({asterisk.outbound_context, asterisk.originate_context}),
            answer_contexts=frozenset({BRIDGE_CONTEXT}), answer_applications=frozenset({"Wait"})),
    )


def ended_call(outcome: CallOutcome) -> EndedCall:
    return EndedCall(
        linkedid=outcome.linkedid,
        caller=outcome.caller_number or "",
        missed=outcome.missed,
        reason=outcome.reason,
        source=outcome.source,
        did=outcome.did,
        started_at=_utc(outcome.started_at),
        ended_at=_utc(outcome.ended_at),
        after_hours=outcome.after_hours,
    )


class CallWatcher:
    def __init__(
        self,
        config: Config,
        db: sqlite_utils.Database,
        clock: Clock,
        *,
        on_ended_call: Callable[[EndedCall], None],
    ) -> None:
        self.db = db
        self.clock = clock
        reconcile_from = last_seen_alive(db) or clock.now()
        contexts = (*config.asterisk.inbound_contexts, config.asterisk.originate_context)
        self.watcher = watcher.AmiWatcher(
            ami_settings(config),
            on_outcome=lambda outcome: on_ended_call(ended_call(outcome)),
            cdr_path=Path(config.asterisk.cdr_path) if config.asterisk.cdr_path else None,
            reconcile_from=reconcile_from.timestamp(),
            inbound_contexts=contexts,
            on_state=lambda connected, detail: self.publish_health(),
        )
        self._task: asyncio.Task | None = None

    async def run(self) -> None:
        self._task = asyncio.current_task()
        await self.watcher.run()

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def publish_health(self) -> None:
        """The AMI connection for the health page; also worth calling periodically,
        as the time of the last event moves on."""
        status = self.watcher.client.status
        with transaction(self.db):
            health.publish(
                self.db,
                self.clock.now(),
                "asterisk",
                {
                    "connected": status.connected,
                    "detail": status.detail,
                    "since": _utc(status.since),
                    "last_event_at": _utc(status.last_event_at),
                    "watched_through": _utc(self.watcher.watched_through()),
                },
            )


def last_seen_alive(db: sqlite_utils.Database) -> datetime | None:
    """When the agent last knew its PBX state: calls after this may have been missed while it
    was down, so the CDR is read from here. None on the very first start, when nothing before
    now is ours to text (staff may already have called those people back)."""
    moments = [stored_calls.latest_call_end(db)]
    row = health.read_all(db).get("asterisk")
    if row:
        watched = row["value"].get("watched_through")
        moments.append(datetime.fromisoformat(watched) if watched else parse_iso(row["updated_at"]))
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def _utc(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)
