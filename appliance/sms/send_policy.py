"""When the next text may go out: the per-SIM rate limit and the retry backoff. Pure.

Carriers throttle or block a SIM that sends in bursts, so the limit is counted from the
database (restarts do not reset it), not from memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SendLimits:
    seconds_between_sends: float = 6.0
    daily_limit: int = 150
    max_attempts: int = 5
    first_retry_seconds: float = 10.0
    max_retry_seconds: float = 600.0


def next_send_allowed_at(limits: SendLimits, *, now: datetime, last_send_at: datetime | None,
                         sends_last_24h: int, oldest_send_in_window: datetime | None) -> datetime:
    """The earliest moment the next message may go to the modem (``now`` when it may go now)."""
    earliest = now
    if last_send_at is not None:
        earliest = max(earliest, last_send_at + timedelta(seconds=limits.seconds_between_sends))
    if sends_last_24h >= limits.daily_limit and oldest_send_in_window is not None:
        earliest = max(earliest, oldest_send_in_window + timedelta(days=1))
    return earliest


def retry_delay(limits: SendLimits, attempts: int) -> timedelta:
    """Exponential backoff after the ``attempts``-th failed try: 10 s, 20 s, 40 s ... capped."""
    seconds = limits.first_retry_seconds * (2 ** max(0, attempts - 1))
    return timedelta(seconds=min(seconds, limits.max_retry_seconds))


def should_give_up(limits: SendLimits, attempts: int) -> bool:
    return attempts >= limits.max_attempts
