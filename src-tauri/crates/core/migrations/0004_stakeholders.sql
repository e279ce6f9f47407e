-- The customer's people (stakeholders) of a project, their touchpoints and heat history, and the
-- adoption purpose agreed at the kickoff.
CREATE TABLE stakeholders (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    name             TEXT    NOT NULL,
    reading          TEXT    NOT NULL DEFAULT '',
    title            TEXT    NOT NULL DEFAULT '',
    department       TEXT    NOT NULL DEFAULT '',
    level            TEXT    NOT NULL
        CHECK (level IN ('executive', 'department_head', 'manager', 'staff')),
    influence        INTEGER NOT NULL CHECK (influence BETWEEN 1 AND 5),
    -- JSON array of project-role codes, validated by the core.
    roles            TEXT    NOT NULL DEFAULT '[]',
    key_person       INTEGER NOT NULL DEFAULT 0 CHECK (key_person IN (0, 1)),
    attended_kickoff INTEGER NOT NULL DEFAULT 0 CHECK (attended_kickoff IN (0, 1)),
    stated_role      TEXT    NOT NULL DEFAULT '',
    email            TEXT    NOT NULL DEFAULT '',
    phone            TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'changed_role', 'left_company')),
    status_date      TEXT,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);

CREATE INDEX stakeholders_by_project ON stakeholders (project_id, position);
CREATE INDEX stakeholders_by_department ON stakeholders (department);

CREATE TABLE heat_entries (
    id             INTEGER PRIMARY KEY,
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
    recorded_on    TEXT    NOT NULL,
    heat           INTEGER NOT NULL CHECK (heat BETWEEN 1 AND 5)
);

CREATE INDEX heat_entries_by_stakeholder ON heat_entries (stakeholder_id, recorded_on, id);

CREATE TABLE touchpoints (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('meeting', 'call', 'mail')),
    touched_on TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT ''
);

CREATE INDEX touchpoints_by_project ON touchpoints (project_id, touched_on);

CREATE TABLE touchpoint_participants (
    touchpoint_id  INTEGER NOT NULL REFERENCES touchpoints (id) ON DELETE CASCADE,
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
    PRIMARY KEY (touchpoint_id, stakeholder_id)
);

CREATE INDEX touchpoint_participants_by_stakeholder ON touchpoint_participants (stakeholder_id);

-- The agreed "why" of the adoption, one per project.
CREATE TABLE adoption_purposes (
    project_id INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL DEFAULT ''
);

-- Who agreed to the adoption purpose, and when.
CREATE TABLE purpose_agreements (
    project_id     INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
    agreed_on      TEXT    NOT NULL,
    PRIMARY KEY (project_id, stakeholder_id)
);
