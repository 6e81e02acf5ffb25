"""Joining the parts of long messages. Pure: the caller hands in ``now`` (monotonic seconds).

Parts of one message share (sender, reference, total). A message is handed out as soon as its
last part arrives; if a part never comes, ``expire`` hands out what did arrive once the
timeout passes, with the missing part numbers, so a customer's words are never held forever
or dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from appliance.sms.events import IncomingPart

DEFAULT_TIMEOUT = 120.0  # parts normally arrive within seconds; a stray one may take minutes


@dataclass(frozen=True)
class AssembledMessage:
    sender: str
    text: str
    timestamp: datetime | None       # the SMSC timestamp of the earliest part
    parts: tuple[IncomingPart, ...]  # every part received, duplicates too: delete all once committed
    missing: tuple[int, ...] = ()    # part numbers that never arrived (only after a timeout)

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class _Group:
    first_seen: float
    total: int
    parts: list[IncomingPart] = field(default_factory=list)

    def seqs(self) -> set[int]:
        return {part.concat.seq for part in self.parts if part.concat}


class Reassembler:
    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._timeout = timeout
        self._groups: dict[tuple[str, int, int], _Group] = {}

    def add(self, part: IncomingPart, now: float) -> list[AssembledMessage]:
        """Take one part; return the message it completes (a single SMS completes at once)."""
        if part.concat is None or part.concat.total == 1:
            return [_assemble([part], total=1)]
        key = (part.sender, part.concat.ref, part.concat.total)
        group = self._groups.setdefault(key, _Group(first_seen=now, total=part.concat.total))
        group.parts.append(part)
        if len(group.seqs()) < group.total:
            return []
        del self._groups[key]
        return [_assemble(group.parts, group.total)]

    def expire(self, now: float) -> list[AssembledMessage]:
        """Hand out, incomplete, every message whose first part came ``timeout`` seconds ago."""
        expired = [key for key, group in self._groups.items()
                   if now - group.first_seen >= self._timeout]
        return [_assemble(group.parts, group.total)
                for group in (self._groups.pop(key) for key in expired)]

    def waiting(self) -> int:
        """How many long messages are still missing parts."""
        return len(self._groups)


def _assemble(parts: list[IncomingPart], total: int) -> AssembledMessage:
    ordered = sorted(parts, key=lambda part: part.concat.seq if part.concat else 1)
    by_seq: dict[int, IncomingPart] = {}
    for part in ordered:
        by_seq.setdefault(part.concat.seq if part.concat else 1, part)
    stamps = [part.timestamp for part in ordered if part.timestamp is not None]
    return AssembledMessage(
        sender=ordered[0].sender,
        text="".join(part.text for part in by_seq.values()),
        timestamp=min(stamps) if stamps else None,
        parts=tuple(ordered),
        missing=tuple(seq for seq in range(1, total + 1) if seq not in by_seq),
    )
