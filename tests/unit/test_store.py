import sqlite3

import pytest

from appliance.clock import iso
from appliance.pipeline import crm
from appliance.store import consent, messages
from appliance.store.db import StoreError, connect, transaction
from appliance.store.migrations import MIGRATIONS, schema_version
from tests.unit.test_web_pipeline_search import NOW, make_v5_database


def test_new_database_is_migrated_and_in_wal_mode(db):
    assert schema_version(db) == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert {"calls", "contacts", "messages", "message_events", "leads", "tasks", "events",
            "consent"} <= set(db.table_names())


def test_reopening_does_not_migrate_twice(tmp_path):
    first = connect(tmp_path / "t.db")
    first.conn.close()
    again = connect(tmp_path / "t.db")
    assert schema_version(again) == len(MIGRATIONS)


def test_a_newer_schema_is_refused_with_advice(tmp_path):
    db = connect(tmp_path / "t.db")
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.conn.close()
    with pytest.raises(RuntimeError, match="newer than this textback knows"):
        connect(tmp_path / "t.db")


def test_a_staff_reply_stored_before_replies_named_their_sender_still_reads_as_staff(tmp_path):
    old = make_v5_database(tmp_path / "old.db")
    with transaction(old):
        old.execute("INSERT INTO messages (phone, direction, kind, body, status, created_at, updated_at) "
                    "VALUES ('+15125550123', 'out', 'human', 'On our way', 'sent', ?, ?)", [iso(NOW), iso(NOW)])
    old.conn.close()
    db = connect(tmp_path / "old.db")
    [reply] = [entry for entry in crm.timeline(db, 1) if entry.summary == "On our way"]
    assert reply.actor == "staff"
    db.conn.close()


def test_garbage_file_is_reported_as_damaged(tmp_path):
    path = tmp_path / "t.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="damaged"):
        connect(path)


def test_consent_ledger_is_append_only(db, clock):
    with transaction(db):
        consent.record_consent(db, "+15125550123", "opt_out", "sms:STOP", clock.now())
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM consent")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE consent SET action = 'opt_in'")
    assert consent.is_opted_out(db, "+15125550123")
    with transaction(db):
        consent.record_consent(db, "+15125550123", "opt_in", "sms:START", clock.now())
    assert not consent.is_opted_out(db, "+15125550123")
    exported = consent.export_csv(db).splitlines()
    assert exported[0] == "at,phone,action,source,evidence"
    assert [line.split(",")[2] for line in exported[1:]] == ["opt_out", "opt_in"]


def test_every_message_state_change_is_recorded_with_a_time(db, clock):
    with transaction(db):
        message_id = messages.enqueue(db, clock.now(), phone="+15125550123", body="hi", kind="textback",
                                      priority=messages.PRIORITY_TEXTBACK)
    with transaction(db):
        assert messages.claim(db, clock.now(), message_id)
        assert not messages.claim(db, clock.now(), message_id), "a message is claimed once"
    with transaction(db):
        messages.mark_sent(db, clock.now(), message_id, [7])
    states = [(event["status"], bool(event["at"])) for event in messages.history(db, message_id)]
    assert states == [("queued", True), ("sending", True), ("sent", True)]


def test_a_failed_transaction_leaves_nothing_behind(db, clock):
    with pytest.raises(ZeroDivisionError):
        with transaction(db):
            messages.enqueue(db, clock.now(), phone="+15125550123", body="hi", kind="textback", priority=1)
            1 / 0
    assert db["messages"].count == 0
