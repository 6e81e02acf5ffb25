"""Search and filters under the Pipeline pages: migration v6 on a database an earlier version made,
the triggers that keep the indexes in step, and the pure reading of what a person typed."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import sqlite_utils

from appliance.pipeline import crm
from appliance.store import contacts, messages
from appliance.store.db import connect, transaction
from appliance.store.migrations import MIGRATIONS, schema_version
from tests.conftest import database_at_schema
from web.pipeline.board import LeadFilter, board, next_stages, parse_filter
from web.pipeline.search import SearchError, search_terms

NOW = datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc)
FTS_TABLES = ("contacts_fts", "messages_fts", "lead_timeline_fts")


def found(db: sqlite_utils.Database, query: str) -> list[int]:
    columns = board(db, LeadFilter(), search_terms(query, "US"), "America/Chicago")
    return sorted(lead["id"] for column in columns for lead in column.leads)


def make_v5_database(path) -> sqlite_utils.Database:
    """A database exactly as the release before this one left it, with a lead in it."""
    db = database_at_schema(path, 5)
    with transaction(db):
        lead_id = crm.open_lead(db, NOW, "+15125550123", "missed_call")
        db.execute("UPDATE contacts SET name = 'Rosa Martinez'")
        messages.record_inbound(db, NOW, phone="+15125550123", body="the water heater is leaking",
                                contact_id=contacts.contact_id_for(db, "+15125550123", NOW))
        crm.note(db, NOW, lead_id, "note", "owner", "gate code 4471")
    return db


def test_migration_v6_indexes_what_an_older_database_holds(tmp_path):
    old = make_v5_database(tmp_path / "old.db")
    assert schema_version(old) == 5
    old.conn.close()
    db = connect(tmp_path / "old.db")                       # what `textback run` and `textback web` do at start
    assert schema_version(db) == len(MIGRATIONS)
    assert found(db, "martinez") == found(db, "heater") == found(db, "4471") == found(db, "5550123") == [1]
    assert db.execute("SELECT emergency_resolved_at, emergency_resolved_by FROM leads").fetchone() == (None, None)
    db.conn.close()


def test_the_triggers_keep_the_indexes_in_step_with_every_write(db):
    with transaction(db):
        lead_id = crm.open_lead(db, NOW, "+15125550123", "inbound_text")
        crm.record_extraction(db, NOW, lead_id, {"intent": "service_request", "name": "Dana Smith"}, [])
        message_id = messages.record_inbound(db, NOW, phone="+15125550123", body="my garbage disposal hums",
                                             contact_id=contacts.contact_id_for(db, "+15125550123", NOW))
    assert found(db, "dana") == found(db, "disposal") == [lead_id]
    with transaction(db):
        db.execute("UPDATE contacts SET name = 'Dana Jones'")
        db.execute("UPDATE messages SET status = 'received', updated_at = 'x' WHERE id = ?", [message_id])
        db.execute("UPDATE lead_timeline SET summary = 'renamed' WHERE kind = 'created'")
    assert found(db, "smith") == [] and found(db, "jones") == [lead_id] and found(db, "disposal") == [lead_id]
    assert found(db, "renamed") == [lead_id] and found(db, "new lead") == []
    with transaction(db):
        db.execute("DELETE FROM message_events WHERE message_id = ?", [message_id])
        db.execute("DELETE FROM messages WHERE id = ?", [message_id])
    assert found(db, "disposal") == []
    for table in FTS_TABLES:          # FTS5's own check that the index matches its table, row for row
        db.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


@pytest.mark.parametrize("query, terms", [
    ("Martinez", ["Martinez"]),
    ("(512) 555-0123", ["15125550123"]),
    ("+1 512 555 0123", ["15125550123"]),
    ("555-0123", ["5550123"]),
    ("water heater water", ["water", "heater"]),
    ("a leak in it", ["leak"]),
    ('"OR NEAR(*', ['"OR', "NEAR(*"]),
    ("", []),
])
def test_search_terms(query, terms):
    assert search_terms(query, "US") == terms


def test_words_too_short_for_the_index_are_explained():
    with pytest.raises(SearchError, match="at least 3"):
        search_terms("a b 12", "US")


def test_query_syntax_is_searched_as_plain_characters(db):
    with transaction(db):
        lead_id = crm.open_lead(db, NOW, "+15125550123", "inbound_text")
        messages.record_inbound(db, NOW, phone="+15125550123", body='he said "OR NEAR(* weird',
                                contact_id=contacts.contact_id_for(db, "+15125550123", NOW))
    assert found(db, '"OR NEAR(*') == [lead_id]


def test_parse_filter_reads_the_query_string_and_explains_what_it_ignores():
    wanted, errors = parse_filter({"stage": "booked", "intent": "quote_request", "emergency": "yes",
                                   "source": "manual", "since": "2026-11-01", "until": "2026-11-30", "q": " tap "})
    assert wanted == LeadFilter("booked", "quote_request", True, "manual", date(2026, 11, 1), date(2026, 11, 30), "tap")
    assert errors == []
    wanted, errors = parse_filter({"stage": "won", "emergency": "maybe", "since": "2026-12-01", "until": "2026-11-01"})
    assert (wanted.stage, wanted.emergency) == (None, None)
    assert len(errors) == 3 and "after the to date" in errors[-1]
    assert parse_filter({"until": "yesterday"})[1] == ["The to date 'yesterday' is not a date like 2026-11-26."]


def test_next_stages_follow_the_pipeline_rules():
    assert next_stages("new") == ["contacted", "qualified", "booked", "lost"]
    assert next_stages("completed") == ["reviewed"]
    assert next_stages("reviewed") == []
