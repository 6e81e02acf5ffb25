"""How fast the Pipeline board and its full-text search are on a big shop's database, and what the
search indexes' triggers add to storing a text (prints figures, asserts nothing).

    .venv/bin/python bench/pipeline_search_bench.py [LEADS] [TEXTS_PER_LEAD]

The board must open in well under a second on a phone; storing a text is on the agent's path from
the modem to the reply, so the triggers' share of it matters.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from appliance.pipeline import crm
from appliance.store import contacts, messages
from appliance.store.db import connect, transaction
from appliance.store.migrations import MIGRATIONS
from web.pipeline.board import LeadFilter, board
from web.pipeline.search import search_terms

START = datetime(2025, 12, 1, 15, 0, tzinfo=timezone.utc)
WORDS = ("water heater leaking garage basement drain clogged toilet running sewer smell kitchen sink faucet "
         "dripping pipe burst ceiling stain quote install tomorrow morning afternoon please call back thanks "
         "how much does it cost can you come today").split()
NAMES = ("Rosa Martinez", "Dana Whitfield", "Sam Ortiz", "Lee Chen", "Ana Souza", "Tom Baker", None)


def text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 25)))


def fill(db: sqlite_utils.Database, leads: int, texts_per_lead: int) -> None:
    rng = random.Random(7)
    for n in range(leads):
        phone, moment = f"+1512{n:07d}", START + timedelta(minutes=17 * n)
        with transaction(db):
            lead_id = crm.open_lead(db, moment, phone, rng.choice(crm.SOURCES))
            crm.record_extraction(db, moment, lead_id, {"intent": "service_request", "name": rng.choice(NAMES),
                                                         "service": "Drain cleaning"}, [])
            contact_id = contacts.contact_id_for(db, phone, moment)
            for _ in range(texts_per_lead):
                messages.record_inbound(db, moment, phone=phone, body=text(rng), contact_id=contact_id)
            crm.note(db, moment, lead_id, "note", "owner", text(rng))


def timed(label: str, action, repeat: int = 5) -> None:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    print(f"{label}: median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms")


def store_texts(db: sqlite_utils.Database, count: int) -> list[float]:
    """Time each inbound text stored in its own transaction, as the agent's modem thread does."""
    rng = random.Random(11)
    times = []
    for n in range(count):
        t0 = time.perf_counter()
        with transaction(db):
            messages.record_inbound(db, START, phone="+15125550999", body=text(rng), contact_id=None)
        times.append(time.perf_counter() - t0)
    return times


def v5_database(path: Path) -> sqlite_utils.Database:
    db = connect(path)                    # WAL and the pragmas, then back to the previous release's tables
    db.conn.close()
    path.unlink()
    Path(f"{path}-wal").unlink(missing_ok=True)
    db = sqlite_utils.Database(str(path))
    db.conn.isolation_level = None
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    for version, migration in enumerate(MIGRATIONS[:5]):
        with transaction(db):
            migration(db)
            db.execute(f"PRAGMA user_version = {version + 1}")
    return db


def main() -> None:
    leads = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    per_lead = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    folder = Path(tempfile.mkdtemp())
    db = connect(folder / "bench.db")
    t0 = time.perf_counter()
    fill(db, leads, per_lead)
    size = (folder / "bench.db").stat().st_size + Path(f"{folder / 'bench.db'}-wal").stat().st_size
    print(f"{leads} leads, {leads * per_lead} texts, {leads} notes written in {time.perf_counter() - t0:.1f} s; "
          f"database {size / 1e6:.0f} MB")
    zone = "America/Chicago"
    timed("board, no filter", lambda: board(db, LeadFilter(), [], zone))
    timed("board, stage + date range", lambda: board(
        db, LeadFilter(stage="new", since=START.date(), until=(START + timedelta(days=30)).date()), [], zone))
    for query in ("martinez", "basement", "burst ceiling", "0001234", "(512) 000-1234", "zzzz"):
        timed(f"search {query!r}", lambda: board(db, LeadFilter(), search_terms(query, "US"), zone))

    with_triggers = store_texts(db, 300)
    without = store_texts(v5_database(folder / "v5.db"), 300)
    print(f"store one inbound text (own transaction, synchronous=FULL): with search triggers median "
          f"{statistics.median(with_triggers) * 1000:.2f} ms, without (schema v5) "
          f"{statistics.median(without) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
