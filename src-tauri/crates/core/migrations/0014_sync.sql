-- Team sync, the replica's side (README, "Team sync: the replica").
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

-- projects
ALTER TABLE projects ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX projects_by_uid ON projects (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER projects_uid AFTER INSERT ON projects
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.id)
BEGIN
    UPDATE projects SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER projects_sync_insert AFTER INSERT ON projects
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'projects', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('customer_name', json_quote(NEW.customer_name)),
        ('contract_date', json_quote(NEW.contract_date)),
        ('kickoff_date', json_quote(NEW.kickoff_date)),
        ('segment', json_quote(NEW.segment)),
        ('owner', json_quote(NEW.owner)),
        ('archived_at', json_quote(NEW.archived_at)),
        ('created_at', json_quote(NEW.created_at)),
        ('playbook_name', json_quote(NEW.playbook_name))) AS f;
END;
CREATE TRIGGER projects_sync_named AFTER UPDATE OF uid ON projects
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'projects', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('customer_name', json_quote(NEW.customer_name)),
        ('contract_date', json_quote(NEW.contract_date)),
        ('kickoff_date', json_quote(NEW.kickoff_date)),
        ('segment', json_quote(NEW.segment)),
        ('owner', json_quote(NEW.owner)),
        ('archived_at', json_quote(NEW.archived_at)),
        ('created_at', json_quote(NEW.created_at)),
        ('playbook_name', json_quote(NEW.playbook_name))) AS f;
END;
CREATE TRIGGER projects_sync_update AFTER UPDATE OF customer_name, contract_date, kickoff_date, segment, owner, archived_at, created_at, playbook_name ON projects
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'projects', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('customer_name', json_quote(NEW.customer_name), OLD.customer_name IS NOT NEW.customer_name),
        ('contract_date', json_quote(NEW.contract_date), OLD.contract_date IS NOT NEW.contract_date),
        ('kickoff_date', json_quote(NEW.kickoff_date), OLD.kickoff_date IS NOT NEW.kickoff_date),
        ('segment', json_quote(NEW.segment), OLD.segment IS NOT NEW.segment),
        ('owner', json_quote(NEW.owner), OLD.owner IS NOT NEW.owner),
        ('archived_at', json_quote(NEW.archived_at), OLD.archived_at IS NOT NEW.archived_at),
        ('created_at', json_quote(NEW.created_at), OLD.created_at IS NOT NEW.created_at),
        ('playbook_name', json_quote(NEW.playbook_name), OLD.playbook_name IS NOT NEW.playbook_name)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER projects_sync_delete AFTER DELETE ON projects
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'projects', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'customer_name', json(json_quote(OLD.customer_name)),
            'contract_date', json(json_quote(OLD.contract_date)),
            'kickoff_date', json(json_quote(OLD.kickoff_date)),
            'segment', json(json_quote(OLD.segment)),
            'owner', json(json_quote(OLD.owner)),
            'archived_at', json(json_quote(OLD.archived_at)),
            'created_at', json(json_quote(OLD.created_at)),
            'playbook_name', json(json_quote(OLD.playbook_name)));
END;

