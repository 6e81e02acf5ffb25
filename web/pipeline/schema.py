"""The pipeline pages' additions to the database, created by migration v6 (appliance/store/migrations.py).

Full-text search uses SQLite FTS5 with the trigram tokenizer, so any three or more characters
match anywhere inside a word: part of a name ("mart" finds Martinez), the last digits of a phone
number, a street name inside a text. The three indexes are external-content tables: they hold
only the index, the text stays in its own table, and triggers keep them in step with every
insert, edit and delete, whichever process writes. The 'rebuild' lines index what a database
made by an earlier version already holds.

Shipped SQL is never edited: a later change is a new migration with its own SQL.
"""


def _external_index(table: str, columns: tuple[str, ...]) -> str:
    """An FTS5 index over ``columns`` of ``table``, the triggers that keep it in step, and its backfill.
    (Its output is shipped in migration v6: change it only by writing a new migration.)"""
    index = f"{table}_fts"
    names = ", ".join(columns)
    new_values = ", ".join(f"new.{column}" for column in columns)
    old_values = ", ".join(f"old.{column}" for column in columns)
    add = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new_values});"
    remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old_values});"
    return f"""
CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{table}', content_rowid='id', tokenize='trigram');
CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {add} END;
CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END;
CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} BEGIN {remove} {add} END;
INSERT INTO {index}({index}) VALUES ('rebuild');
"""


# Contacts' names and numbers, every text, and lead timelines: staff notes, stage changes with
# their reasons, and what the brain extracted.
SEARCH_SQL = (_external_index("contacts", ("name", "phone")) + _external_index("messages", ("body",))
              + _external_index("lead_timeline", ("summary",)))

# An emergency someone has handled leaves the top of the inbox; the lead keeps its emergency flag.
RESOLVED_SQL = """
ALTER TABLE leads ADD COLUMN emergency_resolved_at TEXT;
ALTER TABLE leads ADD COLUMN emergency_resolved_by TEXT;
"""
