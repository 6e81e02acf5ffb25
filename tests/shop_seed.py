"""A shop's technicians, leads and bookings written through the pipeline's own functions (and read
back), for the calendar, settings and dashboard tests and the README screenshots."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from appliance.config import Config
from appliance.pipeline import booking, crm
from appliance.pipeline.settings import price_list
from appliance.store import messages
from appliance.store.db import connect, transaction
from tests.web_support import seed_inbound, seed_missed_call
from web.calendar import desk


def rows(config: Config, sql: str, params: tuple | list = ()) -> list[dict]:
    """What the database holds now, read on a connection of its own."""
    db = connect(config.storage.database)
    try:
        return list(db.query(sql, params))
    finally:
        db.conn.close()


def add_technician(config: Config, name: str, hours: str = "mon-fri 08:00-17:00", phone: str | None = None) -> int:
    db = connect(config.storage.database)
    try:
        with transaction(db):
            return booking.add_technician(db, name, hours, phone)
    finally:
        db.conn.close()


def open_lead(config: Config, now: datetime, phone: str, name: str | None = None,
              service: str | None = None) -> int:
    db = connect(config.storage.database)
    try:
        with transaction(db):
            lead_id = crm.open_lead(db, now, phone, "missed_call")
            if name or service:
                db.execute("UPDATE contacts SET name = ? WHERE id = (SELECT contact_id FROM leads WHERE id = ?)",
                           [name, lead_id])
                db.execute("UPDATE leads SET service = ? WHERE id = ?", [service, lead_id])
            return lead_id
    finally:
        db.conn.close()


FIRST_NAMES = ["Dana", "Marcus", "Priya", "Tom", "Lucia", "Ken", "Ava", "Sam", "Rosa", "Eli", "Grace", "Omar"]
LAST_NAMES = ["Reyes", "Bell", "Nair", "Becker", "Ortega", "Watanabe", "Brooks", "Patel", "Kim", "Novak"]
DEMO_REQUESTS = [
    ("Drain cleaning", "Kitchen sink is backing up again, can someone come this week?"),
    ("Water heater repair", "No hot water since last night. Tank is a 50 gal Rheem."),
    ("Leak repair", "Pipe under the bathroom sink is dripping, not urgent"),
    ("Toilet repair", "Toilet keeps running. 4410 Speedway Austin"),
    ("Water heater replacement", "How much to replace a water heater? Ours is 15 years old"),
    ("Sewer line service", "Sewage smell in the yard and the tub drains slow"),
    ("Drain cleaning", "Shower drain is completely clogged"),
]
EMERGENCY = ("Leak repair", "Water coming through the ceiling light in the hallway!!")
# When a small shop misses calls: the morning rush, lunch, and the end of the day.
BUSY_HOURS = [7, 8, 8, 9, 9, 10, 12, 12, 13, 16, 17, 17, 18]
OPEN_THREADS = 8          # the newest conversations are still going on: the inbox's top


def demo_shop(config: Config, now: datetime, seed: int = 7) -> list[str]:
    """Thirty days of a small plumbing shop: missed calls (mornings, lunch, end of day; more early in
    the week) texted back in seconds, replies, leads that were qualified, booked, done and asked for a
    review, two technicians and a visit tomorrow. Returns the callers' numbers, newest first."""
    rng = random.Random(seed)
    zone = ZoneInfo(config.business.timezone)
    add_technician(config, "Sam Ortiz", "mon-fri 08:00-17:00", "+15125550140")
    add_technician(config, "Kim Lee", "mon-fri 10:00-18:00; sat 09:00-13:00", "+15125550141")
    calls = []
    for n in range(60):
        day = now.astimezone(zone).date() - timedelta(days=rng.randint(0, 29))
        if day.weekday() >= 4 and rng.random() < 0.5:
            continue                                      # quieter at the end of the week
        moment = datetime.combine(day, datetime.min.time(), zone).replace(hour=rng.choice(BUSY_HOURS),
                                                                          minute=rng.randint(0, 59))
        if moment < now:
            calls.append((moment, f"+1512555{2000 + n:04d}"))
    calls.sort(reverse=True)
    for n, (moment, phone) in enumerate(calls):
        seed_missed_call(config, moment, phone, linkedid=f"demo-{n}",
                         texted_after=timedelta(seconds=rng.uniform(0.8, 3.5)) if rng.random() < 0.95 else None)
    db = connect(config.storage.database)
    try:
        for index, (moment, phone) in enumerate(calls):
            if index >= OPEN_THREADS and rng.random() < 0.35:
                continue                                  # never answered the text
            service, text = EMERGENCY if index == 2 else rng.choice(DEMO_REQUESTS)
            name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[index % len(LAST_NAMES)]}"
            seed_inbound(config, moment + timedelta(minutes=rng.randint(1, 9)), phone, text)
            with transaction(db):
                lead = crm.open_lead(db, moment, phone, "missed_call")
                emergency = (service, text) == EMERGENCY
                crm.record_extraction(db, moment + timedelta(minutes=10), lead,
                                      {"intent": "new_job", "name": name, "service": service, "escalate": emergency,
                                       "urgency": "emergency" if emergency else "soon"}, price_list(config))
                if index < OPEN_THREADS:
                    messages.enqueue(db, moment + timedelta(minutes=11), phone=phone, kind="reply",
                                     priority=messages.PRIORITY_REPLY,
                                     body=f"Thanks {name.split()[0]}! What's the address, and when suits you?")
                    continue
                for step, later in (("qualified", 1), ("booked", 3), ("completed", 30)):
                    if rng.random() < 0.25:
                        break
                    crm.set_stage(db, moment + timedelta(hours=later), lead, step,
                                  "ai" if step == "qualified" else "office")
                else:
                    crm.note(db, moment + timedelta(hours=31), lead, "review", "system", "review request sent")
        with transaction(db):
            lead = crm.open_lead(db, now, calls[0][1], "missed_call")
            crm.set_stage(db, now, lead, "qualified", "ai")
            tomorrow = (now + timedelta(days=1)).astimezone(zone).date()
            for tech in (1, 2):
                slots = desk.day_slots(db, config, now, "Drain cleaning", tomorrow, tech)
                if slots:
                    desk.book(db, config, now, lead_id=lead, service="Drain cleaning", technician_id=tech,
                              start=slots[len(slots) // 2].start, actor="office")
                    break
    finally:
        db.conn.close()
    return [phone for _, phone in calls]
