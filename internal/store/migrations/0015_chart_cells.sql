-- What the overview draws when there are too many figures to draw each
-- one (store.ChartCells): per subject (population, acting and receiving
-- state, unit, metric), kind of quantity and month (step 'month', month
-- YYYY-MM) or year (step 'year', month YYYY) in which periods start, how
-- many published figures were reported and the lowest and highest
-- numbers they state. Computed again only for the subjects a
-- write touches (store.RefreshChartCells). Nothing here is data: every
-- row can be computed again from the figures.

-- The version of the rule the cells were computed under: none, or an
-- older one, computes every cell again.
CREATE TABLE chart_state (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    stamp  TEXT NOT NULL
);

CREATE TABLE chart_cells (
    step             TEXT NOT NULL,
    population       TEXT NOT NULL,
    acting_state     TEXT NOT NULL,
    receiving_state  TEXT NOT NULL,
    unit             TEXT NOT NULL,
    metric           {{key}} NOT NULL,
    quantity_kind    TEXT NOT NULL,
    month            TEXT NOT NULL,
    n                BIGINT NOT NULL,
    words            BIGINT NOT NULL,
    lower_bounds     BIGINT NOT NULL,
    upper_bounds     BIGINT NOT NULL,
    low              BIGINT,
    high             BIGINT,
    first_start      TEXT,
    last_end         TEXT
);
CREATE INDEX chart_cells_subject ON chart_cells (step, population, acting_state, receiving_state, unit, metric, quantity_kind, month);

-- The subjects written to since their cells were computed: every write
-- to a figure notes its subject as it was and as it is (a trigger, so no
-- write path can miss it), once per subject; n counts the writes, so
-- that a refresh removes the note only if no write came after it read
-- the note.
CREATE TABLE chart_dirty (
    population       TEXT NOT NULL,
    acting_state     TEXT NOT NULL,
    receiving_state  TEXT NOT NULL,
    unit             TEXT NOT NULL,
    metric           {{key}} NOT NULL,
    n                BIGINT NOT NULL,
    UNIQUE (population, acting_state, receiving_state, unit, metric)
);
{{sqlite}} CREATE TRIGGER figures_chart_dirty_insert AFTER INSERT ON figures BEGIN
    INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) VALUES (NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric, 1) ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = n + 1; END;
{{sqlite}} CREATE TRIGGER figures_chart_dirty_update AFTER UPDATE ON figures BEGIN
    INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) VALUES (OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric, 1) ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = n + 1; INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) VALUES (NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric, 1) ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = n + 1; END;
{{sqlite}} CREATE TRIGGER figures_chart_dirty_delete AFTER DELETE ON figures BEGIN
    INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) VALUES (OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric, 1) ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = n + 1; END;
{{postgres}} CREATE FUNCTION figures_chart_dirty() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
    IF TG_OP <> 'INSERT' THEN INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) VALUES (OLD.population, OLD.acting_state, OLD.receiving_state, OLD.unit, OLD.metric, 1) ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = chart_dirty.n + 1; END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO chart_dirty (population, acting_state, receiving_state, unit, metric, n) VALUES (NEW.population, NEW.acting_state, NEW.receiving_state, NEW.unit, NEW.metric, 1) ON CONFLICT (population, acting_state, receiving_state, unit, metric) DO UPDATE SET n = chart_dirty.n + 1; END IF; RETURN NULL; END $$;
{{postgres}} CREATE TRIGGER figures_chart_dirty AFTER INSERT OR UPDATE OR DELETE ON figures FOR EACH ROW EXECUTE FUNCTION figures_chart_dirty();
