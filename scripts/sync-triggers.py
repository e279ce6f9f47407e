#!/usr/bin/env python3
"""Writes the SQL of migration 0014 (team sync: uids and outbox triggers) from the schema of the
migrations before it, on stdout: `python3 scripts/sync-triggers.py > migration.sql`.

The triggers name every column that travels; a later migration that adds a column to one of these
tables must recreate that table's `<table>_sync_*` triggers (the firstgoal-sync test
`the_triggers_name_every_travelling_field_of_every_table` fails until it does): run this against
the new schema and take that table's trigger statements.
"""
import glob
import os
import sqlite3

here = os.path.dirname(os.path.abspath(__file__))
migrations = sorted(glob.glob(os.path.join(here, "..", "src-tauri", "crates", "core", "migrations", "*.sql")))
db = sqlite3.connect(":memory:")
for path in migrations:
    if os.path.basename(path) >= "0014":
        break
    db.executescript(open(path, encoding="utf-8").read())
# parents first
TABLES = ["projects","team_members","playbooks","milestones","stakeholders","heat_entries","touchpoints",
 "touchpoint_participants","adoption_purposes","purpose_agreements","project_team","project_stages",
 "stage_actions","project_holds","journeys","journey_revisions"]
LOCAL = {"id","uid","version","updated_at","last_touch"}
UUID = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
        "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")
out = []
w = out.append
w("""-- Team sync, the replica's side (README, "Team sync: the replica").
--
-- Every record that travels gets `uid`, a UUID that is the same in every replica, once its file is
-- enrolled in a team: a file that never joins one keeps the column empty (no index entries, no
-- cost). Enrolment names every row (replica/state.rs), and from then on new rows are named by the
-- `<table>_uid` trigger (AFTER INSERT, only when the writer gave none: every write path of the core,
-- the import and the demo generator is covered without knowing of it; the replica gives the uid of
-- a record it receives). The bulk writers set that trigger aside and name the new rows once
-- (db/triggers.rs). The records of a project kept private (`sync_private`) stay unnamed, and so
-- never travel, until it is shared.
--
-- Once the file is enrolled (`sync_state.enrolled`), every change of a travelling record is written
-- to `sync_outbox` by the `<table>_sync_*` triggers, in the transaction of the change: a record
-- that gets its uid (a new row) or is inserted with one sets every field, an update sets each
-- field that changed, a deletion deletes (its outbox row keeps the record's fields, so a deletion
-- the server refuses as a conflict can bring the record back). References travel as the uid of
-- the row referred to.
-- While the replica applies changes pulled from the server `sync_state.applying` is 1 and nothing
-- is written to the outbox. `id`, `uid`, `version`, `updated_at` and the derived `last_touch` stay
-- local. The triggers are generated from the schema (scripts/sync-triggers.py); a test checks
-- they cover every column.

-- The replica's state, one row: enrolment (the credential is kept outside the file), the cursor
-- (the last server sequence applied) and whether pulled changes are being applied.
CREATE TABLE sync_state (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    enrolled   INTEGER NOT NULL DEFAULT 0 CHECK (enrolled IN (0, 1)),
    applying   INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    server_url TEXT,
    team_id    TEXT,
    person_id  TEXT,
    role       TEXT,
    replica_id TEXT,
    cursor     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state (singleton) VALUES (1);

-- Local changes not yet accepted by the server, in the order they were made. The change id sent is
-- derived from `replica_id` and `id` (AUTOINCREMENT: never reused), so a resend is the same change.
CREATE TABLE sync_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT    NOT NULL,
    record_uid TEXT    NOT NULL,
    base_seq   INTEGER NOT NULL,
    op         TEXT    NOT NULL CHECK (op IN ('set', 'delete')),
    field      TEXT,
    value      TEXT
);

-- Fields pulled for records this file does not have yet, kept until the record is complete (every
-- field arrived, and the records it refers to exist).
CREATE TABLE sync_incoming (
    kind       TEXT NOT NULL,
    record_uid TEXT NOT NULL,
    field      TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (kind, record_uid, field)
);

-- Pushed changes the server did not apply because someone else changed the same thing first:
-- mine (as pushed) and theirs (as stored), until the user resolves them.
CREATE TABLE sync_conflicts (
    id          INTEGER PRIMARY KEY,
    mine        TEXT NOT NULL,
    theirs      TEXT NOT NULL,
    reported_at TEXT NOT NULL
);

-- Projects of an enrolled file that stay in it: their records are not named, so nothing of them is
-- sent, until the project is shared (which names them: every field goes out then).
CREATE TABLE sync_private (
    project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE
);
""")
EMIT = "(SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)"
NAME = "(SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)"
def columns(t):
    return [c[0] for c in db.execute(f"select name from pragma_table_info('{t}') order by cid").fetchall()]
