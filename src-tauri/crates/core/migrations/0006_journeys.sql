-- Journey diagrams (swimlanes across departments) and their revisions. The diagram is one JSON
-- document (lanes, steps, connections), validated by the core before every write; a journey
-- without a project is a template for the whole file.
CREATE TABLE journeys (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    content    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX journeys_by_project ON journeys (project_id, name);

-- Named snapshots (a weekly review usually makes one); never overwritten.
CREATE TABLE journey_revisions (
    id         INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    content    TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE INDEX journey_revisions_by_journey ON journey_revisions (journey_id, created_at);