-- team_members
ALTER TABLE team_members ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX team_members_by_uid ON team_members (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER team_members_uid AFTER INSERT ON team_members
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
BEGIN
    UPDATE team_members SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER team_members_sync_insert AFTER INSERT ON team_members
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'team_members', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('name', json_quote(NEW.name)),
        ('role', json_quote(NEW.role)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER team_members_sync_named AFTER UPDATE OF uid ON team_members
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'team_members', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('name', json_quote(NEW.name)),
        ('role', json_quote(NEW.role)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER team_members_sync_update AFTER UPDATE OF name, role, created_at ON team_members
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'team_members', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('name', json_quote(NEW.name), OLD.name IS NOT NEW.name),
        ('role', json_quote(NEW.role), OLD.role IS NOT NEW.role),
        ('created_at', json_quote(NEW.created_at), OLD.created_at IS NOT NEW.created_at)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER team_members_sync_delete AFTER DELETE ON team_members
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'team_members', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'name', json(json_quote(OLD.name)),
            'role', json(json_quote(OLD.role)),
            'created_at', json(json_quote(OLD.created_at)));
END;

-- playbooks
ALTER TABLE playbooks ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX playbooks_by_uid ON playbooks (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER playbooks_uid AFTER INSERT ON playbooks
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
BEGIN
    UPDATE playbooks SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER playbooks_sync_insert AFTER INSERT ON playbooks
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'playbooks', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('name', json_quote(NEW.name)),
        ('body', json_quote(NEW.body)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER playbooks_sync_named AFTER UPDATE OF uid ON playbooks
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'playbooks', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('name', json_quote(NEW.name)),
        ('body', json_quote(NEW.body)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER playbooks_sync_update AFTER UPDATE OF name, body, created_at ON playbooks
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'playbooks', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('name', json_quote(NEW.name), OLD.name IS NOT NEW.name),
        ('body', json_quote(NEW.body), OLD.body IS NOT NEW.body),
        ('created_at', json_quote(NEW.created_at), OLD.created_at IS NOT NEW.created_at)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER playbooks_sync_delete AFTER DELETE ON playbooks
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'playbooks', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'name', json(json_quote(OLD.name)),
            'body', json(json_quote(OLD.body)),
            'created_at', json(json_quote(OLD.created_at)));
END;

-- milestones
ALTER TABLE milestones ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX milestones_by_uid ON milestones (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER milestones_uid AFTER INSERT ON milestones
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.project_id)
BEGIN
    UPDATE milestones SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER milestones_sync_insert AFTER INSERT ON milestones
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'milestones', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('horizon', json_quote(NEW.horizon)),
        ('title', json_quote(NEW.title)),
        ('due_date', json_quote(NEW.due_date)),
        ('due_date_manual', json_quote(NEW.due_date_manual)),
        ('due_date_reason', json_quote(NEW.due_date_reason)),
        ('goal', json_quote(NEW.goal)),
        ('criterion', json_quote(NEW.criterion)),
        ('status', json_quote(NEW.status)),
        ('achieved_on', json_quote(NEW.achieved_on)),
        ('evidence', json_quote(NEW.evidence)),
        ('customer_owner', json_quote(NEW.customer_owner)),
        ('internal_owner_id', json_quote((SELECT uid FROM team_members WHERE id = NEW.internal_owner_id)))) AS f;
END;
CREATE TRIGGER milestones_sync_named AFTER UPDATE OF uid ON milestones
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'milestones', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('horizon', json_quote(NEW.horizon)),
        ('title', json_quote(NEW.title)),
        ('due_date', json_quote(NEW.due_date)),
        ('due_date_manual', json_quote(NEW.due_date_manual)),
        ('due_date_reason', json_quote(NEW.due_date_reason)),
        ('goal', json_quote(NEW.goal)),
        ('criterion', json_quote(NEW.criterion)),
        ('status', json_quote(NEW.status)),
        ('achieved_on', json_quote(NEW.achieved_on)),
        ('evidence', json_quote(NEW.evidence)),
        ('customer_owner', json_quote(NEW.customer_owner)),
        ('internal_owner_id', json_quote((SELECT uid FROM team_members WHERE id = NEW.internal_owner_id)))) AS f;
END;
CREATE TRIGGER milestones_sync_update AFTER UPDATE OF project_id, horizon, title, due_date, due_date_manual, due_date_reason, goal, criterion, status, achieved_on, evidence, customer_owner, internal_owner_id ON milestones
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'milestones', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id)), OLD.project_id IS NOT NEW.project_id),
        ('horizon', json_quote(NEW.horizon), OLD.horizon IS NOT NEW.horizon),
        ('title', json_quote(NEW.title), OLD.title IS NOT NEW.title),
        ('due_date', json_quote(NEW.due_date), OLD.due_date IS NOT NEW.due_date),
        ('due_date_manual', json_quote(NEW.due_date_manual), OLD.due_date_manual IS NOT NEW.due_date_manual),
        ('due_date_reason', json_quote(NEW.due_date_reason), OLD.due_date_reason IS NOT NEW.due_date_reason),
        ('goal', json_quote(NEW.goal), OLD.goal IS NOT NEW.goal),
        ('criterion', json_quote(NEW.criterion), OLD.criterion IS NOT NEW.criterion),
        ('status', json_quote(NEW.status), OLD.status IS NOT NEW.status),
        ('achieved_on', json_quote(NEW.achieved_on), OLD.achieved_on IS NOT NEW.achieved_on),
        ('evidence', json_quote(NEW.evidence), OLD.evidence IS NOT NEW.evidence),
        ('customer_owner', json_quote(NEW.customer_owner), OLD.customer_owner IS NOT NEW.customer_owner),
        ('internal_owner_id', json_quote((SELECT uid FROM team_members WHERE id = NEW.internal_owner_id)), OLD.internal_owner_id IS NOT NEW.internal_owner_id)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER milestones_sync_delete AFTER DELETE ON milestones
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'milestones', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'project_id', json(json_quote((SELECT uid FROM projects WHERE id = OLD.project_id))),
            'horizon', json(json_quote(OLD.horizon)),
            'title', json(json_quote(OLD.title)),
            'due_date', json(json_quote(OLD.due_date)),
            'due_date_manual', json(json_quote(OLD.due_date_manual)),
            'due_date_reason', json(json_quote(OLD.due_date_reason)),
            'goal', json(json_quote(OLD.goal)),
            'criterion', json(json_quote(OLD.criterion)),
            'status', json(json_quote(OLD.status)),
            'achieved_on', json(json_quote(OLD.achieved_on)),
            'evidence', json(json_quote(OLD.evidence)),
            'customer_owner', json(json_quote(OLD.customer_owner)),
            'internal_owner_id', json(json_quote((SELECT uid FROM team_members WHERE id = OLD.internal_owner_id))));
