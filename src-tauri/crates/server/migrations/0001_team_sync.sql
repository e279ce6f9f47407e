-- Teams, the people in them, and the ordered log of every team's changes.
CREATE TABLE teams (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE people (
    id uuid PRIMARY KEY,
    team_id uuid NOT NULL REFERENCES teams (id),
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    -- SHA-256 of the one-time enrolment code, cleared once used.
    enrol_code_hash bytea UNIQUE,
    -- SHA-256 of the credential handed out at enrolment; the credential itself is never stored.
    credential_hash bytea UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    enrolled_at timestamptz,
    revoked_at timestamptz,
    UNIQUE (team_id, name)
);

-- Accepted changes. `seq` orders them; pushes of one team are serialised by a row lock on the team,
-- so within a team seq values become visible in increasing order and a cursor never skips one.
CREATE TABLE changes (
    seq bigserial PRIMARY KEY,
    team_id uuid NOT NULL REFERENCES teams (id),
    change_id uuid NOT NULL,
    author uuid NOT NULL REFERENCES people (id),
    kind text NOT NULL,
    record_id uuid NOT NULL,
    op text NOT NULL CHECK (op IN ('set', 'delete')),
    field text,
    -- The JSON value exactly as serialised (text keeps it byte for byte).
    value text,
    base_seq bigint NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, change_id)
);
CREATE INDEX changes_record ON changes (team_id, kind, record_id, seq);

-- Pushed changes that conflicted with a newer change of someone else (`theirs_seq`): kept, not applied.
CREATE TABLE conflicts (
    team_id uuid NOT NULL REFERENCES teams (id),
    change_id uuid NOT NULL,
    author uuid NOT NULL REFERENCES people (id),
    kind text NOT NULL,
    record_id uuid NOT NULL,
    op text NOT NULL CHECK (op IN ('set', 'delete')),
    field text,
    value text,
    base_seq bigint NOT NULL,
    theirs_seq bigint NOT NULL REFERENCES changes (seq),
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, change_id)
);
