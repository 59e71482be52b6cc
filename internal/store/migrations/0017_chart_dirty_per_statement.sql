-- PostgreSQL: chart_dirty noted a written figure's subject row by row, an
-- upsert of the same few rows for every figure. Within one transaction
-- PostgreSQL keeps every version of a row it updates, so each upsert
-- walked all the versions the transaction had made before: a large import
-- took time growing with the square of its figures per subject (36,396
-- figures inserted in one statement: 35 s with the trigger, 10 s
-- without). The triggers now run once per statement, over the rows it
-- wrote (transition tables), adding to n how many of them each subject
-- has: n still grows with every write, which is all a refresh compares.
-- SQLite updates a row in place and keeps its triggers.
{{postgres}} DROP TRIGGER figures_chart_dirty ON figures;
{{postgres}} DROP FUNCTION figures_chart_dirty();
{{postgres}} CREATE FUNCTION figures_chart_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) SELECT population, acting_state, receiving_state, unit, metric, count(*) FROM new_rows GROUP BY population, acting_state, receiving_state, unit, metric ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = chart_dirty.n + EXCLUDED.n; RETURN NULL; END $$;
{{postgres}} CREATE FUNCTION figures_chart_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) SELECT population, acting_state, receiving_state, unit, metric, count(*) FROM old_rows GROUP BY population, acting_state, receiving_state, unit, metric ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = chart_dirty.n + EXCLUDED.n; RETURN NULL; END $$;
{{postgres}} CREATE TRIGGER figures_chart_dirty_insert AFTER INSERT ON figures REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_chart_dirty_new();
{{postgres}} CREATE TRIGGER figures_chart_dirty_update_old AFTER UPDATE ON figures REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_chart_dirty_old();
{{postgres}} CREATE TRIGGER figures_chart_dirty_update_new AFTER UPDATE ON figures REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_chart_dirty_new();
{{postgres}} CREATE TRIGGER figures_chart_dirty_delete AFTER DELETE ON figures REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_chart_dirty_old();
