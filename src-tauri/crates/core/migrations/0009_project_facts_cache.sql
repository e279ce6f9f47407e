-- What the portfolio and the risk flags read of each project, derived by the core and kept here so
-- that opening a large file does not recompute every project (see README, Performance). A row is
-- deleted by the triggers below as soon as anything it was derived from changes, and the core
-- derives the missing rows again the next time it reads them. `format` is the core's encoding of
-- `facts`: rows of another format count as missing. Derived data: never exported nor imported.
CREATE TABLE project_facts_cache (
    project_id      INTEGER PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    format          INTEGER NOT NULL,
    -- The risk codes that do not depend on the day, one bit per code.
    standing_risks  INTEGER NOT NULL,
    -- Since when the least recently touched key person has not been touched (NULL: no key person).
    untouched_since TEXT,
    -- The portfolio's facts of the project (milestones, stages, holds, team), encoded. Last, so
    -- reading the small columns above does not step over it.
    facts           BLOB    NOT NULL
);

CREATE TRIGGER facts_cache_projects AFTER UPDATE ON projects
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (OLD.id, NEW.id);
END;

CREATE TRIGGER facts_cache_milestones_insert AFTER INSERT ON milestones
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = NEW.project_id;
END;

CREATE TRIGGER facts_cache_milestones_update AFTER UPDATE ON milestones
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER facts_cache_milestones_delete AFTER DELETE ON milestones
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = OLD.project_id;
END;

CREATE TRIGGER facts_cache_project_stages_insert AFTER INSERT ON project_stages
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = NEW.project_id;
END;

CREATE TRIGGER facts_cache_project_stages_update AFTER UPDATE ON project_stages
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER facts_cache_project_stages_delete AFTER DELETE ON project_stages
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = OLD.project_id;
END;

CREATE TRIGGER facts_cache_project_holds_insert AFTER INSERT ON project_holds
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = NEW.project_id;
END;

CREATE TRIGGER facts_cache_project_holds_update AFTER UPDATE ON project_holds
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER facts_cache_project_holds_delete AFTER DELETE ON project_holds
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = OLD.project_id;
END;

CREATE TRIGGER facts_cache_project_team_insert AFTER INSERT ON project_team
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = NEW.project_id;
END;

CREATE TRIGGER facts_cache_project_team_update AFTER UPDATE ON project_team
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER facts_cache_project_team_delete AFTER DELETE ON project_team
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = OLD.project_id;
END;

CREATE TRIGGER facts_cache_stakeholders_insert AFTER INSERT ON stakeholders
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = NEW.project_id;
END;

CREATE TRIGGER facts_cache_stakeholders_update AFTER UPDATE ON stakeholders
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER facts_cache_stakeholders_delete AFTER DELETE ON stakeholders
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = OLD.project_id;
END;

CREATE TRIGGER facts_cache_adoption_purposes_insert AFTER INSERT ON adoption_purposes
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = NEW.project_id;
END;

CREATE TRIGGER facts_cache_adoption_purposes_update AFTER UPDATE ON adoption_purposes
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER facts_cache_adoption_purposes_delete AFTER DELETE ON adoption_purposes
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = OLD.project_id;
END;

CREATE TRIGGER facts_cache_purpose_agreements_insert AFTER INSERT ON purpose_agreements
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = NEW.project_id;
END;

CREATE TRIGGER facts_cache_purpose_agreements_update AFTER UPDATE ON purpose_agreements
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (OLD.project_id, NEW.project_id);
END;

CREATE TRIGGER facts_cache_purpose_agreements_delete AFTER DELETE ON purpose_agreements
BEGIN
    DELETE FROM project_facts_cache WHERE project_id = OLD.project_id;
END;

-- Heat entries belong to a stakeholder, and through it to a project.
CREATE TRIGGER facts_cache_heat_entries_insert AFTER INSERT ON heat_entries
BEGIN
    DELETE FROM project_facts_cache
    WHERE project_id = (SELECT project_id FROM stakeholders WHERE id = NEW.stakeholder_id);
END;

CREATE TRIGGER facts_cache_heat_entries_update AFTER UPDATE ON heat_entries
BEGIN
    DELETE FROM project_facts_cache WHERE project_id IN (
        SELECT project_id FROM stakeholders WHERE id IN (OLD.stakeholder_id, NEW.stakeholder_id)
    );
END;

CREATE TRIGGER facts_cache_heat_entries_delete AFTER DELETE ON heat_entries
BEGIN
    DELETE FROM project_facts_cache
    WHERE project_id = (SELECT project_id FROM stakeholders WHERE id = OLD.stakeholder_id);
END;