END;

-- stakeholders
ALTER TABLE stakeholders ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX stakeholders_by_uid ON stakeholders (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER stakeholders_uid AFTER INSERT ON stakeholders
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.project_id)
BEGIN
    UPDATE stakeholders SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER stakeholders_sync_insert AFTER INSERT ON stakeholders
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'stakeholders', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('position', json_quote(NEW.position)),
        ('name', json_quote(NEW.name)),
        ('reading', json_quote(NEW.reading)),
        ('title', json_quote(NEW.title)),
        ('department', json_quote(NEW.department)),
        ('level', json_quote(NEW.level)),
        ('influence', json_quote(NEW.influence)),
        ('roles', json_quote(NEW.roles)),
        ('key_person', json_quote(NEW.key_person)),
        ('attended_kickoff', json_quote(NEW.attended_kickoff)),
        ('stated_role', json_quote(NEW.stated_role)),
        ('email', json_quote(NEW.email)),
        ('phone', json_quote(NEW.phone)),
        ('status', json_quote(NEW.status)),
        ('status_date', json_quote(NEW.status_date)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER stakeholders_sync_named AFTER UPDATE OF uid ON stakeholders
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'stakeholders', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('position', json_quote(NEW.position)),
        ('name', json_quote(NEW.name)),
        ('reading', json_quote(NEW.reading)),
        ('title', json_quote(NEW.title)),
        ('department', json_quote(NEW.department)),
        ('level', json_quote(NEW.level)),
        ('influence', json_quote(NEW.influence)),
        ('roles', json_quote(NEW.roles)),
        ('key_person', json_quote(NEW.key_person)),
        ('attended_kickoff', json_quote(NEW.attended_kickoff)),
        ('stated_role', json_quote(NEW.stated_role)),
        ('email', json_quote(NEW.email)),
        ('phone', json_quote(NEW.phone)),
        ('status', json_quote(NEW.status)),
        ('status_date', json_quote(NEW.status_date)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER stakeholders_sync_update AFTER UPDATE OF project_id, position, name, reading, title, department, level, influence, roles, key_person, attended_kickoff, stated_role, email, phone, status, status_date, created_at ON stakeholders
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'stakeholders', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id)), OLD.project_id IS NOT NEW.project_id),
        ('position', json_quote(NEW.position), OLD.position IS NOT NEW.position),
        ('name', json_quote(NEW.name), OLD.name IS NOT NEW.name),
        ('reading', json_quote(NEW.reading), OLD.reading IS NOT NEW.reading),
        ('title', json_quote(NEW.title), OLD.title IS NOT NEW.title),
        ('department', json_quote(NEW.department), OLD.department IS NOT NEW.department),
        ('level', json_quote(NEW.level), OLD.level IS NOT NEW.level),
        ('influence', json_quote(NEW.influence), OLD.influence IS NOT NEW.influence),
        ('roles', json_quote(NEW.roles), OLD.roles IS NOT NEW.roles),
        ('key_person', json_quote(NEW.key_person), OLD.key_person IS NOT NEW.key_person),
        ('attended_kickoff', json_quote(NEW.attended_kickoff), OLD.attended_kickoff IS NOT NEW.attended_kickoff),
        ('stated_role', json_quote(NEW.stated_role), OLD.stated_role IS NOT NEW.stated_role),
        ('email', json_quote(NEW.email), OLD.email IS NOT NEW.email),
        ('phone', json_quote(NEW.phone), OLD.phone IS NOT NEW.phone),
        ('status', json_quote(NEW.status), OLD.status IS NOT NEW.status),
        ('status_date', json_quote(NEW.status_date), OLD.status_date IS NOT NEW.status_date),
        ('created_at', json_quote(NEW.created_at), OLD.created_at IS NOT NEW.created_at)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER stakeholders_sync_delete AFTER DELETE ON stakeholders
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'stakeholders', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'project_id', json(json_quote((SELECT uid FROM projects WHERE id = OLD.project_id))),
            'position', json(json_quote(OLD.position)),
            'name', json(json_quote(OLD.name)),
            'reading', json(json_quote(OLD.reading)),
            'title', json(json_quote(OLD.title)),
            'department', json(json_quote(OLD.department)),
            'level', json(json_quote(OLD.level)),
            'influence', json(json_quote(OLD.influence)),
            'roles', json(json_quote(OLD.roles)),
            'key_person', json(json_quote(OLD.key_person)),
            'attended_kickoff', json(json_quote(OLD.attended_kickoff)),
            'stated_role', json(json_quote(OLD.stated_role)),
            'email', json(json_quote(OLD.email)),
            'phone', json(json_quote(OLD.phone)),
            'status', json(json_quote(OLD.status)),
            'status_date', json(json_quote(OLD.status_date)),
            'created_at', json(json_quote(OLD.created_at)));
