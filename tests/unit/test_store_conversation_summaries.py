"""The per-phone summary the inbox reads stays equal to what grouping every message would give."""

from datetime import timedelta

from appliance.store import contacts, messages
from appliance.store.db import connect, transaction
from tests.unit.test_web_pipeline_search import NOW, make_v5_database

GROUPED = """SELECT phone, MAX(created_at) AS last_at, MAX(CASE WHEN direction = 'in' THEN id END) AS last_in_id,
                    MAX(id) AS last_id FROM messages GROUP BY phone ORDER BY phone"""
SUMMARY = "SELECT phone, last_at, last_in_id, last_id FROM conversation_summaries ORDER BY phone"


def text(db, phone: str, direction: str, minutes: int) -> None:
    at = NOW + timedelta(minutes=minutes)
    with transaction(db):
        if direction == "in":
            messages.record_inbound(db, at, phone=phone, body="hello",
                                    contact_id=contacts.contact_id_for(db, phone, at))
        else:
            messages.enqueue(db, at, phone=phone, body="hi back", kind="reply", priority=5)


def test_an_upgraded_database_is_summarised_and_new_texts_keep_it_right(tmp_path):
    make_v5_database(tmp_path / "old.db").conn.close()      # holds one inbound text
    db = connect(tmp_path / "old.db")
    assert list(db.query(SUMMARY)) == list(db.query(GROUPED))
    for phone, direction, minutes in [("+15125550123", "out", 1), ("+15125550177", "in", 2),
                                      ("+15125550177", "out", 3), ("+15125550123", "in", 4),
                                      ("+15125550177", "out", 5)]:
        text(db, phone, direction, minutes)
        assert list(db.query(SUMMARY)) == list(db.query(GROUPED))
    db.conn.close()
