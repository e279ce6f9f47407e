-- Each first goal says what state the customer reaches (object level) and how reaching it is
-- measured (achievement level).
ALTER TABLE milestones ADD COLUMN goal TEXT NOT NULL DEFAULT '';
ALTER TABLE milestones ADD COLUMN criterion TEXT NOT NULL DEFAULT '';