END;

-- heat_entries
ALTER TABLE heat_entries ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX heat_entries_by_uid ON heat_entries (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER heat_entries_uid AFTER INSERT ON heat_entries
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = (SELECT project_id FROM stakeholders WHERE id = NEW.stakeholder_id))
BEGIN
    UPDATE heat_entries SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER heat_entries_sync_insert AFTER INSERT ON heat_entries
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'heat_entries', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('stakeholder_id', json_quote((SELECT uid FROM stakeholders WHERE id = NEW.stakeholder_id))),
        ('recorded_on', json_quote(NEW.recorded_on)),
        ('heat', json_quote(NEW.heat))) AS f;
END;
CREATE TRIGGER heat_entries_sync_named AFTER UPDATE OF uid ON heat_entries
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'heat_entries', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('stakeholder_id', json_quote((SELECT uid FROM stakeholders WHERE id = NEW.stakeholder_id))),
        ('recorded_on', json_quote(NEW.recorded_on)),
        ('heat', json_quote(NEW.heat))) AS f;
END;
CREATE TRIGGER heat_entries_sync_update AFTER UPDATE OF stakeholder_id, recorded_on, heat ON heat_entries
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'heat_entries', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('stakeholder_id', json_quote((SELECT uid FROM stakeholders WHERE id = NEW.stakeholder_id)), OLD.stakeholder_id IS NOT NEW.stakeholder_id),
        ('recorded_on', json_quote(NEW.recorded_on), OLD.recorded_on IS NOT NEW.recorded_on),
        ('heat', json_quote(NEW.heat), OLD.heat IS NOT NEW.heat)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER heat_entries_sync_delete AFTER DELETE ON heat_entries
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'heat_entries', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'stakeholder_id', json(json_quote((SELECT uid FROM stakeholders WHERE id = OLD.stakeholder_id))),
            'recorded_on', json(json_quote(OLD.recorded_on)),
            'heat', json(json_quote(OLD.heat)));
END;

-- touchpoints
ALTER TABLE touchpoints ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX touchpoints_by_uid ON touchpoints (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER touchpoints_uid AFTER INSERT ON touchpoints
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.project_id)
BEGIN
    UPDATE touchpoints SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER touchpoints_sync_insert AFTER INSERT ON touchpoints
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'touchpoints', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('kind', json_quote(NEW.kind)),
        ('touched_on', json_quote(NEW.touched_on)),
        ('note', json_quote(NEW.note))) AS f;
END;
CREATE TRIGGER touchpoints_sync_named AFTER UPDATE OF uid ON touchpoints
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'touchpoints', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('kind', json_quote(NEW.kind)),
        ('touched_on', json_quote(NEW.touched_on)),
        ('note', json_quote(NEW.note))) AS f;
