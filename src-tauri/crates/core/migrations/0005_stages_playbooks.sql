-- First goals get a status, evidence and owners, and projects can add custom milestones; projects
-- move through stages with cross-department actions; internal team members are assigned to
-- projects; on-hold periods pause time-to-value; playbooks are reusable templates.

CREATE TABLE team_members (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('implementation_lead', 'csm', 'sales', 'support')),
    created_at TEXT    NOT NULL
);

CREATE TABLE project_team (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES team_members (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, member_id)
);
CREATE INDEX project_team_by_member ON project_team (member_id);

-- The horizon CHECK and NOT NULL cannot be altered in place: custom milestones (horizon NULL)
-- need a rebuilt table. Nothing references milestones, so dropping the old table is safe.
CREATE TABLE milestones_new (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    horizon           TEXT CHECK (horizon IS NULL OR horizon IN ('one_month', 'three_months', 'one_year')),
    title             TEXT    NOT NULL DEFAULT '',
    due_date          TEXT    NOT NULL,
    due_date_manual   INTEGER NOT NULL DEFAULT 0 CHECK (due_date_manual IN (0, 1)),
    due_date_reason   TEXT    NOT NULL DEFAULT '',
    goal              TEXT    NOT NULL DEFAULT '',
    criterion         TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL DEFAULT 'planned'
                      CHECK (status IN ('planned', 'in_progress', 'achieved', 'missed')),
    achieved_on       TEXT,
    evidence          TEXT    NOT NULL DEFAULT '',
    customer_owner    TEXT    NOT NULL DEFAULT '',
    internal_owner_id INTEGER REFERENCES team_members (id) ON DELETE SET NULL,
    UNIQUE (project_id, horizon)
);
INSERT INTO milestones_new (id, project_id, horizon, due_date, due_date_manual, goal, criterion)
    SELECT id, project_id, horizon, due_date, due_date_manual, goal, criterion FROM milestones;
DROP TABLE milestones;
ALTER TABLE milestones_new RENAME TO milestones;
CREATE INDEX milestones_by_project ON milestones (project_id, due_date);

-- The playbook a project was created from (its name at that time), for reports.
ALTER TABLE projects ADD COLUMN playbook_name TEXT NOT NULL DEFAULT '';

CREATE TABLE project_stages (
    id            INTEGER PRIMARY KEY,
    project_id    INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT    NOT NULL,
    definition    TEXT    NOT NULL DEFAULT '',
    exit_criteria TEXT    NOT NULL DEFAULT '',
    entered_on    TEXT,
    exited_on     TEXT,
    UNIQUE (project_id, position)
);

CREATE TABLE stage_actions (
    id         INTEGER PRIMARY KEY,
    stage_id   INTEGER NOT NULL REFERENCES project_stages (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT    NOT NULL,
    department TEXT    NOT NULL,
    due_date   TEXT,
    done_on    TEXT
);
CREATE INDEX stage_actions_by_stage ON stage_actions (stage_id, position);

CREATE TABLE project_holds (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    start_date TEXT    NOT NULL,
    end_date   TEXT,
    note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX project_holds_by_project ON project_holds (project_id, start_date);

-- Playbooks the user made or imported; the built-in ones live in code, in both languages.
CREATE TABLE playbooks (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
