"""Inbound texts, made durable before the SIM forgets them.

Each part the modem hands over is written to ``inbound_parts`` first; only then may the
caller delete it from the SIM (AT+CMGD). A crash between the two re-reads the part from the
SIM at the next start, and the UNIQUE key on the part drops the duplicate. Parts are joined
into messages from the database, so half of a long text survives a restart too.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlite_utils

from appliance.clock import iso, parse_iso
from appliance.phone import normalise
from appliance.sms.events import IncomingPart
from appliance.store import contacts, messages
from appliance.store.db import transaction

# A concatenated text whose parts have not all arrived after this long is delivered as it is,
# with a marker, rather than held forever.
REASSEMBLY_TIMEOUT = timedelta(minutes=2)
MISSING_PART = "[…part of this text never arrived…]"


@dataclass(frozen=True)
class Part:
    sender: str
    body: str
    concat_ref: int | None = None
    concat_total: int | None = None
    concat_seq: int | None = None
    smsc_time: str | None = None

    @classmethod
    def from_incoming(cls, incoming: IncomingPart) -> "Part":
        """What the driver read, as the row that is stored before the SIM slot is freed."""
        concat = incoming.concat
        return cls(sender=incoming.sender, body=incoming.text,
                   concat_ref=concat.ref if concat else None,
                   concat_total=concat.total if concat else None,
                   concat_seq=concat.seq if concat else None,
                   smsc_time=incoming.timestamp.isoformat() if incoming.timestamp else None)


@dataclass(frozen=True)
class Joined:
    part_ids: tuple[int, ...]
    sender: str
    body: str


def store_part(db: sqlite_utils.Database, now: datetime, part: Part) -> bool:
    """Persist one received part; False when it was already stored (re-read from the SIM)."""
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO inbound_parts (sender, body, concat_ref, concat_total, concat_seq, smsc_time, "
            "received_at, part_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [part.sender, part.body, part.concat_ref, part.concat_total, part.concat_seq,
             part.smsc_time, iso(now), _part_key(part)])
    return cursor.rowcount == 1


def _part_key(part: Part) -> str:
    digest = hashlib.sha256(part.body.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{part.sender}|{part.concat_ref}|{part.concat_seq}|{part.smsc_time}|{digest}"


def join_parts(rows: list[dict], now: datetime, timeout: timedelta = REASSEMBLY_TIMEOUT) -> list[Joined]:
    """Pure: which stored, unassigned parts now form whole messages, oldest first."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row["concat_ref"] is None or (row["concat_total"] or 1) <= 1:
            groups[("single", row["id"])].append(row)
        else:
            groups[(row["sender"], row["concat_ref"], row["concat_total"])].append(row)
    joined = [_join(group, now, timeout) for group in groups.values()]
    return sorted((j for j in joined if j is not None), key=lambda j: j.part_ids[0])


def _join(group: list[dict], now: datetime, timeout: timedelta) -> Joined | None:
    by_seq = {row["concat_seq"] or 1: row for row in group}
    total = group[0]["concat_total"] or 1
    first_seen = min(parse_iso(row["received_at"]) for row in group)
    complete = len(by_seq) >= total
    if not complete and now - first_seen < timeout:
        return None
    pieces = [by_seq[seq]["body"] if seq in by_seq else MISSING_PART for seq in range(1, total + 1)]
    return Joined(tuple(row["id"] for row in sorted(group, key=lambda r: r["id"])), group[0]["sender"],
                  "".join(pieces))


def assemble_messages(db: sqlite_utils.Database, now: datetime, region: str) -> list[int]:
    """Turn complete (or timed-out) parts into inbound messages; returns the new message ids."""
    created: list[int] = []
    with transaction(db):
        rows = list(db.query("SELECT * FROM inbound_parts WHERE message_id IS NULL ORDER BY id"))
        for whole in join_parts(rows, now):
            phone = normalise(whole.sender, region) or whole.sender
            contact_id = contacts.contact_id_for(db, phone, now)
            message_id = messages.record_inbound(db, now, phone=phone, body=whole.body, contact_id=contact_id)
            marks = ", ".join("?" for _ in whole.part_ids)
            db.execute(f"UPDATE inbound_parts SET message_id = ? WHERE id IN ({marks})",
                       [message_id, *whole.part_ids])
            created.append(message_id)
    return created


