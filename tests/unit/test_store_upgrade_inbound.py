"""Upgrading to the release that answers unanswered texts at start must not answer old ones again."""

from datetime import timedelta

from appliance.store import contacts, messages
from appliance.store.db import connect
from appliance.store.migrations import schema_version
from tests.unit.test_web_pipeline_search import NOW, make_v5_database


def test_texts_stored_before_the_upgrade_count_as_handled_with_the_reason_recorded(tmp_path):
    old = make_v5_database(tmp_path / "old.db")   # holds one inbound text, status 'received'
    old.conn.close()
    db = connect(tmp_path / "old.db")
    assert messages.unhandled_inbound(db, NOW - timedelta(hours=1)) == []
    [event] = db.query("SELECT status, detail FROM message_events WHERE status = 'handled'")
    assert event["detail"] == "acted on before the upgrade"
    db.conn.close()


def test_a_text_stored_after_the_upgrade_still_waits_to_be_answered(db):
    assert schema_version(db) >= 7
    message_id = messages.record_inbound(db, NOW, phone="+15125550123", body="still need help",
                                         contact_id=contacts.contact_id_for(db, "+15125550123", NOW))
    assert messages.unhandled_inbound(db, NOW - timedelta(hours=1)) == [message_id]
