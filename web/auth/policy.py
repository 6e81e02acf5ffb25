"""When a login may be tried: throttling and lockout after bad passwords. Pure.

The state is two facts kept on the user's row (so a restart forgets nothing): how many bad
passwords in a row, and when the last one was. After a few, each try must wait a little
longer; after LOCK_AFTER the account is locked for LOCK_FOR, and each bad try after that
locks it again, so a guesser gets one try an hour. A good password clears both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

THROTTLE_AFTER = 5
LOCK_AFTER = 20
LOCK_FOR = timedelta(hours=1)
LONGEST_WAIT = timedelta(seconds=30)


@dataclass(frozen=True)
class Gate:
    allowed: bool
    locked: bool
    retry_at: datetime | None       # when the next try is allowed, if not now


def gate(failed_logins: int, last_failed_at: datetime | None, now: datetime) -> Gate:
    if last_failed_at is None or failed_logins < THROTTLE_AFTER:
        return Gate(allowed=True, locked=False, retry_at=None)
    if failed_logins >= LOCK_AFTER:
        until = last_failed_at + LOCK_FOR
        return Gate(allowed=now >= until, locked=now < until, retry_at=until if now < until else None)
    until = last_failed_at + throttle_wait(failed_logins)
    return Gate(allowed=now >= until, locked=False, retry_at=until if now < until else None)


def throttle_wait(failed_logins: int) -> timedelta:
    """1 s after the 5th bad password, doubling each time, never more than LONGEST_WAIT."""
    return min(timedelta(seconds=2 ** (failed_logins - THROTTLE_AFTER)), LONGEST_WAIT)
