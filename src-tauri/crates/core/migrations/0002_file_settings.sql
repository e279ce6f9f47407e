-- Settings that belong to one database file (shared by everyone who opens it), as JSON values.
CREATE TABLE file_settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