END;
CREATE TRIGGER touchpoints_sync_update AFTER UPDATE OF project_id, kind, touched_on, note ON touchpoints
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'touchpoints', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id)), OLD.project_id IS NOT NEW.project_id),
        ('kind', json_quote(NEW.kind), OLD.kind IS NOT NEW.kind),
        ('touched_on', json_quote(NEW.touched_on), OLD.touched_on IS NOT NEW.touched_on),
        ('note', json_quote(NEW.note), OLD.note IS NOT NEW.note)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER touchpoints_sync_delete AFTER DELETE ON touchpoints
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'touchpoints', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'project_id', json(json_quote((SELECT uid FROM projects WHERE id = OLD.project_id))),
            'kind', json(json_quote(OLD.kind)),
            'touched_on', json(json_quote(OLD.touched_on)),
            'note', json(json_quote(OLD.note)));
END;

-- touchpoint_participants
ALTER TABLE touchpoint_participants ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX touchpoint_participants_by_uid ON touchpoint_participants (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER touchpoint_participants_uid AFTER INSERT ON touchpoint_participants
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = (SELECT project_id FROM stakeholders WHERE id = NEW.stakeholder_id))
BEGIN
    UPDATE touchpoint_participants SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER touchpoint_participants_sync_insert AFTER INSERT ON touchpoint_participants
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'touchpoint_participants', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('touchpoint_id', json_quote((SELECT uid FROM touchpoints WHERE id = NEW.touchpoint_id))),
        ('stakeholder_id', json_quote((SELECT uid FROM stakeholders WHERE id = NEW.stakeholder_id)))) AS f;
END;
CREATE TRIGGER touchpoint_participants_sync_named AFTER UPDATE OF uid ON touchpoint_participants
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'touchpoint_participants', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('touchpoint_id', json_quote((SELECT uid FROM touchpoints WHERE id = NEW.touchpoint_id))),
        ('stakeholder_id', json_quote((SELECT uid FROM stakeholders WHERE id = NEW.stakeholder_id)))) AS f;
END;
CREATE TRIGGER touchpoint_participants_sync_update AFTER UPDATE OF touchpoint_id, stakeholder_id ON touchpoint_participants
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'touchpoint_participants', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('touchpoint_id', json_quote((SELECT uid FROM touchpoints WHERE id = NEW.touchpoint_id)), OLD.touchpoint_id IS NOT NEW.touchpoint_id),
        ('stakeholder_id', json_quote((SELECT uid FROM stakeholders WHERE id = NEW.stakeholder_id)), OLD.stakeholder_id IS NOT NEW.stakeholder_id)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER touchpoint_participants_sync_delete AFTER DELETE ON touchpoint_participants
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'touchpoint_participants', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'touchpoint_id', json(json_quote((SELECT uid FROM touchpoints WHERE id = OLD.touchpoint_id))),
            'stakeholder_id', json(json_quote((SELECT uid FROM stakeholders WHERE id = OLD.stakeholder_id))));
END;

-- adoption_purposes
ALTER TABLE adoption_purposes ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX adoption_purposes_by_uid ON adoption_purposes (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER adoption_purposes_uid AFTER INSERT ON adoption_purposes
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.project_id)
BEGIN
    UPDATE adoption_purposes SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER adoption_purposes_sync_insert AFTER INSERT ON adoption_purposes
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'adoption_purposes', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('purpose', json_quote(NEW.purpose))) AS f;
END;
CREATE TRIGGER adoption_purposes_sync_named AFTER UPDATE OF uid ON adoption_purposes
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'adoption_purposes', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('purpose', json_quote(NEW.purpose))) AS f;
END;
CREATE TRIGGER adoption_purposes_sync_update AFTER UPDATE OF project_id, purpose ON adoption_purposes
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'adoption_purposes', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id)), OLD.project_id IS NOT NEW.project_id),
        ('purpose', json_quote(NEW.purpose), OLD.purpose IS NOT NEW.purpose)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER adoption_purposes_sync_delete AFTER DELETE ON adoption_purposes
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'adoption_purposes', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'project_id', json(json_quote((SELECT uid FROM projects WHERE id = OLD.project_id))),
            'purpose', json(json_quote(OLD.purpose)));
END;

-- purpose_agreements
ALTER TABLE purpose_agreements ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX purpose_agreements_by_uid ON purpose_agreements (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER purpose_agreements_uid AFTER INSERT ON purpose_agreements
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.project_id)
BEGIN
    UPDATE purpose_agreements SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER purpose_agreements_sync_insert AFTER INSERT ON purpose_agreements
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'purpose_agreements', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('stakeholder_id', json_quote((SELECT uid FROM stakeholders WHERE id = NEW.stakeholder_id))),
        ('agreed_on', json_quote(NEW.agreed_on))) AS f;
