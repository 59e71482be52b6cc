-- The overview's summaries by qualifier (store.ChartCells for a filter by
-- qualifier): the cells of chart_cells (migration 15) split by the
-- figures' qualifier, so that a chart of the figures reported "at least"
-- reads those cells instead of summarising their figures (139,000 of a
-- million, 90 s on two busy cores) while the reader waits. Computed in
-- the same refresh as the others, for the subjects chart_dirty notes.
-- Nothing here is data: every row can be computed again from the figures.
--
-- max_end, in all three tables, is the last day on which a period the
-- cell counts ends, whether the figure gives a number or not (last_end
-- counts only those with one): a chart from a date (the periods that end
-- on or after it) starts reading the figures at the first year whose
-- periods may reach it, instead of at the first figure. The rule's stamp
-- (chart_state) changes with this migration, so the first refresh after
-- it computes every cell again.
ALTER TABLE chart_cells ADD COLUMN max_end TEXT;
ALTER TABLE chart_source_cells ADD COLUMN max_end TEXT;
CREATE TABLE chart_qualifier_cells (
    step             TEXT NOT NULL,
    qualifier        TEXT NOT NULL,
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
    last_end         TEXT,
    max_end          TEXT
);
-- A chart by qualifier reads the step's cells of the qualifiers it names,
-- by month, and the months of each metric's latest figures
-- (store.LatestFigures) by metric and latest end; a refresh of one
-- subject reads and deletes its cells.
CREATE INDEX chart_qualifier_cells_month ON chart_qualifier_cells (step, qualifier, month);
CREATE INDEX chart_qualifier_cells_latest ON chart_qualifier_cells (step, qualifier, metric, last_end);
CREATE INDEX chart_qualifier_cells_subject ON chart_qualifier_cells (population, acting_state, receiving_state, unit, metric, step, quantity_kind, month);
