-- The team of an enrolled file and its people by name, as the server last said (the JSON of
-- `firstgoal_protocol::TeamInfo`), so the window and the CLI name the team and the authors of
-- changes instead of showing their ids. Refreshed by every sync; empty until the first.
ALTER TABLE sync_state ADD COLUMN team TEXT;
