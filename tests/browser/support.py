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


def phone_layout_problems(page, path: str) -> list[str]:
    """What is wrong with the open page on a phone: sideways scrolling, form fields without a label."""
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{path} scrolls sideways on a phone by {overflow}px")
    unlabelled = page.evaluate("""[...document.querySelectorAll('input, select, textarea')]
        .filter(el => el.type !== 'hidden' && el.labels.length === 0 && !el.getAttribute('aria-label'))
        .map(el => el.name)""")
    if unlabelled:
        problems.append(f"{path} has form fields without a label: {unlabelled}")
    return problems
