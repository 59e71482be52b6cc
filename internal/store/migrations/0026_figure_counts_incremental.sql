-- The stored countable columns (migration 25) brought up to date subject
-- by subject, as the overview's summaries are (migration 15), instead of
-- counted again from every figure after each public write: every write
-- of a figure the public sees notes it, as it was and as it is, in
-- count_dirty (a trigger, so that no write path can miss it); the
-- subjects noted, and those whose figures name theirs through
-- subgroup_of, share_of or a formula (further and further), are counted
-- again (store.CountsDelta), and the notes read are deleted with the
-- answer they brought up to date.
--
-- figure_counts.points_to keeps, of each figure, where its group is
-- counted when it is not countable (checks.Link: NULL when the group is
-- countable, '' when it is counted nowhere), which a chain of counting
-- that passes through a figure of a subject not counted again reads.
-- figure_counts_state.filler names a full computation writing its rows
-- in several short transactions (version -1 until it ends): another
-- one that starts takes the table over and the first stops.
-- The rows stored so far lack points_to: they are computed again.
DELETE FROM figure_counts;
DELETE FROM figure_counts_state;
ALTER TABLE figure_counts ADD COLUMN points_to TEXT;
ALTER TABLE figure_counts_state ADD COLUMN filler TEXT;

CREATE TABLE count_dirty (
    id               {{id}},
    key              {{key}} NOT NULL,
    population       TEXT NOT NULL,
    acting_state     TEXT NOT NULL,
    receiving_state  TEXT NOT NULL,
    unit             TEXT NOT NULL,
    metric           {{key}} NOT NULL
);
{{sqlite}} CREATE TRIGGER figures_count_dirty_insert AFTER INSERT ON figures WHEN NEW.status <> 'draft' BEGIN
    INSERT INTO count_dirty (key, population, acting_state, receiving_state, unit, metric) VALUES (NEW.key, NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric); END;
{{sqlite}} CREATE TRIGGER figures_count_dirty_update AFTER UPDATE ON figures WHEN OLD.status <> 'draft' OR NEW.status <> 'draft' BEGIN
    INSERT INTO count_dirty (key, population, acting_state, receiving_state, unit, metric) SELECT OLD.key, OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric WHERE OLD.status <> 'draft'; INSERT INTO count_dirty (key, population, acting_state, receiving_state, unit, metric) SELECT NEW.key, NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric WHERE NEW.status <> 'draft'; END;
{{sqlite}} CREATE TRIGGER figures_count_dirty_delete AFTER DELETE ON figures WHEN OLD.status <> 'draft' BEGIN
    INSERT INTO count_dirty (key, population, acting_state, receiving_state, unit, metric) VALUES (OLD.key, OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric); END;
{{postgres}} CREATE FUNCTION figures_count_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO count_dirty (key, population, acting_state, receiving_state, unit, metric) SELECT key, population, acting_state, receiving_state, unit, metric FROM new_rows WHERE status <> 'draft'; RETURN NULL; END $$;
{{postgres}} CREATE FUNCTION figures_count_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO count_dirty (key, population, acting_state, receiving_state, unit, metric) SELECT key, population, acting_state, receiving_state, unit, metric FROM old_rows WHERE status <> 'draft'; RETURN NULL; END $$;
{{postgres}} CREATE FUNCTION figures_count_dirty_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO count_dirty (key, population, acting_state, receiving_state, unit, metric) SELECT key, population, acting_state, receiving_state, unit, metric FROM old_rows WHERE status <> 'draft'; INSERT INTO count_dirty (key, population, acting_state, receiving_state, unit, metric) SELECT key, population, acting_state, receiving_state, unit, metric FROM new_rows WHERE status <> 'draft'; RETURN NULL; END $$;
{{postgres}} CREATE TRIGGER figures_count_dirty_insert AFTER INSERT ON figures REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_count_dirty_new();
{{postgres}} CREATE TRIGGER figures_count_dirty_update AFTER UPDATE ON figures REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_count_dirty_update();
{{postgres}} CREATE TRIGGER figures_count_dirty_delete AFTER DELETE ON figures REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_count_dirty_old();
