-- Onboarding projects and their first-goal milestones.
CREATE TABLE projects (
    id            INTEGER PRIMARY KEY,
    customer_name TEXT    NOT NULL,
    contract_date TEXT    NOT NULL,
    kickoff_date  TEXT    NOT NULL,
    segment       TEXT    NOT NULL CHECK (segment IN ('high_touch', 'low_touch', 'tech_touch')),
    owner         TEXT    NOT NULL DEFAULT '',
    archived_at   TEXT,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX projects_by_kickoff ON projects (archived_at, kickoff_date DESC);

CREATE TABLE milestones (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    horizon         TEXT    NOT NULL CHECK (horizon IN ('one_month', 'three_months', 'one_year')),
    due_date        TEXT    NOT NULL,
    due_date_manual INTEGER NOT NULL DEFAULT 0 CHECK (due_date_manual IN (0, 1)),
    UNIQUE (project_id, horizon)
);
