"""A whole customer journey through the pipeline with a controllable clock, the real text-back
decision, the brain's rules, the agent's poller job, a real SMTP server and a real Radicale.

What it does not cover (the lead's agent does): texts going over the simulated modem, and
the conversation layer calling the pipeline. Here the texts are rows in the outbox/inbox.
"""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import caldav
from icalendar import Calendar

from appliance.brain.engine import qualify
from appliance.brain.profile import default_profile
from appliance.calendar.caldav_sync import CaldavSync
from appliance.clock import FixedClock
from appliance.mail.smtp import SmtpSettings, smtp_transport
from appliance.pipeline import booking, crm, flow
from appliance.pipeline.inbound import on_customer_reply
from appliance.pipeline.missed_calls import EndedCall, handle_ended_call
from appliance.pipeline.poller import PipelinePoller
from appliance.pipeline.visits import on_the_way
from appliance.store import messages
from appliance.store.db import connect, transaction
from tests.conftest import make_config
from tests.integration.pipeline_servers import RadicaleServer, SmtpServer

CHI = ZoneInfo("America/Chicago")
CUSTOMER = "+15125550123"
TECH = "+15125550177"


def test_missed_call_to_review_reminder(tmp_path):
    (tmp_path / "smtp").mkdir()
    with SmtpServer(tmp_path / "smtp", "starttls", "shop", "mail-pass-123") as smtp, \
            RadicaleServer(tmp_path, "sam", "calendar-pass-1") as radicale:
        cfg = make_config(tmp_path, mail={"host": "127.0.0.1", "port": smtp.port, "security": "starttls",
                                          "username": "shop", "password": "mail-pass-123",
                                          "sender": "textback@lonestar.example"},
                          pipeline={"owner_email": "owner@lonestar.example",
                                    "review_link": "https://g.page/r/lonestar/review"},
                          booking={"min_notice_hours": 2})
        clock = FixedClock(datetime(2026, 6, 1, 9, 0, tzinfo=CHI).astimezone(timezone.utc))
        db = connect(cfg.storage.database)
        calendar = caldav.DAVClient(url=radicale.url, username="sam", password="calendar-pass-1",
                                    require_tls=False).principal().make_calendar(name="Sam")
        with transaction(db):
            booking.add_technician(db, "Sam", "mon-fri 08:00-17:00", phone=TECH, caldav_calendar=str(calendar.url))
        poller = PipelinePoller(cfg, clock, send_email=smtp_transport(SmtpSettings.from_config(cfg.mail),
                                                                      tls=smtp.client_tls()),
                                extra=CaldavSync(radicale.url, "sam", "calendar-pass-1", cfg.business.timezone))
        poller.recover_after_restart()

        def customer_says(body, phone=CUSTOMER):
            with transaction(db):
                messages.record_inbound(db, clock.now(), phone=phone, body=body, contact_id=None)
                return on_customer_reply(db, cfg, clock.now(), phone, body)

        def texts_to(phone=CUSTOMER):
            return [m["body"] for m in messages.conversation(db, phone) if m["direction"] == "out"]

        # 1. A missed call: the real text-back decision queues the text; the pipeline opens the lead.
        result = handle_ended_call(db, cfg, EndedCall("call-1", CUSTOMER, True, "noanswer", "simulated"),
                                   clock.now())
        with transaction(db):
            lead_id = flow.on_missed_call(db, cfg, clock.now(), CUSTOMER, result.call_id, result.message_id is not None)
        assert crm.get_lead(db, lead_id)["stage"] == "contacted"

        # 2. The customer answers; the brain's rules qualify the lead; slots are offered.
        clock.advance(minutes=4)
        words = "Hi this is Dana, my kitchen drain is clogged and backing up. 1200 Oak St Austin TX 78704"
        assert not customer_says(words).handled
        lead = qualify([words], default_profile("plumbing", cfg.business.name), clock.now(), mode="rules")
        with transaction(db):
            flow.on_lead_qualified(db, cfg, clock.now(), lead_id, lead.to_dict())
            booking.offer_slots(db, cfg, clock.now(), lead_id)
        assert texts_to()[-1].endswith("Reply 1, 2 or 3, or NONE if none of those work.")
        assert crm.get_lead(db, lead_id)["estimated_value"] == 238            # Drain cleaning, $125-$350

        # 3. "3" books Tuesday 8am; the poller emails the owner and puts the visit in Sam's calendar.
        assert customer_says("3").what == "booked"
        poller()
        alert = next(m for m in smtp.mailbox.received if m["Subject"].startswith("New lead"))
        assert "Dana" in alert["Subject"] and "$238" in alert.get_payload()
        [event] = [e for o in calendar.events() for e in Calendar.from_ical(o.data).walk("VEVENT")]
        assert event.decoded("dtstart") == datetime(2026, 6, 2, 8, 0, tzinfo=CHI)

        # 4. The reminder (less than a day ahead, so at the next poll), C, on the way, DONE from Sam.
        clock.advance(minutes=1)
        poller()
        assert "Reply C to confirm or R to reschedule" in texts_to()[-1]
        assert customer_says("C").what == "confirmed"
        clock.advance(hours=22, minutes=30)                                   # Tuesday 7:35
        with transaction(db):
            on_the_way(db, cfg, clock.now(), 1, "sam")
        assert texts_to()[-1] == "Lone Star Plumbing: Sam is on the way now."
        clock.advance(hours=2)
        assert customer_says("DONE 1", phone=TECH).what == "job_done"

        # 5. The review request now, Monday's summary (due 7am Tuesday), one review reminder three days on.
        poller()
        assert "https://g.page/r/lonestar/review" in texts_to()[-1]
        clock.advance(days=1)
        poller()
        summary = next(m for m in smtp.mailbox.received if "booked" in m["Subject"])
        assert summary["Subject"] == "Lone Star Plumbing: Monday June 1: 1 missed calls, 1 booked"
        clock.advance(days=2)
        poller()
        clock.advance(days=5)
        poller()
        reviews = [m for m in messages.conversation(db, CUSTOMER) if m["kind"] == "review"]
        assert len(reviews) == 2 and reviews[1]["body"].startswith("Hi Dana, Lone Star Plumbing again")
        assert crm.get_lead(db, lead_id)["stage"] == "completed"
        assert [e.summary for e in crm.timeline(db, lead_id) if e.kind == "stage"] == [
            "new -> contacted", "contacted -> qualified", "qualified -> booked", "booked -> completed"]
