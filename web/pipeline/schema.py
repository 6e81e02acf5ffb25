"""The pipeline pages' additions to the database, created by migration v6 (appliance/store/migrations.py).

Full-text search uses SQLite FTS5 with the trigram tokenizer, so any three or more characters
match anywhere inside a word: part of a name ("mart" finds Martinez), the last digits of a phone
number, a street name inside a text. The three indexes are external-content tables: they hold
only the index, the text stays in its own table, and triggers keep them in step with every
insert, edit and delete, whichever process writes. The 'rebuild' lines index what a database
made by an earlier version already holds.

Shipped SQL is never edited: a later change is a new migration with its own SQL.
"""

SEARCH_SQL = """
CREATE VIRTUAL TABLE contacts_fts USING fts5(name, phone, content='contacts', content_rowid='id',
                                             tokenize='trigram');
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts(rowid, name, phone) VALUES (new.id, new.name, new.phone);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts(contacts_fts, rowid, name, phone) VALUES ('delete', old.id, old.name, old.phone);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, phone ON contacts BEGIN
    INSERT INTO contacts_fts(contacts_fts, rowid, name, phone) VALUES ('delete', old.id, old.name, old.phone);
    INSERT INTO contacts_fts(rowid, name, phone) VALUES (new.id, new.name, new.phone);
END;
INSERT INTO contacts_fts(contacts_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', content_rowid='id', tokenize='trigram');
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
END;
INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');

-- Staff notes, stage changes with their reasons, and what the brain extracted.
CREATE VIRTUAL TABLE lead_timeline_fts USING fts5(summary, content='lead_timeline', content_rowid='id',
                                                  tokenize='trigram');
CREATE TRIGGER lead_timeline_fts_insert AFTER INSERT ON lead_timeline BEGIN
    INSERT INTO lead_timeline_fts(rowid, summary) VALUES (new.id, new.summary);
END;
CREATE TRIGGER lead_timeline_fts_delete AFTER DELETE ON lead_timeline BEGIN
    INSERT INTO lead_timeline_fts(lead_timeline_fts, rowid, summary) VALUES ('delete', old.id, old.summary);
END;
CREATE TRIGGER lead_timeline_fts_update AFTER UPDATE OF summary ON lead_timeline BEGIN
    INSERT INTO lead_timeline_fts(lead_timeline_fts, rowid, summary) VALUES ('delete', old.id, old.summary);
    INSERT INTO lead_timeline_fts(rowid, summary) VALUES (new.id, new.summary);
END;
INSERT INTO lead_timeline_fts(lead_timeline_fts) VALUES ('rebuild');
"""

# An emergency someone has handled leaves the top of the inbox; the lead keeps its emergency flag.
RESOLVED_SQL = """
ALTER TABLE leads ADD COLUMN emergency_resolved_at TEXT;
ALTER TABLE leads ADD COLUMN emergency_resolved_by TEXT;
"""