END;
CREATE TRIGGER purpose_agreements_sync_named AFTER UPDATE OF uid ON purpose_agreements
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'purpose_agreements', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('stakeholder_id', json_quote((SELECT uid FROM stakeholders WHERE id = NEW.stakeholder_id))),
        ('agreed_on', json_quote(NEW.agreed_on))) AS f;
END;
CREATE TRIGGER purpose_agreements_sync_update AFTER UPDATE OF project_id, stakeholder_id, agreed_on ON purpose_agreements
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'purpose_agreements', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id)), OLD.project_id IS NOT NEW.project_id),
        ('stakeholder_id', json_quote((SELECT uid FROM stakeholders WHERE id = NEW.stakeholder_id)), OLD.stakeholder_id IS NOT NEW.stakeholder_id),
        ('agreed_on', json_quote(NEW.agreed_on), OLD.agreed_on IS NOT NEW.agreed_on)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER purpose_agreements_sync_delete AFTER DELETE ON purpose_agreements
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'purpose_agreements', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'project_id', json(json_quote((SELECT uid FROM projects WHERE id = OLD.project_id))),
            'stakeholder_id', json(json_quote((SELECT uid FROM stakeholders WHERE id = OLD.stakeholder_id))),
            'agreed_on', json(json_quote(OLD.agreed_on)));
END;

-- project_team
ALTER TABLE project_team ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX project_team_by_uid ON project_team (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER project_team_uid AFTER INSERT ON project_team
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.project_id)
BEGIN
    UPDATE project_team SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER project_team_sync_insert AFTER INSERT ON project_team
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'project_team', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('member_id', json_quote((SELECT uid FROM team_members WHERE id = NEW.member_id)))) AS f;
END;
CREATE TRIGGER project_team_sync_named AFTER UPDATE OF uid ON project_team
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'project_team', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('member_id', json_quote((SELECT uid FROM team_members WHERE id = NEW.member_id)))) AS f;
END;
CREATE TRIGGER project_team_sync_update AFTER UPDATE OF project_id, member_id ON project_team
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'project_team', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id)), OLD.project_id IS NOT NEW.project_id),
        ('member_id', json_quote((SELECT uid FROM team_members WHERE id = NEW.member_id)), OLD.member_id IS NOT NEW.member_id)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER project_team_sync_delete AFTER DELETE ON project_team
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'project_team', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'project_id', json(json_quote((SELECT uid FROM projects WHERE id = OLD.project_id))),
            'member_id', json(json_quote((SELECT uid FROM team_members WHERE id = OLD.member_id))));
END;

-- project_stages
ALTER TABLE project_stages ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX project_stages_by_uid ON project_stages (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER project_stages_uid AFTER INSERT ON project_stages
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.project_id)
BEGIN
    UPDATE project_stages SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER project_stages_sync_insert AFTER INSERT ON project_stages
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'project_stages', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('position', json_quote(NEW.position)),
        ('name', json_quote(NEW.name)),
        ('definition', json_quote(NEW.definition)),
        ('exit_criteria', json_quote(NEW.exit_criteria)),
        ('entered_on', json_quote(NEW.entered_on)),
        ('exited_on', json_quote(NEW.exited_on))) AS f;
END;
CREATE TRIGGER project_stages_sync_named AFTER UPDATE OF uid ON project_stages
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'project_stages', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('position', json_quote(NEW.position)),
        ('name', json_quote(NEW.name)),
        ('definition', json_quote(NEW.definition)),
        ('exit_criteria', json_quote(NEW.exit_criteria)),
        ('entered_on', json_quote(NEW.entered_on)),
        ('exited_on', json_quote(NEW.exited_on))) AS f;
END;
CREATE TRIGGER project_stages_sync_update AFTER UPDATE OF project_id, position, name, definition, exit_criteria, entered_on, exited_on ON project_stages
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'project_stages', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id)), OLD.project_id IS NOT NEW.project_id),
        ('position', json_quote(NEW.position), OLD.position IS NOT NEW.position),
        ('name', json_quote(NEW.name), OLD.name IS NOT NEW.name),
        ('definition', json_quote(NEW.definition), OLD.definition IS NOT NEW.definition),
        ('exit_criteria', json_quote(NEW.exit_criteria), OLD.exit_criteria IS NOT NEW.exit_criteria),
        ('entered_on', json_quote(NEW.entered_on), OLD.entered_on IS NOT NEW.entered_on),
        ('exited_on', json_quote(NEW.exited_on), OLD.exited_on IS NOT NEW.exited_on)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER project_stages_sync_delete AFTER DELETE ON project_stages
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'project_stages', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'project_id', json(json_quote((SELECT uid FROM projects WHERE id = OLD.project_id))),
            'position', json(json_quote(OLD.position)),
            'name', json(json_quote(OLD.name)),
            'definition', json(json_quote(OLD.definition)),
            'exit_criteria', json(json_quote(OLD.exit_criteria)),
            'entered_on', json(json_quote(OLD.entered_on)),
            'exited_on', json(json_quote(OLD.exited_on)));
