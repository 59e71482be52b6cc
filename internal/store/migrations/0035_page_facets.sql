-- Facet counts (store.facetCount): the number of public figures of every
-- combination of the columns a figure list filters on but the period
-- (status, metric, source, acting and receiving states, qualifier,
-- population, unit, kind, and whether it is a subgroup or a share), read
-- with the page anchors in one snapshot (store.RefreshPageAnchors). A
-- list filtered on those columns alone is counted by summing the rows
-- its filter keeps here and the notes of page_dirty since, where counting
-- its figures scanned the whole table when no index held the columns
-- (2–12 s at a million figures for an acting state and a qualifier).
-- subgroup_of and share_of hold NULL where the figure's do and '' where
-- it names one (the figure's key would make a row a figure). So the notes
-- of page_dirty carry those columns too: the triggers are made again with
-- them. Nothing here is data: the anchors, the counts and the notes are
-- forgotten and read again.
UPDATE page_anchors_state SET gen = gen + 1, total = -1;
DELETE FROM page_anchors;
DELETE FROM page_anchor_lists;
DELETE FROM page_dirty;
ALTER TABLE page_dirty ADD COLUMN acting_state TEXT NOT NULL DEFAULT '';
ALTER TABLE page_dirty ADD COLUMN receiving_state TEXT NOT NULL DEFAULT '';
ALTER TABLE page_dirty ADD COLUMN population TEXT NOT NULL DEFAULT '';
ALTER TABLE page_dirty ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE page_dirty ADD COLUMN quantity_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE page_dirty ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE page_dirty ADD COLUMN subgroup_of TEXT;
ALTER TABLE page_dirty ADD COLUMN share_of TEXT;
CREATE TABLE page_facets (
    status           TEXT NOT NULL,
    metric           {{key}} NOT NULL,
    source           {{key}} NOT NULL,
    acting_state     TEXT NOT NULL,
    receiving_state  TEXT NOT NULL,
    qualifier        TEXT NOT NULL,
    population       TEXT NOT NULL,
    unit             TEXT NOT NULL,
    quantity_kind    TEXT NOT NULL,
    subgroup_of      TEXT,
    share_of         TEXT,
    n                BIGINT NOT NULL
);
{{sqlite}} DROP TRIGGER figures_page_dirty_insert;
{{sqlite}} DROP TRIGGER figures_page_dirty_update;
{{sqlite}} DROP TRIGGER figures_page_dirty_delete;
{{sqlite}} CREATE TRIGGER figures_page_dirty_insert AFTER INSERT ON figures WHEN NEW.status IN ('published', 'retracted') BEGIN
    INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, subgroup_of, share_of) VALUES (1, NEW.key, NEW.period_start, NEW.period_end, NEW.metric, NEW.source, NEW.qualifier, NEW.value, NEW.value_low, NEW.updated_at, NEW.acting_state, NEW.receiving_state, NEW.population, NEW.unit, NEW.quantity_kind, NEW.status, CASE WHEN NEW.subgroup_of IS NULL THEN NULL ELSE '' END, CASE WHEN NEW.share_of IS NULL THEN NULL ELSE '' END); END;
{{sqlite}} CREATE TRIGGER figures_page_dirty_update AFTER UPDATE ON figures WHEN (OLD.status IN ('published', 'retracted') OR NEW.status IN ('published', 'retracted'))
    AND (OLD.status IS NOT NEW.status OR OLD.key IS NOT NEW.key OR OLD.period_start IS NOT NEW.period_start OR OLD.period_end IS NOT NEW.period_end OR OLD.metric IS NOT NEW.metric OR OLD.source IS NOT NEW.source
    OR OLD.qualifier IS NOT NEW.qualifier OR OLD.value IS NOT NEW.value OR OLD.value_low IS NOT NEW.value_low OR OLD.updated_at IS NOT NEW.updated_at
    OR OLD.acting_state IS NOT NEW.acting_state OR OLD.receiving_state IS NOT NEW.receiving_state OR OLD.population IS NOT NEW.population OR OLD.unit IS NOT NEW.unit
    OR OLD.quantity_kind IS NOT NEW.quantity_kind OR (OLD.subgroup_of IS NULL) IS NOT (NEW.subgroup_of IS NULL) OR (OLD.share_of IS NULL) IS NOT (NEW.share_of IS NULL)) BEGIN
    INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, subgroup_of, share_of) SELECT -1, OLD.key, OLD.period_start, OLD.period_end, OLD.metric, OLD.source, OLD.qualifier, OLD.value, OLD.value_low, OLD.updated_at, OLD.acting_state, OLD.receiving_state, OLD.population, OLD.unit, OLD.quantity_kind, OLD.status, CASE WHEN OLD.subgroup_of IS NULL THEN NULL ELSE '' END, CASE WHEN OLD.share_of IS NULL THEN NULL ELSE '' END WHERE OLD.status IN ('published', 'retracted'); INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, subgroup_of, share_of) SELECT 1, NEW.key, NEW.period_start, NEW.period_end, NEW.metric, NEW.source, NEW.qualifier, NEW.value, NEW.value_low, NEW.updated_at, NEW.acting_state, NEW.receiving_state, NEW.population, NEW.unit, NEW.quantity_kind, NEW.status, CASE WHEN NEW.subgroup_of IS NULL THEN NULL ELSE '' END, CASE WHEN NEW.share_of IS NULL THEN NULL ELSE '' END WHERE NEW.status IN ('published', 'retracted'); END;
{{sqlite}} CREATE TRIGGER figures_page_dirty_delete AFTER DELETE ON figures WHEN OLD.status IN ('published', 'retracted') BEGIN
    INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, subgroup_of, share_of) VALUES (-1, OLD.key, OLD.period_start, OLD.period_end, OLD.metric, OLD.source, OLD.qualifier, OLD.value, OLD.value_low, OLD.updated_at, OLD.acting_state, OLD.receiving_state, OLD.population, OLD.unit, OLD.quantity_kind, OLD.status, CASE WHEN OLD.subgroup_of IS NULL THEN NULL ELSE '' END, CASE WHEN OLD.share_of IS NULL THEN NULL ELSE '' END); END;
{{postgres}} CREATE OR REPLACE FUNCTION figures_page_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF current_setting('forcedreturns.page_dirty', true) = 'off' THEN RETURN NULL; END IF; INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, subgroup_of, share_of) SELECT 1, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, CASE WHEN subgroup_of IS NULL THEN NULL ELSE '' END, CASE WHEN share_of IS NULL THEN NULL ELSE '' END FROM new_rows WHERE status IN ('published', 'retracted'); RETURN NULL; END $$;
{{postgres}} CREATE OR REPLACE FUNCTION figures_page_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF current_setting('forcedreturns.page_dirty', true) = 'off' THEN RETURN NULL; END IF; INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, subgroup_of, share_of) SELECT -1, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, CASE WHEN subgroup_of IS NULL THEN NULL ELSE '' END, CASE WHEN share_of IS NULL THEN NULL ELSE '' END FROM old_rows WHERE status IN ('published', 'retracted'); RETURN NULL; END $$;
{{postgres}} CREATE OR REPLACE FUNCTION figures_page_dirty_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF current_setting('forcedreturns.page_dirty', true) = 'off' THEN RETURN NULL; END IF; INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, subgroup_of, share_of) SELECT -1, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, CASE WHEN subgroup_of IS NULL THEN NULL ELSE '' END, CASE WHEN share_of IS NULL THEN NULL ELSE '' END FROM old_rows WHERE status IN ('published', 'retracted'); INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, subgroup_of, share_of) SELECT 1, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at, acting_state, receiving_state, population, unit, quantity_kind, status, CASE WHEN subgroup_of IS NULL THEN NULL ELSE '' END, CASE WHEN share_of IS NULL THEN NULL ELSE '' END FROM new_rows WHERE status IN ('published', 'retracted'); RETURN NULL; END $$;
