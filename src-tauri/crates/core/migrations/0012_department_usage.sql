-- How many stakeholders of the file sit in each department, kept by triggers: the department
-- suggestions on a project's stakeholder board read the most used ones, which otherwise means
-- grouping every stakeholder of the file (≈ 80,000 in a 10,000-project file) each time a
-- project is opened. Derived data: never exported nor imported.
CREATE TABLE department_usage (
    department   TEXT    PRIMARY KEY,
    stakeholders INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO department_usage (department, stakeholders)
    SELECT department, COUNT(*) FROM stakeholders WHERE department <> '' GROUP BY department;

CREATE TRIGGER department_usage_insert AFTER INSERT ON stakeholders
BEGIN
    INSERT INTO department_usage (department, stakeholders)
        SELECT NEW.department, 1 WHERE NEW.department <> ''
        ON CONFLICT (department) DO UPDATE SET stakeholders = stakeholders + 1;
END;

CREATE TRIGGER department_usage_delete AFTER DELETE ON stakeholders
BEGIN
    UPDATE department_usage SET stakeholders = stakeholders - 1
        WHERE department = OLD.department;
    DELETE FROM department_usage WHERE department = OLD.department AND stakeholders <= 0;
END;

CREATE TRIGGER department_usage_update AFTER UPDATE OF department ON stakeholders
    WHEN OLD.department IS NOT NEW.department
BEGIN
    UPDATE department_usage SET stakeholders = stakeholders - 1
        WHERE department = OLD.department;
    DELETE FROM department_usage WHERE department = OLD.department AND stakeholders <= 0;
    INSERT INTO department_usage (department, stakeholders)
        SELECT NEW.department, 1 WHERE NEW.department <> ''
        ON CONFLICT (department) DO UPDATE SET stakeholders = stakeholders + 1;
END;
