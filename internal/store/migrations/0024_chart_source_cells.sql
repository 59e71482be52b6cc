-- The overview's summaries by source (store.ChartCells for a filter by
-- source): the cells of chart_cells (migration 15) split by the figures'
-- source, so that a chart of one source's figures reads that source's
-- cells instead of summarising its figures (111,000 of a million) while
-- the reader waits. chart_cells is computed from these (the sum over
-- sources), in the same refresh, for the subjects chart_dirty notes.
-- Nothing here is data: every row can be computed again from the
-- figures. The rule's stamp (chart_state) changes with this migration, so
-- the first refresh after it computes every cell again.
CREATE TABLE chart_source_cells (
    step             TEXT NOT NULL,
    source           {{key}} NOT NULL,
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
CREATE INDEX chart_source_cells_source ON chart_source_cells (step, source, population, acting_state, receiving_state, unit, metric, quantity_kind, month);
-- A refresh of one subject reads and deletes its cells of every source
-- (the index above would walk every source's cells of the step).
CREATE INDEX chart_source_cells_subject ON chart_source_cells (population, acting_state, receiving_state, unit, metric, step);
-- A chart's span (store.ChartSpan: its first and last months) and the
-- months of each metric's latest figures (store.LatestFigures) are
-- found by these, in both tables, not by walking every cell of the step
-- (36,000 month cells of one source at a million figures, 69,000 of all).
CREATE INDEX chart_source_cells_month ON chart_source_cells (step, source, month);
CREATE INDEX chart_source_cells_latest ON chart_source_cells (step, source, metric, last_end);
CREATE INDEX chart_cells_month ON chart_cells (step, month);
CREATE INDEX chart_cells_latest ON chart_cells (step, metric, last_end);
