"""Helpers for tests that run the real AMI client: collect what it hands out, wait for it."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Coroutine

from appliance.telephony.outcome import CallOutcome


def run(coroutine: Coroutine, timeout: float = 60.0):
    """Run an async test body with a hard limit, so nothing can hang."""
    return asyncio.run(asyncio.wait_for(coroutine, timeout))


class Recorder:
    """Collects outcomes and connection states, and lets a test wait for them."""

    def __init__(self) -> None:
        self.outcomes: list[CallOutcome] = []
        self.states: list[tuple[bool, str]] = []

    def outcome(self, outcome: CallOutcome) -> None:
        self.outcomes.append(outcome)

    def state(self, connected: bool, detail: str) -> None:
        self.states.append((connected, detail))

    def of_caller(self, number: str | None) -> list[CallOutcome]:
        return [outcome for outcome in self.outcomes if outcome.caller_number == number]

    async def until(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; states={self.states} outcomes={self.outcomes}")
            await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def running(coroutine: Coroutine):
    """Run a long-lived coroutine (a client, a watcher) for the body of a with-block."""
    task = asyncio.create_task(coroutine)
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