END;

-- stage_actions
ALTER TABLE stage_actions ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX stage_actions_by_uid ON stage_actions (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER stage_actions_uid AFTER INSERT ON stage_actions
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = (SELECT project_id FROM project_stages WHERE id = NEW.stage_id))
BEGIN
    UPDATE stage_actions SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER stage_actions_sync_insert AFTER INSERT ON stage_actions
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'stage_actions', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('stage_id', json_quote((SELECT uid FROM project_stages WHERE id = NEW.stage_id))),
        ('position', json_quote(NEW.position)),
        ('title', json_quote(NEW.title)),
        ('department', json_quote(NEW.department)),
        ('due_date', json_quote(NEW.due_date)),
        ('done_on', json_quote(NEW.done_on))) AS f;
END;
CREATE TRIGGER stage_actions_sync_named AFTER UPDATE OF uid ON stage_actions
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'stage_actions', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('stage_id', json_quote((SELECT uid FROM project_stages WHERE id = NEW.stage_id))),
        ('position', json_quote(NEW.position)),
        ('title', json_quote(NEW.title)),
        ('department', json_quote(NEW.department)),
        ('due_date', json_quote(NEW.due_date)),
        ('done_on', json_quote(NEW.done_on))) AS f;
END;
CREATE TRIGGER stage_actions_sync_update AFTER UPDATE OF stage_id, position, title, department, due_date, done_on ON stage_actions
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'stage_actions', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('stage_id', json_quote((SELECT uid FROM project_stages WHERE id = NEW.stage_id)), OLD.stage_id IS NOT NEW.stage_id),
        ('position', json_quote(NEW.position), OLD.position IS NOT NEW.position),
        ('title', json_quote(NEW.title), OLD.title IS NOT NEW.title),
        ('department', json_quote(NEW.department), OLD.department IS NOT NEW.department),
        ('due_date', json_quote(NEW.due_date), OLD.due_date IS NOT NEW.due_date),
        ('done_on', json_quote(NEW.done_on), OLD.done_on IS NOT NEW.done_on)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER stage_actions_sync_delete AFTER DELETE ON stage_actions
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'stage_actions', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'stage_id', json(json_quote((SELECT uid FROM project_stages WHERE id = OLD.stage_id))),
            'position', json(json_quote(OLD.position)),
            'title', json(json_quote(OLD.title)),
            'department', json(json_quote(OLD.department)),
            'due_date', json(json_quote(OLD.due_date)),
            'done_on', json(json_quote(OLD.done_on)));
END;

-- project_holds
ALTER TABLE project_holds ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX project_holds_by_uid ON project_holds (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER project_holds_uid AFTER INSERT ON project_holds
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.project_id)
BEGIN
    UPDATE project_holds SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER project_holds_sync_insert AFTER INSERT ON project_holds
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'project_holds', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('start_date', json_quote(NEW.start_date)),
        ('end_date', json_quote(NEW.end_date)),
        ('note', json_quote(NEW.note))) AS f;
END;
CREATE TRIGGER project_holds_sync_named AFTER UPDATE OF uid ON project_holds
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'project_holds', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('start_date', json_quote(NEW.start_date)),
        ('end_date', json_quote(NEW.end_date)),
        ('note', json_quote(NEW.note))) AS f;
END;
CREATE TRIGGER project_holds_sync_update AFTER UPDATE OF project_id, start_date, end_date, note ON project_holds
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'project_holds', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id)), OLD.project_id IS NOT NEW.project_id),
        ('start_date', json_quote(NEW.start_date), OLD.start_date IS NOT NEW.start_date),
        ('end_date', json_quote(NEW.end_date), OLD.end_date IS NOT NEW.end_date),
        ('note', json_quote(NEW.note), OLD.note IS NOT NEW.note)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER project_holds_sync_delete AFTER DELETE ON project_holds
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'project_holds', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'project_id', json(json_quote((SELECT uid FROM projects WHERE id = OLD.project_id))),
            'start_date', json(json_quote(OLD.start_date)),
            'end_date', json(json_quote(OLD.end_date)),
            'note', json(json_quote(OLD.note)));
