-- "This week" reads, from the facts cache (migration 0009), the due dates of each project's open
-- actions and the last review of each of its journeys: the cache rows of a project are dropped
-- when those change too. An action's title or department does not count; its due date, its
-- completion and its stage do. A journey's edits do not count; its creation, its project and its
-- revisions do.
CREATE TRIGGER facts_cache_stage_actions_insert AFTER INSERT ON stage_actions
BEGIN
    DELETE FROM project_facts_cache
    WHERE project_id = (SELECT project_id FROM project_stages WHERE id = NEW.stage_id);
END;

CREATE TRIGGER facts_cache_stage_actions_update
AFTER UPDATE OF stage_id, due_date, done_on ON stage_actions
BEGIN
    DELETE FROM project_facts_cache
    WHERE project_id IN (SELECT project_id FROM project_stages WHERE id IN (OLD.stage_id, NEW.stage_id));
END;

CREATE TRIGGER facts_cache_stage_actions_delete AFTER DELETE ON stage_actions
BEGIN
    DELETE FROM project_facts_cache
    WHERE project_id = (SELECT project_id FROM project_stages WHERE id = OLD.stage_id);
END;

CREATE TRIGGER facts_cache_journeys_insert AFTER INSERT ON journeys
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = NEW.project_id;
END;

CREATE TRIGGER facts_cache_journeys_update AFTER UPDATE OF project_id, created_at ON journeys
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER facts_cache_journeys_delete AFTER DELETE ON journeys
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = OLD.project_id;
END;

CREATE TRIGGER facts_cache_journey_revisions_insert AFTER INSERT ON journey_revisions
BEGIN
    DELETE FROM project_facts_cache
    WHERE project_id = (SELECT project_id FROM journeys WHERE id = NEW.journey_id);
END;

CREATE TRIGGER facts_cache_journey_revisions_delete AFTER DELETE ON journey_revisions
BEGIN
    DELETE FROM project_facts_cache
    WHERE project_id = (SELECT project_id FROM journeys WHERE id = OLD.journey_id);
END;

-- The most overdue actions of the projects listed, read by due date from the open ones alone.
CREATE INDEX stage_actions_open_due ON stage_actions (due_date, stage_id)
    WHERE done_on IS NULL AND due_date IS NOT NULL;
