-- The page anchors of the public figure list (published and retracted,
-- no filter): for each order (store.sortTerms, ascending), the cursor
-- values of every K-th figure, so that a page placed by offset (page=N,
-- the API's offset) seeks by keyset to an anchor before it and steps over
-- fewer than about K figures, at any depth (store.FigurePage). They were
-- read in one snapshot, which held page_anchors_state.total public
-- figures. Every write of a public figure since notes it in page_dirty,
-- as it was (side -1) and as it is (side +1), by a trigger (no write path
-- can miss it): a page counts the notes at or before its anchor to know
-- where the anchor stands now, and the list's count. Reading the anchors
-- again deletes the notes its snapshot saw, in the same transaction that
-- stores them (gen changes with each). Nothing here is data: every row
-- can be computed again from the figures.
CREATE TABLE page_anchors_state (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    gen    BIGINT NOT NULL,
    total  BIGINT NOT NULL
);
CREATE TABLE page_anchors (
    sort_order  TEXT NOT NULL,
    position    BIGINT NOT NULL,
    vals        TEXT NOT NULL,
    PRIMARY KEY (sort_order, position)
);
-- The columns of every order (store.sortTerms), named as in figures.
CREATE TABLE page_dirty (
    id            {{id}},
    side          INTEGER NOT NULL,
    key           {{key}} NOT NULL,
    period_start  TEXT NOT NULL,
    period_end    TEXT NOT NULL,
    metric        {{key}} NOT NULL,
    source        {{key}} NOT NULL,
    qualifier     TEXT NOT NULL,
    value         BIGINT NOT NULL,
    value_low     BIGINT NOT NULL,
    updated_at    {{timestamp}} NOT NULL
);
{{sqlite}} CREATE TRIGGER figures_page_dirty_insert AFTER INSERT ON figures WHEN NEW.status IN ('published', 'retracted') BEGIN
    INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at) VALUES (1, NEW.key, NEW.period_start, NEW.period_end, NEW.metric, NEW.source, NEW.qualifier, NEW.value, NEW.value_low, NEW.updated_at); END;
{{sqlite}} CREATE TRIGGER figures_page_dirty_update AFTER UPDATE ON figures WHEN (OLD.status IN ('published', 'retracted') OR NEW.status IN ('published', 'retracted'))
    AND (OLD.status IS NOT NEW.status OR OLD.key IS NOT NEW.key OR OLD.period_start IS NOT NEW.period_start OR OLD.period_end IS NOT NEW.period_end OR OLD.metric IS NOT NEW.metric OR OLD.source IS NOT NEW.source
    OR OLD.qualifier IS NOT NEW.qualifier OR OLD.value IS NOT NEW.value OR OLD.value_low IS NOT NEW.value_low OR OLD.updated_at IS NOT NEW.updated_at) BEGIN
    INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at) SELECT -1, OLD.key, OLD.period_start, OLD.period_end, OLD.metric, OLD.source, OLD.qualifier, OLD.value, OLD.value_low, OLD.updated_at WHERE OLD.status IN ('published', 'retracted'); INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at) SELECT 1, NEW.key, NEW.period_start, NEW.period_end, NEW.metric, NEW.source, NEW.qualifier, NEW.value, NEW.value_low, NEW.updated_at WHERE NEW.status IN ('published', 'retracted'); END;
{{sqlite}} CREATE TRIGGER figures_page_dirty_delete AFTER DELETE ON figures WHEN OLD.status IN ('published', 'retracted') BEGIN
    INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at) VALUES (-1, OLD.key, OLD.period_start, OLD.period_end, OLD.metric, OLD.source, OLD.qualifier, OLD.value, OLD.value_low, OLD.updated_at); END;
{{postgres}} CREATE FUNCTION figures_page_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at) SELECT 1, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at FROM new_rows WHERE status IN ('published', 'retracted'); RETURN NULL; END $$;
{{postgres}} CREATE FUNCTION figures_page_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at) SELECT -1, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at FROM old_rows WHERE status IN ('published', 'retracted'); RETURN NULL; END $$;
{{postgres}} CREATE FUNCTION figures_page_dirty_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at) SELECT -1, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at FROM old_rows WHERE status IN ('published', 'retracted'); INSERT INTO page_dirty (side, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at) SELECT 1, key, period_start, period_end, metric, source, qualifier, value, value_low, updated_at FROM new_rows WHERE status IN ('published', 'retracted'); RETURN NULL; END $$;
{{postgres}} CREATE TRIGGER figures_page_dirty_insert AFTER INSERT ON figures REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_page_dirty_new();
{{postgres}} CREATE TRIGGER figures_page_dirty_update AFTER UPDATE ON figures REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_page_dirty_update();
{{postgres}} CREATE TRIGGER figures_page_dirty_delete AFTER DELETE ON figures REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_page_dirty_old();
