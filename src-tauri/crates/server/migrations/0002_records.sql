-- Each record's current fields, kept in step with `changes` by every push: the snapshot a new
-- replica fills itself from instead of pulling every change since the team began.
CREATE TABLE records (
    team_id uuid NOT NULL REFERENCES teams (id),
    kind text NOT NULL,
    record_id uuid NOT NULL,
    -- Field → the JSON text of its latest value, exactly as pushed (a jsonb string per field:
    -- jsonb itself would renumber 1e2 as 100 and refuses \u0000).
    fields jsonb NOT NULL,
    -- The record's latest change.
    seq bigint NOT NULL,
    PRIMARY KEY (team_id, kind, record_id)
);

-- The records of the teams that have changes already: for each record, the latest value of each
-- field set since its last deletion; a record whose last change deleted it is not there.
INSERT INTO records (team_id, kind, record_id, fields, seq)
SELECT c.team_id, c.kind, c.record_id,
       jsonb_object_agg(c.field, c.value ORDER BY c.seq), max(c.seq)
FROM changes c
WHERE c.op = 'set'
  AND c.seq > COALESCE((SELECT max(d.seq) FROM changes d
                        WHERE d.team_id = c.team_id AND d.kind = c.kind
                          AND d.record_id = c.record_id AND d.op = 'delete'), 0)
GROUP BY c.team_id, c.kind, c.record_id;

-- A team's changes in order (pulls, and the snapshot's `as_of`), without walking other teams'.
CREATE INDEX changes_team_seq ON changes (team_id, seq);
