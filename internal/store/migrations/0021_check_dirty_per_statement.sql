-- PostgreSQL: check_dirty noted each figure written from a trigger run row
-- by row, a PL/pgSQL call and an INSERT per figure (4 s of the 34 s an
-- import of 89,093 figures spent copying them into the table). The
-- triggers now run once per statement, over the rows it wrote (transition
-- tables, as chart_dirty's since migration 17), and note the same rows:
-- the new row of each figure inserted, the old and the new of each
-- updated, the old of each deleted. Notes are read as a set
-- (RefreshChecks), so their order within a statement does not matter.
-- SQLite keeps its row triggers (a bulk load drops them, bulk.go).
{{postgres}} DROP TRIGGER figures_check_dirty ON figures;
{{postgres}} DROP FUNCTION figures_check_dirty();
{{postgres}} CREATE FUNCTION figures_check_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) SELECT key, population, acting_state, receiving_state, unit, metric, subgroup_of FROM new_rows; RETURN NULL; END $$;
{{postgres}} CREATE FUNCTION figures_check_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) SELECT key, population, acting_state, receiving_state, unit, metric, subgroup_of FROM old_rows; RETURN NULL; END $$;
{{postgres}} CREATE FUNCTION figures_check_dirty_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) SELECT key, population, acting_state, receiving_state, unit, metric, subgroup_of FROM old_rows; INSERT INTO check_dirty (key, population, acting_state, receiving_state, unit, metric, subgroup_of) SELECT key, population, acting_state, receiving_state, unit, metric, subgroup_of FROM new_rows; RETURN NULL; END $$;
{{postgres}} CREATE TRIGGER figures_check_dirty_insert AFTER INSERT ON figures REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_check_dirty_new();
{{postgres}} CREATE TRIGGER figures_check_dirty_update AFTER UPDATE ON figures REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_check_dirty_update();
{{postgres}} CREATE TRIGGER figures_check_dirty_delete AFTER DELETE ON figures REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_check_dirty_old();
