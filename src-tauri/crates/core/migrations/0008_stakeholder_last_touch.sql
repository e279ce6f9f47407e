-- Each stakeholder's last touch (the latest touchpoint they took part in), kept on the row by
-- triggers. The "untouched for N days" risk flag reads it for every stakeholder of the file; with
-- 20–80 touchpoints per project, computing it by joining every touchpoint participant took most
-- of the time of opening a 10,000-project file (see README, Performance).
ALTER TABLE stakeholders ADD COLUMN last_touch TEXT;

UPDATE stakeholders SET last_touch = (
    SELECT MAX(t.touched_on) FROM touchpoint_participants p
    JOIN touchpoints t ON t.id = p.touchpoint_id
    WHERE p.stakeholder_id = stakeholders.id
);

CREATE TRIGGER stakeholder_touch_added AFTER INSERT ON touchpoint_participants
BEGIN
    UPDATE stakeholders SET last_touch = (
        SELECT MAX(t.touched_on) FROM touchpoint_participants p
        JOIN touchpoints t ON t.id = p.touchpoint_id
        WHERE p.stakeholder_id = NEW.stakeholder_id
    ) WHERE id = NEW.stakeholder_id;
END;

-- Also fires for the participants a deleted touchpoint takes with it (ON DELETE CASCADE).
CREATE TRIGGER stakeholder_touch_removed AFTER DELETE ON touchpoint_participants
BEGIN
    UPDATE stakeholders SET last_touch = (
        SELECT MAX(t.touched_on) FROM touchpoint_participants p
        JOIN touchpoints t ON t.id = p.touchpoint_id
        WHERE p.stakeholder_id = OLD.stakeholder_id
    ) WHERE id = OLD.stakeholder_id;
END;

CREATE TRIGGER stakeholder_touch_moved AFTER UPDATE OF touched_on ON touchpoints
BEGIN
    UPDATE stakeholders SET last_touch = (
        SELECT MAX(t.touched_on) FROM touchpoint_participants p
        JOIN touchpoints t ON t.id = p.touchpoint_id
        WHERE p.stakeholder_id = stakeholders.id
    ) WHERE id IN (SELECT stakeholder_id FROM touchpoint_participants WHERE touchpoint_id = NEW.id);
END;
