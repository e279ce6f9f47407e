-- A record's fields as the JSON object a snapshot page sends, each value the JSON text it was
-- pushed as, kept as text: a page is then read as it is stored, where the jsonb of 0002 (a jsonb
-- string per field) had PostgreSQL escape every value and the server parse it back. A push merges
-- its fields into the record's itself, holding its team's lock.
ALTER TABLE records ADD COLUMN fields_text text;

UPDATE records SET fields_text = (
    SELECT '{' || COALESCE(string_agg(to_json(f.key)::text || ':' || f.value, ',' ORDER BY f.key), '') || '}'
    FROM jsonb_each_text(records.fields) AS f
);

ALTER TABLE records DROP COLUMN fields;
ALTER TABLE records RENAME COLUMN fields_text TO fields;
ALTER TABLE records ALTER COLUMN fields SET NOT NULL;
