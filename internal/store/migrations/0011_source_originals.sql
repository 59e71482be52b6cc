-- The source a source repeats: the NGO's report a news story carries, the
-- press release a wire story runs. NULL when the source is itself the
-- original. Captions then name the original's publisher and date before
-- the outlet ("Monitor Group (3 Mar 2021), as carried by Outlet"). The
-- store refuses a source that carries itself, one that names no stored
-- source and a chain that comes back to where it started.
ALTER TABLE sources ADD COLUMN original {{key}} REFERENCES sources (key);