END;

-- journeys
ALTER TABLE journeys ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX journeys_by_uid ON journeys (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER journeys_uid AFTER INSERT ON journeys
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = NEW.project_id)
BEGIN
    UPDATE journeys SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER journeys_sync_insert AFTER INSERT ON journeys
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'journeys', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('name', json_quote(NEW.name)),
        ('content', json_quote(NEW.content)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER journeys_sync_named AFTER UPDATE OF uid ON journeys
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'journeys', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id))),
        ('name', json_quote(NEW.name)),
        ('content', json_quote(NEW.content)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER journeys_sync_update AFTER UPDATE OF project_id, name, content, created_at ON journeys
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'journeys', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('project_id', json_quote((SELECT uid FROM projects WHERE id = NEW.project_id)), OLD.project_id IS NOT NEW.project_id),
        ('name', json_quote(NEW.name), OLD.name IS NOT NEW.name),
        ('content', json_quote(NEW.content), OLD.content IS NOT NEW.content),
        ('created_at', json_quote(NEW.created_at), OLD.created_at IS NOT NEW.created_at)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER journeys_sync_delete AFTER DELETE ON journeys
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'journeys', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'project_id', json(json_quote((SELECT uid FROM projects WHERE id = OLD.project_id))),
            'name', json(json_quote(OLD.name)),
            'content', json(json_quote(OLD.content)),
            'created_at', json(json_quote(OLD.created_at)));
END;

-- journey_revisions
ALTER TABLE journey_revisions ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX journey_revisions_by_uid ON journey_revisions (uid) WHERE uid IS NOT NULL;
CREATE TRIGGER journey_revisions_uid AFTER INSERT ON journey_revisions
    WHEN NEW.uid IS NULL AND (SELECT enrolled = 1 FROM sync_state WHERE singleton = 1)
    AND NOT EXISTS (SELECT 1 FROM sync_private WHERE project_id = (SELECT project_id FROM journeys WHERE id = NEW.journey_id))
BEGIN
    UPDATE journey_revisions SET uid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
        WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER journey_revisions_sync_insert AFTER INSERT ON journey_revisions
    WHEN NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'journey_revisions', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('journey_id', json_quote((SELECT uid FROM journeys WHERE id = NEW.journey_id))),
        ('name', json_quote(NEW.name)),
        ('content', json_quote(NEW.content)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER journey_revisions_sync_named AFTER UPDATE OF uid ON journey_revisions
    WHEN OLD.uid IS NULL AND NEW.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'journey_revisions', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('journey_id', json_quote((SELECT uid FROM journeys WHERE id = NEW.journey_id))),
        ('name', json_quote(NEW.name)),
        ('content', json_quote(NEW.content)),
        ('created_at', json_quote(NEW.created_at))) AS f;
END;
CREATE TRIGGER journey_revisions_sync_update AFTER UPDATE OF journey_id, name, content, created_at ON journey_revisions
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value)
    SELECT 'journey_revisions', NEW.uid, (SELECT cursor FROM sync_state), 'set', f.column1, f.column2
    FROM (VALUES
        ('journey_id', json_quote((SELECT uid FROM journeys WHERE id = NEW.journey_id)), OLD.journey_id IS NOT NEW.journey_id),
        ('name', json_quote(NEW.name), OLD.name IS NOT NEW.name),
        ('content', json_quote(NEW.content), OLD.content IS NOT NEW.content),
        ('created_at', json_quote(NEW.created_at), OLD.created_at IS NOT NEW.created_at)) AS f
    WHERE f.column3;
END;
CREATE TRIGGER journey_revisions_sync_delete AFTER DELETE ON journey_revisions
    WHEN OLD.uid IS NOT NULL AND (SELECT enrolled = 1 AND applying = 0 FROM sync_state WHERE singleton = 1)
BEGIN
    INSERT INTO sync_outbox (kind, record_uid, base_seq, op, value)
    SELECT 'journey_revisions', OLD.uid, (SELECT cursor FROM sync_state), 'delete',
        json_object(
            'journey_id', json(json_quote((SELECT uid FROM journeys WHERE id = OLD.journey_id))),
            'name', json(json_quote(OLD.name)),
            'content', json(json_quote(OLD.content)),
            'created_at', json(json_quote(OLD.created_at)));
END;
