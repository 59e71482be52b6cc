-- The cells a write touched, beside the subject chart_dirty notes: every
-- write to a figure notes, as it was and as it is, its subject, source,
-- kind of quantity and period start (the month of its cell,
-- store.RefreshChartCells), once each, so that a refresh after a write of
-- a few figures summarises the figures of those cells alone, read by
-- source and period, instead of every figure of the subject (17,000 at a
-- million figures, each read from the table: 0.1-0.15 s on PostgreSQL
-- with the pages cached, more when they are not). A note with an empty
-- source stands for every cell of its subject: PostgreSQL writes one per
-- subject for a statement of more than 16 figures (an import's chunk)
-- rather than one per cell, an SQLite bulk load one per noted subject at
-- its end (store/bulk.go), and this migration one for each subject noted
-- before it. A refresh deletes a subject's notes here only with its
-- chart_dirty note, in the same transaction; on PostgreSQL a write notes
-- its subject in chart_dirty before its cells here (one trigger function
-- does both, in that order), so that a write the refresh did not see
-- either waits for it on the chart_dirty row or keeps that row.
CREATE TABLE chart_dirty_cells (
    population       TEXT NOT NULL,
    acting_state     TEXT NOT NULL,
    receiving_state  TEXT NOT NULL,
    unit             TEXT NOT NULL,
    metric           {{key}} NOT NULL,
    source           {{key}} NOT NULL,
    quantity_kind    TEXT NOT NULL,
    period_start     TEXT NOT NULL,
    PRIMARY KEY (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start)
);
INSERT INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start)
    SELECT population, acting_state, receiving_state, unit, metric, '', '', '' FROM chart_dirty;
{{sqlite}} CREATE TRIGGER figures_chart_dirty_cells_insert AFTER INSERT ON figures BEGIN
    INSERT OR IGNORE INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start) VALUES (NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric, NEW.source, NEW.quantity_kind, NEW.period_start); END;
{{sqlite}} CREATE TRIGGER figures_chart_dirty_cells_update AFTER UPDATE ON figures BEGIN
    INSERT OR IGNORE INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start) VALUES (OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric, OLD.source, OLD.quantity_kind, OLD.period_start); INSERT OR IGNORE INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start) VALUES (NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric, NEW.source, NEW.quantity_kind, NEW.period_start); END;
{{sqlite}} CREATE TRIGGER figures_chart_dirty_cells_delete AFTER DELETE ON figures BEGIN
    INSERT OR IGNORE INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start) VALUES (OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric, OLD.source, OLD.quantity_kind, OLD.period_start); END;
-- PostgreSQL: the statement triggers of migration 17 call these for the
-- rows a statement wrote (new_rows) and the rows as they were (old_rows).
{{postgres}} CREATE OR REPLACE FUNCTION figures_chart_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) SELECT population, acting_state, receiving_state, unit, metric, count(*) FROM new_rows GROUP BY population, acting_state, receiving_state, unit, metric ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = chart_dirty.n + EXCLUDED.n; IF (SELECT count(*) FROM (SELECT 1 FROM new_rows LIMIT 17) r) <= 16 THEN
    INSERT INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start) SELECT DISTINCT population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start FROM new_rows ON CONFLICT DO NOTHING; ELSE
    INSERT INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start) SELECT DISTINCT population, acting_state, receiving_state, unit, metric, '', '', '' FROM new_rows ON CONFLICT DO NOTHING; END IF; RETURN NULL; END $$;
{{postgres}} CREATE OR REPLACE FUNCTION figures_chart_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) SELECT population, acting_state, receiving_state, unit, metric, count(*) FROM old_rows GROUP BY population, acting_state, receiving_state, unit, metric ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = chart_dirty.n + EXCLUDED.n; IF (SELECT count(*) FROM (SELECT 1 FROM old_rows LIMIT 17) r) <= 16 THEN
    INSERT INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start) SELECT DISTINCT population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start FROM old_rows ON CONFLICT DO NOTHING; ELSE
    INSERT INTO chart_dirty_cells (population, acting_state, receiving_state, unit, metric, source, quantity_kind, period_start) SELECT DISTINCT population, acting_state, receiving_state, unit, metric, '', '', '' FROM old_rows ON CONFLICT DO NOTHING; END IF; RETURN NULL; END $$;