def project_of(t, fks, rec):
    """The project a row belongs to (the same rule as replica/share.rs), or None."""
    if t == "projects":
        return f"{rec}.id"
    if "project_id" in columns(t):
        return f"{rec}.project_id"
    for col, parent in fks.items():
        if "project_id" in columns(parent):
            return f"(SELECT project_id FROM {parent} WHERE id = {rec}.{col})"
    return None
for t in TABLES:
    cols = db.execute(f"select name from pragma_table_info('{t}') order by cid").fetchall()
    fks = dict(db.execute(f"select \"from\", \"table\" from pragma_foreign_key_list('{t}')").fetchall())
    fields = [c[0] for c in cols if c[0] not in LOCAL]
    def val(c, rec):
        if c in fks:
            return f"json_quote((SELECT uid FROM {fks[c]} WHERE id = {rec}.{c}))"
        return f"json_quote({rec}.{c})"
    def emit_all(rec):
        rows = ",\n        ".join(f"('{c}', {val(c, rec)})" for c in fields)
        return (f"    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)\n"
                f"    SELECT '{t}', {rec}.uid, (SELECT cursor FROM sync_state), 'set', f.column1, "
                f"f.column2\n    FROM (VALUES\n        {rows}) AS f;\n")
    w(f"\n-- {t}\nALTER TABLE {t} ADD COLUMN uid TEXT;\n")
    w(f"CREATE UNIQUE INDEX {t}_by_uid ON {t} (uid) WHERE uid IS NOT NULL;\n")
    shared = project_of(t, fks, "NEW")
    shared = f"\n    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = {shared})" if shared else ""
    w(f"CREATE TRIGGER {t}_uid AFTER INSERT ON {t}\n    WHEN NEW.uid IS NULL AND {NAME}{shared}\nBEGIN\n    UPDATE {t} SET uid = {UUID}\n        WHERE rowid = NEW.rowid;\nEND;\n")
    w(f"CREATE TRIGGER {t}_sync_insert AFTER INSERT ON {t}\n    WHEN NEW.uid IS NOT NULL AND {EMIT}\nBEGIN\n{emit_all('NEW')}END;\n")
    w(f"CREATE TRIGGER {t}_sync_named AFTER UPDATE OF uid ON {t}\n    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND {EMIT}\nBEGIN\n{emit_all('NEW')}END;\n")
    rows = ",\n        ".join(f"('{c}', {val(c, 'NEW')}, OLD.{c} IS NOT NEW.{c})" for c in fields)
    w(f"CREATE TRIGGER {t}_sync_update AFTER UPDATE OF {', '.join(fields)} ON {t}\n    WHEN OLD.uid IS NOT NULL AND {EMIT}\nBEGIN\n"
      f"    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)\n"
      f"    SELECT '{t}', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2\n"
      f"    FROM (VALUES\n        {rows}) AS f\n    WHERE f.column3;\nEND;\n")
    snap = ",\n            ".join(f"'{c}', json({val(c, 'OLD')})" for c in fields)
    w(f"CREATE TRIGGER {t}_sync_delete AFTER DELETE ON {t}\n    WHEN OLD.uid IS NOT NULL AND {EMIT}\nBEGIN\n"
      f"    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)\n"
      f"    SELECT '{t}', OLD.uid, (SELECT cursor FROM sync_state), 'delete',\n        json_object(\n            {snap});\nEND;\n")
print("".join(out), end="")

