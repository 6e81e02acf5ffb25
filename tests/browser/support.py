"""Helpers for the browser journeys: a clock the test can move, and screenshots kept as artifacts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "browser-artifacts"


class MovableClock:
    """Wall-clock time plus an offset the test can push forward (to wait out a login throttle)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    def advance(self, **delta: float) -> None:
        self.offset += timedelta(**delta)


def snap(page, name: str) -> None:
    """Keep a screenshot of this step for people to look at (build/browser-artifacts/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
